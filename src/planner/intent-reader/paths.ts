import type { Goal } from "../intent.js";
import { type Hit, hitsOf } from "./matcher.js";
import type { IntentRules } from "./rules.js";
import type { ReadContext, Scan } from "./scan.js";

/** A path the user wrote as something to read: data, or a checkpoint. */
export interface InputPath {
  text: string;
  start: number;
  /** Where the words that describe the path begin (the path itself when none do). */
  descStart: number;
  /** Checkpoint type named by those words or by the path itself; "" when the kind is unsaid. */
  checkpoint?: string;
  /** Described as an already trained checkpoint (SFT, aligned ...), not a base model. */
  trained: boolean;
  /** Described as an auxiliary model (judge, teacher ...), so it cannot be the base model. */
  auxiliary: boolean;
  /** Described as data ("bin/idx under"), so no goal's checkpoint input takes it. */
  data: boolean;
}

/** A path the words before it call a destination. */
export interface OutputPath {
  text: string;
  start: number;
  descStart: number;
}

export interface PathRoles {
  inputs: InputPath[];
  outputs: OutputPath[];
}

type LiteralRules = IntentRules["literals"];
type PathRules = IntentRules["paths"];

/** Tokens that start like a path, edge punctuation removed; bare file names flagged. */
export function pathTokens(rules: LiteralRules, paths: PathRules, text: string) {
  const found: Array<Hit & { bare: boolean }> = [];
  for (const token of hitsOf(/\S+/gu, text)) {
    const lead = rules.leading.exec(token.text)?.[0].length ?? 0;
    const body = token.text.slice(lead).replace(rules.trailing, "");
    if (body.length < 2) continue;
    const prefixed = rules.pathPrefix.test(body);
    if (!prefixed && !paths.bareFile.test(body)) continue;
    const start = token.start + lead;
    found.push({ start, end: start + body.length, text: body, groups: {}, bare: !prefixed });
  }
  return found;
}

function firstMatch(list: readonly RegExp[], text: string): RegExpExecArray | undefined {
  for (const re of list) {
    const m = re.exec(text);
    if (m) return m;
  }
  return undefined;
}

/** Start of the words describing the token: after the previous token or the last clause break. */
function describedFrom(paths: PathRules, text: string, from: number, start: number): number {
  const window = Math.max(from, start - 80);
  let at = window;
  for (const hit of hitsOf(paths.clauseBreak, text.slice(window, start))) at = window + hit.end;
  return at;
}

/**
 * "The run dir is /ckpts/r2/, it has iter_0001500 and iter_0003000, use the 3000 one":
 * the run dir with the chosen iteration is the checkpoint. One iteration named is the one;
 * of several, the one picked by number or as the latest; otherwise the run dir stays as
 * given (and planning asks which iteration).
 */
export function withNamedIteration(ctx: ReadContext, inputs: readonly InputPath[]): InputPath[] {
  const { paths } = ctx.rules;
  const text = ctx.scan.original;
  const named = [...new Set(hitsOf(paths.iteration, text).map((h) => h.text))];
  if (named.length === 0) return [...inputs];
  const number = (iter: string) => Number(iter.replace(/^iter_/u, ""));
  const picked = paths.iterationChoice.exec(text)?.groups?.n;
  const chosen =
    named.length === 1
      ? named[0]
      : picked !== undefined
        ? named.find((iter) => number(iter) === Number(picked))
        : paths.iterationLatest.test(text)
          ? named.reduce((a, b) => (number(b) > number(a) ? b : a))
          : undefined;
  if (!chosen) return [...inputs];
  const runDirs = inputs.filter(
    (i) =>
      !i.data &&
      (i.checkpoint === undefined ||
        i.checkpoint === "" ||
        i.checkpoint === "checkpoint_megatron") &&
      !/iter_\d+/u.test(i.text) &&
      !/\.[a-z]+$/iu.test(i.text),
  );
  if (runDirs.length !== 1) return [...inputs];
  return inputs.map((i) =>
    i === runDirs[0]
      ? {
          ...i,
          text: `${i.text.replace(/\/+$/u, "")}/${chosen}`,
          checkpoint: "checkpoint_megatron",
        }
      : i,
  );
}

/** Blank the things a request only says where to put, so no later reader takes them as input or work. */
export function maskPlacedObjects(ctx: ReadContext): void {
  for (const hit of hitsOf(ctx.rules.paths.placedObjects, ctx.scan.text)) {
    const objects = hit.groups.objects ?? "";
    const start = hit.start + hit.text.indexOf(objects);
    ctx.scan.mask(start, start + objects.length);
  }
}

/**
 * Sort path tokens into outputs (the words before say "to", "into ... at",
 * "write ... to") and inputs; inputs carry the checkpoint kind their words name.
 * Bare file names count only as outputs; the rest are left in the text.
 */
