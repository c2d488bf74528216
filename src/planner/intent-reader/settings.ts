import type { Executor, Goal, Intent } from "../intent.js";
import { readBackend } from "./goals.js";
import { hitsOf, longestFirst, sentenceAround } from "./matcher.js";
import { parseCount } from "./numbers.js";
import type { InputPath } from "./paths.js";
import { type ReadContext, Scan } from "./scan.js";
import { overrideValue } from "./translation.js";

type Overrides = Readonly<Record<string, string>>;
type DirectEdge = Intent["directEdges"][number];

/** Executor kind (first named), remote submission, and an explicit profile name. */
export function readExecutor(ctx: ReadContext): Executor {
  const { rules, scan } = ctx;
  const ex = rules.executor;
  let profile: string | undefined;
  for (const re of ex.profilePatterns) {
    const hit = hitsOf(re, scan.text).find(
      (h) => h.groups.profile && !ex.profileStopWords.has(h.groups.profile.toLowerCase()),
    );
    if (hit?.groups.profile) {
      profile = hit.groups.profile;
      // A profile named "my-lepton" says nothing about the executor kind.
      scan.mask(hit.end - profile.length, hit.end);
      break;
    }
  }
  const kinds = ex.kinds.flatMap((k) => k.cue.hits(scan.text).map((h) => ({ ...h, id: k.id })));
  const kind = longestFirst(kinds)[0]?.id;
  // "nothing remote", "don't submit": a negated remote cue asks for a local run.
  const remote = ex.remote
    .hits(scan.text)
    .some((h) => !rules.negation.test(scan.text.slice(Math.max(0, h.start - 40), h.start)));
  const executor: Executor = { remote: remote || profile !== undefined };
  if (kind) executor.kind = kind;
  if (profile) executor.profile = profile;
  if (ex.offline.test(scan.text)) executor.offline = true;
  return executor;
}

/** A shipped config the user named (`-c tiny`, "the fp8 config"), or the smoke config for a smoke test. */
export function readConfigName(
  ctx: ReadContext,
  goals: readonly Goal[],
): { name: string; named: boolean } | undefined {
  const { rules, scan, index, catalog } = ctx;
  for (const re of rules.settings.configPatterns) {
    const name = hitsOf(re, scan.text)[0]?.groups.name;
    if (name) return { name, named: true };
  }
  for (const hit of hitsOf(rules.settings.namedConfig, scan.text)) {
    const name = hit.groups.name;
    if (name && index.configNames.has(name)) return { name, named: true };
  }
  const steps =
    goals.length > 0 ? goals.flatMap((g) => index.goalSteps.get(g) ?? []) : catalog.steps;
  // Every word of a shipped config's name appears: the user described that config.
  const described = index.configWords.find(
    (c) => steps.some((s) => c.steps.has(s.id)) && c.words.every((re) => re.test(scan.text)),
  );
  if (described) return { name: described.name, named: true };
  if (!rules.settings.smoke.test(scan.text)) return undefined;
  const smoke = rules.raw.settings.smokeConfigs.find((name) =>
    steps.some((s) => s.configs.includes(name)),
  );
  return smoke ? { name: smoke, named: false } : undefined;
}

/** The first length the patterns find (`8k` is 8192), masked once read. */
function readLength(ctx: ReadContext, patterns: readonly RegExp[]): number | undefined {
  const { rules, scan } = ctx;
  const max = rules.raw.settings.maxSeqLength;
  for (const re of patterns) {
    // A length said of something the user cannot use ("built at 4096 and won't cut it") is history.
    const hit = hitsOf(re, scan.text).find(
      (h) => !rules.data.unusable.test(sentenceAround(scan.text, h)),
    );
    if (!hit?.groups.num) continue;
    const n = Number(hit.groups.num) * (hit.groups.kilo ? 1024 : 1);
    if (Number.isSafeInteger(n) && n > 0 && n <= max) {
      scan.mask(hit.start, hit.end);
      return n;
    }
  }
  return undefined;
}

/** The packing length stated in words ("pack to 8192"). */
export function readPackSize(ctx: ReadContext): number | undefined {
  return readLength(ctx, ctx.rules.settings.packSize);
}

/** The training sequence length: a key the user set, else one stated in words. */
export function readSeqLength(ctx: ReadContext, overrides: Overrides): number | undefined {
  const { rules } = ctx;
  const keyed = overrideValue(overrides, rules.raw.settings.seqLengthKeys);
  if (keyed !== undefined && /^\d+$/u.test(keyed)) {
    const n = Number(keyed);
    return n > 0 && n <= rules.raw.settings.maxSeqLength ? n : undefined;
  }
  return readLength(ctx, rules.settings.seqLength);
}

