import type { Parameter, StepManifest } from "../../catalog/index.js";
import { escapeRegExp, hitsOf, phrasesSource, SENTENCE_BREAK } from "./matcher.js";
import { COUNT_SOURCE, parseCount } from "./numbers.js";
import type { RawIntentRules } from "./rules-schema.js";
import type { ReadContext } from "./scan.js";

type BoundRules = RawIntentRules["settings"]["bounds"];

/** A lower and an upper limit of one thing: `min_words` and `max_words`. */
interface Range {
  noun: string;
  min: string;
  max: string;
}

/**
 * Parameters the catalog lists, with each key of a table default as a parameter of its
 * own: `quality_filters = { min_words = 50 }` gives `quality_filters.min_words`.
 */
export function flatParameters(step: StepManifest): Parameter[] {
  return step.parameters.flatMap((p) => {
    const table = p.default;
    if (typeof table !== "object" || table === null || Array.isArray(table)) return [p];
    return [
      p,
      ...Object.entries(table).map(([key, value]) => ({
        name: `${p.name}.${key}`,
        description: p.description,
        default: value,
      })),
    ];
  });
}

function rangesOf(steps: readonly StepManifest[], rules: BoundRules): Range[] {
  const byNoun = new Map<string, Partial<Range>>();
  for (const param of steps.flatMap(flatParameters)) {
    const last = param.name.split(".").at(-1) ?? "";
    const [prefix, ...rest] = last.split("_");
    const noun = rest.join("_");
    if (!prefix || !noun) continue;
    const side = rules.minPrefixes.includes(prefix)
      ? "min"
      : rules.maxPrefixes.includes(prefix)
        ? "max"
        : undefined;
    if (!side) continue;
    const range = byNoun.get(noun) ?? { noun };
    range[side] ??= param.name;
    byNoun.set(noun, range);
  }
  return [...byNoun.values()].filter(
    (r): r is Range => r.noun !== undefined && r.min !== undefined && r.max !== undefined,
  );
}

/**
 * A range stated in words for a pair of `min_<noun>`/`max_<noun>` parameters:
 * "between 50 and 5000 words", "drop docs under 50 or over 8000 words",
 * "at least 30 words, cap at 4000". "under"/"over" need a verb that says whether
 * the text keeps or drops what they bound; without one they are left unread.
 */
export function readBounds(
  ctx: ReadContext,
  steps: readonly StepManifest[],
): Record<string, string> {
  const rules = ctx.rules.raw.settings.bounds;
  const text = ctx.scan.text;
  const values: Record<string, string> = {};
  const count = `(?<n>${COUNT_SOURCE})`;
  const reject = new RegExp(`\\b(?:${phrasesSource(rules.rejectVerbs)})\\b`, "iu");
  const keep = new RegExp(`\\b(?:${phrasesSource(rules.keepVerbs)})\\b`, "iu");
  for (const range of rangesOf(steps, rules)) {
    const noun = `${escapeRegExp(range.noun.replace(/s$/u, ""))}s?`;
    const sentences = text.split(SENTENCE_BREAK);
    const at = sentences.findIndex((s) => new RegExp(`\\b${noun}\\b`, "iu").test(s));
    if (at < 0) continue;
    // The sentence that names the noun, and the one after it ("…30 words, cap at 4000").
    const where = `${sentences[at]} ${sentences[at + 1] ?? ""}`;
    const set = (side: "min" | "max", value: string | undefined) => {
      const n = value === undefined ? undefined : parseCount(value);
      if (n !== undefined) values[range[side]] ??= String(n);
    };
    const between = new RegExp(
      `\\b(?:between|from)\\s+(?<a>${COUNT_SOURCE})\\s+(?:and|to|-)\\s+(?<b>${COUNT_SOURCE})\\s+(?:\\w+\\s+){0,2}?${noun}\\b`,
      "iu",
    ).exec(where);
    if (between?.groups) {
      set("min", between.groups.a);
      set("max", between.groups.b);
      continue;
    }
    const anyBound = phrasesSource([
      ...rules.below,
      ...rules.above,
      ...rules.atLeast,
      ...rules.atMost,
    ]);
    const nounAfter = new RegExp(
      `^\\s*(?:(?:\\w+\\s+)?${noun}\\b|(?:or|and)\\s+(?:${anyBound})\\s+${COUNT_SOURCE}\\s+(?:\\w+\\s+)?${noun}\\b)`,
      "iu",
    );
    const firstNoun = where.search(new RegExp(`\\b${noun}\\b`, "iu"));
    // A bound counts the noun when the noun follows it ("under 50 or over 8000 words"),
    // or closes a clause after the noun was named ("30 words, cap at 4000").
    const tied = (end: number) =>
      nounAfter.test(where.slice(end)) ||
      (end > firstNoun && /^\s*(?:[),;]|$)/u.test(where.slice(end)));
    const bounded = (words: readonly string[]) =>
      hitsOf(new RegExp(`\\b(?:${phrasesSource(words)})\\s+${count}`, "giu"), where)
        .filter((h) => tied(h.end))
        .map((h) => h.groups.n);
    for (const n of bounded(rules.atLeast)) set("min", n);
    for (const n of bounded(rules.atMost)) set("max", n);
    const dropping = reject.test(where);
    if (dropping === keep.test(where)) continue;
    for (const n of bounded(rules.below)) set(dropping ? "min" : "max", n);
    for (const n of bounded(rules.above)) set(dropping ? "max" : "min", n);
  }
  return values;
}
