import type { Catalog, Parameter, StepManifest } from "../../catalog/index.js";
import { escapeRegExp, type Hit, hitsOf } from "./matcher.js";
import { COUNT_SOURCE, parseCount } from "./numbers.js";
import type { RawIntentRules } from "./rules-schema.js";
import type { ReadContext } from "./scan.js";

type StatedRules = RawIntentRules["settings"]["statedValues"];

/** One way a parameter's value can be written in words, compiled once per catalog. */
interface Reading {
  key: string;
  re: RegExp;
  /** Turns the matched `value` group into the override text, or rejects it. */
  accept: (value: string) => string | undefined;
  /**
   * What is masked once read: the whole phrase when it names the parameter, only the
   * count when the words after it ("tool-calling conversations") may say more.
   */
  mask: "phrase" | "value";
}

const cache = new WeakMap<Catalog, Map<string, Reading[]>>();

const TOKEN =
  "`[^`\\n]{1,200}`|'[^'\\n]{1,200}'|\"[^\"\\n]{1,200}\"|[A-Za-z_][\\w.*-]{0,200}\\w|[A-Za-z]";
const NUMBER = "-?\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?";
/** A value written in backticks or quotes. */
const QUOTED = "`[^`\\n]{1,100}`|'[^'\\n]{1,100}'|\"[^\"\\n]{1,100}\"";
/** The words of a parameter's last name segment: `quality_filters.min_words` → min, words. */
const nameWords = (param: Parameter) =>
  (param.name.split(".").at(-1) ?? param.name).split("_").filter(Boolean);
