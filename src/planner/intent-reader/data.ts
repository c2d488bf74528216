import type { Data, Goal, ModelRef } from "../intent.js";
import type { Cue } from "./matcher.js";
import { longestFirst, sentenceAround } from "./matcher.js";
import type { InputPath, OutputPath } from "./paths.js";
import { normalizeKey } from "./rules.js";
import type { ReadContext } from "./scan.js";

interface Labelled<T> {
  id: T;
  cue: Cue;
  extensions: string[];
}

/**
 * The option a data path's extension names, else the first (in rules order) whose cue
 * appears other than denied ("no HF references" says what the data is not).
 */
function firstLabel<T>(
  options: readonly Labelled<T>[],
  text: string,
  paths: readonly string[],
  negation: RegExp,
) {
  const ends = (ext: string) => paths.some((p) => p.toLowerCase().endsWith(ext.toLowerCase()));
  const affirmed = (o: Labelled<T>) =>
    o.cue.hits(text).some((h) => !negation.test(text.slice(Math.max(0, h.start - 40), h.start)));
  return options.find((o) => o.extensions.some(ends))?.id ?? options.find(affirmed)?.id;
}

/** ISO codes of the languages named in the (remaining) text, in order of mention. */
export function readLanguages(ctx: ReadContext): string[] {
  const codes: string[] = [];
  for (const hit of ctx.rules.languageNames.hits(ctx.scan.text)) {
    const code = ctx.rules.languageByName.get(normalizeKey(hit.text));
    if (code && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

/** Languages split by whose they are: the data's, or the one the model must serve. */
export interface LanguageRoles {
  data: string[];
  served: string[];
}

/**
 * A language named just before a data noun ("Thai chat JSONL") or after "data
 * in" describes the user's data; named anywhere else it is the language the
 * model must serve ("for Thai customer support").
 */
export function readLanguageRoles(ctx: ReadContext): LanguageRoles {
  const roles = ctx.rules.languageRoles;
  const text = ctx.scan.text;
  const found: LanguageRoles = { data: [], served: [] };
  for (const hit of ctx.rules.languageNames.hits(text)) {
    const code = ctx.rules.languageByName.get(normalizeKey(hit.text));
    if (!code) continue;
    const clause = text.slice(hit.end, hit.end + 200).split(/[.;!?]/u)[0] ?? "";
    const following = clause
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .slice(0, roles.gap + 1);
    const before = text.slice(Math.max(0, hit.start - 60), hit.start);
    const ofData =
      following.some((w) => roles.dataNouns.has(w) || roles.dataNouns.has(w.replace(/s$/u, ""))) ||
      roles.dataIn.test(before);
    const list = ofData ? found.data : found.served;
    if (!list.includes(code)) list.push(code);
  }
  return found;
}

/**
 * When the user points at their own JSONL without saying what it is, assume it
 * is what the first JSONL-consuming goal reads (raw for curation, filtered for
 * translation, training JSONL for fine-tuning).
 */
function assumedJsonl(ctx: ReadContext, goals: readonly Goal[]): string | undefined {
  for (const goal of goals) {
    for (const step of ctx.index.goalSteps.get(goal) ?? []) {
      const port = step.consumes.find((c) => c.required && ctx.index.isJsonl(c.type));
      if (port) return port.type;
    }
  }
  return undefined;
}

/** The paths of one message, sorted by what they stand for. */
export interface PathFacts {
  inputs: readonly InputPath[];
  outputs: readonly OutputPath[];
  /** The model, when a checkpoint path became it. */
  model: ModelRef | undefined;
}

/**
 * Data paths first, in text order (stages take them in that order), then
 * checkpoint paths the model does not stand for, then the outputs of earlier
 * stages in text order (the last output is `outputDir`): every path is kept.
 */
function orderedPaths(facts: PathFacts): string[] {
  const { inputs, outputs, model } = facts;
  const data = inputs.filter((i) => i.checkpoint === undefined).map((i) => i.text);
  const checkpoints = inputs
    .filter((i) => i.checkpoint !== undefined && i.text !== model?.name)
    .map((i) => i.text);
  return [...new Set([...data, ...checkpoints, ...outputs.slice(0, -1).map((o) => o.text)])];
}

/** Text spans whose artifact words describe an output or a checkpoint path, not data the user has. */
function describedSpans(facts: PathFacts) {
  return [
    ...facts.outputs.map((o) => ({ start: o.descStart, end: o.start })),
    ...facts.inputs
      .filter((i) => i.checkpoint !== undefined)
      .map((i) => ({ start: i.descStart, end: i.start })),
  ];
}

export function readData(
  ctx: ReadContext,
  facts: PathFacts,
  goals: readonly Goal[],
  languages: readonly string[],
): Data {
  const { rules, scan, catalog, index } = ctx;
  const text = scan.text;
  const paths = orderedPaths(facts);
  const dataPaths = facts.inputs.filter((i) => i.checkpoint === undefined).map((i) => i.text);
  const format = firstLabel(rules.data.formats, text, dataPaths, rules.negation);
  const kind = firstLabel(rules.data.kinds, text, dataPaths, rules.negation);
  const spans = describedSpans(facts);
  const product = rules.paths.productBefore;
  const hits = rules.data.has
    .flatMap((h) => h.cue.hits(text).map((hit) => ({ ...hit, type: h.type })))
    .filter((hit) => !spans.some((s) => hit.start >= s.start && hit.start < s.end))
    .filter((hit) => !product.test(text.slice(Math.max(0, hit.start - 30), hit.start)))
    .filter((hit) => !rules.data.unusable.test(sentenceAround(text, hit)))
    .filter((hit) => !rules.data.lacking.test(text.slice(Math.max(0, hit.start - 40), hit.start)));
  const has = new Set(
    longestFirst(hits)
      .map((h) => h.type)
      .filter((t) => catalog.artifacts.has(t)),
  );
  for (const input of facts.inputs) {
    const type = input.checkpoint;
    if (type && input.text !== facts.model?.name && catalog.artifacts.has(type)) has.add(type);
  }
  const mentionsData =
    dataPaths.length > 0 ||
    rules.data.mention.test(text) ||
    format === "jsonl" ||
    kind !== undefined;
  if (mentionsData && ![...has].some((t) => index.isJsonl(t))) {
    const assumed = assumedJsonl(ctx, goals);
    if (assumed && (format === undefined || format === "jsonl")) has.add(assumed);
  }
  const checkpoints = facts.inputs
    .filter((i) => i.checkpoint !== undefined && i.text !== facts.model?.name)
    .map((i) => i.text);
  const data: Data = { paths, languages: [...languages], has: [...has], checkpoints };
  if (format) data.format = format;
  if (kind) data.kind = kind;
  return data;
}