export function classifyPaths(
  rules: IntentRules,
  scan: Scan,
  tokens: ReadonlyArray<Hit & { bare: boolean }>,
): PathRoles {
  const { paths, data } = rules;
  const original = scan.original;
  const inputs: InputPath[] = [];
  const outputs: OutputPath[] = [];
  let previousEnd = 0;
  for (const token of tokens) {
    const clause = describedFrom(paths, original, previousEnd, token.start);
    const words = original.slice(clause, token.start);
    previousEnd = token.end;
    const output = firstMatch(data.outputCues, words);
    if (output) {
      outputs.push({ text: token.text, start: token.start, descStart: clause + output.index });
      scan.mask(token.start, token.end);
      continue;
    }
    if (token.bare) continue;
    scan.mask(token.start, token.end);
    let descStart = token.start;
    const described = paths.checkpoints.find((c) => {
      const m = c.re.exec(words);
      if (m) descStart = clause + m.index;
      return m !== null;
    });
    const hinted = paths.nameHints.find((h) => h.re.test(token.text));
    // Only the words closest to the path describe it ("GRPO on the base HF model" is a base).
    const near = words.split(/\s+/u).slice(-6).join(" ");
    const input: InputPath = {
      text: token.text,
      start: token.start,
      descStart,
      trained: described !== undefined && paths.trained.test(near),
      auxiliary: paths.auxiliary.test(near),
      data: described === undefined && paths.dataWords.test(near),
    };
    // A name hint alone is confirmed later against what the request's steps read.
    const type = described?.type || (described ? hinted?.type : undefined);
    if (type !== undefined) input.checkpoint = type;
    else if (described) input.checkpoint = "";
    inputs.push(input);
  }
  return { inputs, outputs };
}

/** Checkpoint types the first goal that reads any checkpoint consumes (required or all). */
function goalCheckpointTypes(ctx: ReadContext, goals: readonly Goal[]) {
  const checkpoints = new Set(ctx.rules.raw.paths.checkpointTypes);
  for (const goal of goals) {
    const steps = ctx.index.goalSteps.get(goal) ?? [];
    const all = steps.flatMap((s) => s.consumes);
    if (!all.some((c) => checkpoints.has(c.type))) continue;
    const required = new Set(all.filter((c) => c.required).map((c) => c.type));
    return {
      required: [...required].filter((t) => checkpoints.has(t)),
      any: new Set(all.map((c) => c.type).filter((t) => checkpoints.has(t))),
      readsData: all.some((c) => !checkpoints.has(c.type)),
    };
  }
  return undefined;
}

/** The type a conversion starts from, when the request says what it converts to. */
export function conversionSource(ctx: ReadContext, goals: readonly Goal[]): string | undefined {
  const { rules, scan, index } = ctx;
  const target = rules.paths.conversionTargets.find((t) => t.re.test(scan.text))?.type;
  if (!target) return undefined;
  const sources = goals
    .flatMap((g) => index.goalSteps.get(g) ?? [])
    .filter((s) => s.produces.some((p) => p.type === target))
    .flatMap((s) => s.consumes.filter((c) => c.required && c.type !== target).map((c) => c.type));
  const unique = [...new Set(sources)];
  return unique.length === 1 ? unique[0] : undefined;
}

/**
 * Settle what each input path is once the goals are known: a path the words
 * call a checkpoint of unsaid kind takes the one checkpoint type the request's
 * steps read (or the conversion source); an undescribed path is a checkpoint
 * when its name says so and the steps read that type, or when the steps read
 * only one checkpoint type and no data at all.
 */
export function settleCheckpoints(
  ctx: ReadContext,
  inputs: readonly InputPath[],
  goals: readonly Goal[],
): InputPath[] {
  const reads = goalCheckpointTypes(ctx, goals);
  const converted = goals.includes("convert") ? conversionSource(ctx, goals) : undefined;
  const only = reads?.required.length === 1 ? reads.required[0] : undefined;
  const dataFile = (path: string) =>
    ctx.rules.raw.paths.dataExtensions.some((ext) => path.toLowerCase().endsWith(ext));
  return inputs.map((input) => {
    if (input.checkpoint === undefined && (input.data || dataFile(input.text))) return input;
    const hinted = ctx.rules.paths.nameHints.find((h) => h.re.test(input.text))?.type;
    let type = input.checkpoint;
    if (type === "") type = hinted ?? converted ?? only ?? "";
    else if (type === undefined) {
      // A name that says what the checkpoint is (`iter_0000500`, `-hf`) wins over what the goal
      // reads: planning bridges the types. Where the goal also reads data, the hint must fit.
      if (hinted && (reads?.any.has(hinted) || !reads?.readsData)) type = hinted;
      else if (reads && !reads.readsData) type = converted ?? only;
    }
    if (type === undefined) return input;
    return { ...input, checkpoint: type };
  });
}