const unquote = (text: string) => text.replace(/^[`'"]|[`'"]$/gu, "");

/** Regex source for one word of a parameter name: its plural, and the words users write for it. */
function wordSource(word: string, rules: StatedRules): string {
  const forms = [word, ...(rules.synonyms[word] ?? [])].flatMap((w) => {
    const stem = w.endsWith("s") && w.length > 3 ? w.slice(0, -1) : w;
    return [`${escapeRegExp(stem)}s?`];
  });
  return forms.length === 1 ? (forms[0] ?? "") : `(?:${forms.join("|")})`;
}

/**
 * A parameter name as users say it: each word (or what they write for it); a filler word
 * ("model" in tensor_model_parallel_size, "num" in num_generations_per_prompt) or a closing
 * unit word ("size") may be left out.
 */
function phrase(words: readonly string[], rules: StatedRules): string {
  const SEP = "[\\s_-]*";
  let out = "";
  words.forEach((w, i) => {
    const part = (i === 0 ? "" : SEP) + wordSource(w, rules);
    const last = i === words.length - 1;
    const optional =
      words.length > 1 &&
      (rules.fillerWords.includes(w) || (i > 0 && last && rules.unitWords.includes(w)));
    out += optional ? `(?:${part})?` : part;
  });
  return out;
}

/** Values the catalog lists for a parameter: its `choices`, else release-style ids in its description. */
function choicesOf(param: Parameter): string[] {
  const listed = (param.choices ?? []).filter((c): c is string => typeof c === "string");
  if (listed.length > 0) return listed.filter((c) => c !== "null");
  if (typeof param.default !== "string") return [];
  return [...param.description.matchAll(/\b[a-z][a-z0-9]*\d[a-z0-9_]*\b/gu)].map((m) => m[0]);
}

function readingsOf(param: Parameter, rules: StatedRules): Reading[] {
  const words = nameWords(param);
  // What the name ends in says what it holds: paths, ids and names are read elsewhere.
  if (rules.skipWords.includes(words.at(-1) ?? "")) return [];
  const key = param.name;
  const linker = rules.linker;
  const readings: Reading[] = [];
  const choices = choicesOf(param);
  const head = words.at(-1) ?? "";
  if (rules.namingHeads.includes(head) && typeof param.default !== "number") {
    // "the text lives in the 'body' field", "reads from the text field": the field named so.
    readings.push({
      key,
      re: new RegExp(
        `\\b(?:the|a|an)\\s+(?<value>${QUOTED}|[A-Za-z_][\\w.*-]{0,100})\\s+${wordSource(head, rules)}(?![\\w])`,
        "giu",
      ),
      accept: (v) => (rules.notValues.includes(v.toLowerCase()) ? undefined : unquote(v)),
      mask: "phrase",
    });
    if (words.length >= 2) {
      // "the text is in `body`", "the text lives in a field called body": what the field holds, then its name.
      const holds = `(?<![\\w.])${phrase(words.slice(0, -1), rules)}\\s+(?:is|are|lives|live|sits|comes)\\s+in\\s+(?:(?:the|a|an)\\s+)?`;
      const named = `${wordSource(head, rules)}\\s+(?:called|named)\\s+(?<value>${QUOTED}|[A-Za-z_](?:[\\w.*-]{0,100}[\\w*])?)`;
      for (const source of [`${holds}${named}`, `${holds}(?<value>${QUOTED})`]) {
        readings.push({ key, re: new RegExp(source, "giu"), accept: unquote, mask: "phrase" });
      }
    }
  }
  const counted = rules.countPrefixes.includes(words[0] ?? "") && words.length >= 2;
  // A count-named parameter without a default ("limit_samples") still holds a number.
  const numeric = typeof param.default === "number" || (counted && param.default === undefined);
  // A parameter without a default or listed values takes a number or a word.
  const untyped = param.default === undefined && choices.length === 0;
  const wordy = words.length >= 2 || (words[0]?.length ?? 0) >= rules.minSingleWordLength;
  const named = phrase(words, rules);
  const asChoice = (value: string) =>
    choices.find((c) => c.toLowerCase() === unquote(value).toLowerCase());
  if (wordy) {
    // "calib size 1024", "text field is `body`", "stage: all".
    const value = numeric
      ? `${NUMBER}|${COUNT_SOURCE}`
      : untyped
        ? `${NUMBER}|${COUNT_SOURCE}|${TOKEN}`
        : TOKEN;
    const asNumber = (v: string) =>
      new RegExp(`^${NUMBER}$`, "u").test(v) ? v : parseCount(v)?.toString();
    const accept = numeric
      ? asNumber
      : choices.length > 0
        ? asChoice
        : (v: string) => (rules.notValues.includes(v.toLowerCase()) ? undefined : unquote(v));
    readings.push({
      key,
      re: new RegExp(`(?<![\\w.])${named}${linker}(?<value>${value})(?![\\w-]|\\.\\w)`, "giu"),
      accept,
      mask: "phrase",
    });
  }
  if (numeric && counted) {
    // "two thousand DPO preference rows", "one sample of mmlu_instruct".
    const noun = phrase(words.slice(1), rules);
    readings.push({
      key,
      re: new RegExp(
        `(?<![\\w.])(?<value>${COUNT_SOURCE})\\s+(?:[A-Za-z][\\w/-]*\\s+){0,${rules.countGap}}?${noun}(?![\\w])`,
        "giu",
      ),
      accept: (v) => {
        const n = parseCount(v);
        return n === undefined ? undefined : String(n);
      },
      mask: "value",
    });
  }
  if (choices.length > 0) {
    // "all stages": a listed value right before the parameter's name.
    const alternatives = choices.map(escapeRegExp).join("|");
    readings.push({
      key,
      re: new RegExp(`(?<![\\w.])(?<value>${alternatives})\\s+${named}(?![\\w])`, "giu"),
      accept: asChoice,
      mask: "phrase",
    });
    // "NVFP4": a release-style value is distinctive enough on its own.
    const distinct = choices.filter((c) => /\d|_/u.test(c));
    if (distinct.length > 0) {
      readings.push({
        key,
        re: new RegExp(
          `(?<![\\w.-])(?<value>${distinct.map(escapeRegExp).join("|")})(?![\\w-])`,
          "giu",
        ),
        accept: asChoice,
        mask: "phrase",
      });
    }
  }
  return readings;
}

/**
 * "(jsonl, field `text`)": a quoted name after a bare naming word is the value of the
 * step's one parameter named by that word, when the step has exactly one.
 */
function onlyFieldReading(params: readonly Parameter[], rules: StatedRules): Reading[] {
  const byHead = new Map<string, Parameter[]>();
  for (const p of params) {
    const head = nameWords(p).at(-1) ?? "";
    if (rules.namingHeads.includes(head) && typeof p.default !== "number") {
      byHead.set(head, [...(byHead.get(head) ?? []), p]);
    }
  }
  return [...byHead.entries()].flatMap(([head, [only, ...others]]) =>
    only && others.length === 0
      ? [
          {
            key: only.name,
            re: new RegExp(
              `\\b${wordSource(head, rules)}\\s*(?:[:=]\\s*|\\s+(?:is\\s+)?)(?<value>${QUOTED})`,
              "giu",
            ),
            accept: unquote,
            mask: "phrase" as const,
          },
        ]
      : [],
  );
}

function stepReadings(catalog: Catalog, step: StepManifest, rules: StatedRules): Reading[] {
  let byStep = cache.get(catalog);
  if (!byStep) {
    byStep = new Map();
    cache.set(catalog, byStep);
  }
  let readings = byStep.get(step.id);
  if (!readings) {
    const params = step.parameters.filter((p) => !rules.ownedKeys.includes(p.name));
    readings = [...params.flatMap((p) => readingsOf(p, rules)), ...onlyFieldReading(params, rules)];
    byStep.set(step.id, readings);
  }
  return readings;
}

/**
 * Values of the steps' parameters stated in words rather than as `key=value`,
 * found from the parameter names themselves: the name ("calib size 1024"), a count
 * of what the name counts ("five thousand rows" for `num_records`), or one of the
 * parameter's listed values ("all stages", "NVFP4"). Each hit is masked.
 */
export function readStatedValues(
  ctx: ReadContext,
  steps: readonly StepManifest[],
): Record<string, string> {
  const rules = ctx.rules.raw.settings.statedValues;
  const values: Record<string, string> = {};
  const taken: Hit[] = [];
  for (const step of steps) {
    for (const reading of stepReadings(ctx.catalog, step, rules)) {
      if (reading.key in values) continue;
      for (const hit of hitsOf(reading.re, ctx.scan.text)) {
        const value = hit.groups.value ? reading.accept(hit.groups.value) : undefined;
        if (value === undefined) continue;
        values[reading.key] = value;
        const end =
          reading.mask === "value" ? hit.start + (hit.groups.value?.length ?? 0) : hit.end;
        taken.push({ ...hit, end });
        break;
      }
    }
  }
  ctx.scan.maskAll(taken);
  return values;
}

/**
 * Options the user turns off ("no language filter", "no domain filters"): the
 * parameter whose catalog description says how to skip that work ("Set [] to skip
 * FastText language identification") and shares a word with what was declined.
 */
export function readSkippedOptions(
  ctx: ReadContext,
  steps: readonly StepManifest[],
  declined: readonly string[],
): Record<string, string> {
  const rules = ctx.rules.raw.settings.statedValues;
  const skip = new RegExp(rules.skipPattern, "iu");
  const values: Record<string, string> = {};
  for (const phrase of declined) {
    const words = phrase
      .toLowerCase()
      .split(/[\s_-]+/u)
      .filter((w) => w.length >= 4 && !rules.genericPartWords.includes(w));
    for (const param of steps.flatMap((s) => s.parameters)) {
      const how = skip.exec(param.description);
      if (!how?.groups?.value) continue;
      const about = `${param.name} ${param.description.slice(how.index)}`.toLowerCase();
      if (words.some((w) => about.includes(w.replace(/s$/u, ""))))
        values[param.name] = how.groups.value;
    }
  }
  return values;
}