/** The catalog step a direct-edge destination names: a step id, or a backend for the goal at hand. */
function destinationStep(
  ctx: ReadContext,
  dest: string,
  goals: readonly Goal[],
): string | undefined {
  const { index, rules } = ctx;
  const literal = index.stepIds ? hitsOf(index.stepIds, dest)[0] : undefined;
  if (literal) return index.stepByText.get(literal.text.toLowerCase());
  const backend = rules.backends.find((b) => b.cue.test(dest))?.id;
  // "into NeMo-RL DPO", "into ModelOpt quantization": the goal named there, when one step serves it.
  const destGoal = rules.goals.find((g) => g.cue.test(dest))?.id;
  const served = destGoal ? (index.goalSteps.get(destGoal) ?? []) : [];
  const narrowed = backend
    ? served.filter((s) => index.backendSteps.get(backend)?.has(s.id))
    : served;
  if (narrowed.length === 1) return narrowed[0]?.id;
  if (!backend) return undefined;
  const sensitive = rules.raw.backends.sensitiveGoals;
  const goal = goals.find((g) => sensitive.includes(g)) ?? rules.raw.directEdges.defaultGoal;
  const steps = index.backendSteps.get(backend);
  return (index.goalSteps.get(goal) ?? []).find((s) => steps?.has(s.id))?.id;
}

/**
 * What "it" or "that output" stands for at `at`: the checkpoint path written last
 * before it, else the output of the step of the goal named last before it.
 */
function referent(
  ctx: ReadContext,
  at: number,
  inputs: readonly InputPath[],
  goals: readonly Goal[],
): string | undefined {
  const path = inputs.filter((i) => i.start < at && i.checkpoint).at(-1);
  const before = ctx.scan.original.slice(0, at);
  const named = ctx.rules.goals
    .filter((g) => goals.includes(g.id))
    .flatMap((g) => g.cue.hits(before).map((h) => ({ goal: g.id, start: h.start })))
    .sort((a, b) => a.start - b.start)
    .at(-1);
  if (path?.checkpoint && (!named || path.start > named.start)) return path.checkpoint;
  if (!named) return undefined;
  const backend = readBackend({ ...ctx, scan: new Scan(before) });
  const steps = ctx.index.goalSteps.get(named.goal) ?? [];
  const chosen = backend
    ? steps.find((s) => ctx.index.backendSteps.get(backend)?.has(s.id))
    : steps.length === 1
      ? steps[0]
      : undefined;
  return chosen?.produces.find((p) => p.required)?.type;
}

/** "Feed my JSONL straight into Megatron-Bridge": the user wants this edge even if types disagree. */
export function readDirectEdges(
  ctx: ReadContext,
  goals: readonly Goal[],
  inputs: readonly InputPath[] = [],
): DirectEdge[] {
  const { rules, catalog } = ctx;
  const edges: DirectEdge[] = [];
  for (const re of rules.directEdges.patterns) {
    for (const hit of hitsOf(re, ctx.scan.original)) {
      const art = hit.groups.art ?? "";
      const from = rules.directEdges.pronoun.test(art)
        ? referent(ctx, hit.start, inputs, goals)
        : rules.directEdges.artifacts.find((a) => a.cue.test(art))?.type;
      const toStep = destinationStep(ctx, hit.groups.dest ?? "", goals);
      if (!from || !toStep || !catalog.artifacts.has(from)) continue;
      if (!edges.some((e) => e.from === from && e.toStep === toStep)) edges.push({ from, toStep });
    }
  }
  return edges;
}

export function readFlags(ctx: ReadContext) {
  const { rules, scan } = ctx;
  return {
    qualityClaim: rules.quality.test(scan.text),
    commandOnly: rules.commandOnly.test(scan.text),
  };
}

/**
 * Parameter values stated in words ("rank 8 and alpha 16"), keyed by the
 * catalog parameter of the request's steps whose description names them.
 */
export function readParameterValues(
  ctx: ReadContext,
  goals: readonly Goal[],
): Record<string, string> {
  const { rules, scan, index } = ctx;
  const params = goals
    .flatMap((g) => index.goalSteps.get(g) ?? [])
    .flatMap((s) => s.parameters.map((p) => ({ name: p.name, text: p.description })));
  const values: Record<string, string> = {};
  for (const rule of rules.settings.parameterValues) {
    const hit = hitsOf(rule.value, scan.text)[0];
    const written = hit?.groups.value;
    const value =
      written === undefined
        ? undefined
        : /^\d+$/u.test(written)
          ? written
          : parseCount(written)?.toString();
    if (!hit || value === undefined) continue;
    const keys = new Set(params.filter((p) => rule.describedAs.test(p.text)).map((p) => p.name));
    if (keys.size === 0) continue;
    scan.mask(hit.start, hit.end);
    for (const key of keys) values[key] = value;
  }
  return values;
}
