import { type Condition, ConditionSchema, type StageOrigin } from "../rules/index.js";
import type { Facts } from "./facts.js";
import { isHubId } from "./path-shape.js";

/** What a stage-scoped condition can see about the stage it is evaluated for. */
export interface StageScope {
  step: string;
  origin: StageOrigin;
  variant: string | undefined;
  /** Artifact types the stage consumes (as wired). */
  consumes: readonly string[];
  /** Output types of the stage that a later stage consumes. */
  feeds: readonly string[];
  upstream: readonly string[];
  downstream: readonly string[];
}

export interface ConditionContext {
  facts: Facts;
  /** Artifact types produced by the stages planned so far. */
  produced: ReadonlySet<string>;
  stage?: StageScope | undefined;
}

type Fields = Required<Condition>;
type CheckFor<K extends keyof Condition> = (
  value: NonNullable<Condition[K]>,
  ctx: ConditionContext,
) => boolean;
type Checks = { [K in keyof Fields]: CheckFor<K> };

const KEYS = ConditionSchema.keyof().options;

const has = (list: readonly string[], value: string | undefined) => list.includes(value ?? "unset");
const flag = (want: boolean, actual: boolean) => want === actual;
const scoped = (ctx: ConditionContext, test: (stage: StageScope) => boolean) =>
  ctx.stage !== undefined && test(ctx.stage);
const intersects = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

const checks: Checks = {
  backend: (v, { facts }) => has(v, facts.intent.backend),
  lora: (v, { facts }) => has(v, facts.lora === undefined ? undefined : facts.lora ? "yes" : "no"),
  modelFormat: (v, { facts }) => v.includes(facts.modelFormat),
  modelHubId: (v, { facts }) => flag(v, isHubId(facts.intent.model?.name)),
  modelFamily: (v, { facts }) => facts.family !== undefined && v.includes(facts.family.id),
  recipeModel: (v, { facts }) => flag(v, facts.family?.recipe ?? false),
  minGpus: (v, { facts }) => facts.gpus !== undefined && facts.gpus >= v,
  maxGpus: (v, { facts }) => facts.gpus !== undefined && facts.gpus <= v,
  multiNode: (v, { facts }) => flag(v, facts.multiNode),
  maxGpuMemoryGb: (v, { facts }) => {
    const memory = facts.intent.hardware.gpuMemoryGb;
    return memory !== undefined && memory <= v;
  },
  gpuType: (v, { facts }) => v.some((t) => facts.gpuType?.includes(t.toLowerCase()) ?? false),
  interconnect: (v, { facts }) => {
    const link = facts.intent.hardware.interconnect?.toLowerCase();
    return link !== undefined && v.some((t) => link.includes(t.toLowerCase()));
  },
  dataHas: (v, { facts }) =>
    facts.userSources.some((s) => v.some((t) => facts.graph.isCompatible(s.type, t))),
  dataKind: (v, { facts }) => has(v, facts.intent.data.kind),
  dataFormat: (v, { facts }) => has(v, facts.intent.data.format),
  dataPaths: (v, { facts }) => flag(v, facts.intent.data.paths.length > 0),
  languages: (v, { facts }) => flag(v, facts.intent.data.languages.length > 0),
  goalsAny: (v, { facts }) => v.some((g) => facts.goals.has(g)),
  goalsAll: (v, { facts }) => v.every((g) => facts.goals.has(g)),
  trainingGoals: (v, { facts }) => flag(v, facts.trainingGoals),
  stagesProduce: (v, { facts, produced }) =>
    [...produced].some((p) => v.some((t) => facts.graph.isCompatible(p, t))),
  translationTarget: (v, { facts }) => flag(v, Boolean(facts.intent.translation.target)),
  translationSource: (v, { facts }) => flag(v, Boolean(facts.intent.translation.source)),
  translationBackend: (v, { facts }) => has(v, facts.intent.translation.backend),
  serverModel: (v, { facts }) => flag(v, Boolean(facts.intent.translation.serverModel)),
  serverUrl: (v, { facts }) => flag(v, Boolean(facts.intent.translation.serverUrl)),
  faith: (v, { facts }) => flag(v, facts.intent.translation.faith === true),
  authVars: (v, { facts }) => flag(v, facts.intent.authVars.length > 0),
  executorKind: (v, { facts }) => has(v, facts.intent.executor.kind),
  offline: (v, { facts }) => flag(v, facts.intent.executor.offline === true),
  endpoint: (v, { facts }) =>
    flag(v, Boolean(facts.intent.eval.endpointUrl) || facts.intent.eval.served === true),
  endpointUrl: (v, { facts }) => flag(v, Boolean(facts.intent.eval.endpointUrl)),
  endpointModel: (v, { facts }) => flag(v, Boolean(facts.endpointModel)),
  endpointType: (v, { facts }) => has(v, facts.intent.eval.endpointType),
  evalTasksAny: (v, { facts }) =>
    facts.intent.eval.tasks.some((task) => v.includes(task.toLowerCase())),
  evalTasksGiven: (v, { facts }) => flag(v, facts.intent.eval.tasks.length > 0),
  seqLengthSet: (v, { facts }) => flag(v, facts.intent.seqLength !== undefined),
  minSeqLength: (v, { facts }) => (facts.intent.seqLength ?? 0) >= v,
  qualityClaim: (v, { facts }) => flag(v, facts.qualityClaim),
  guardFired: (v, { facts }) => flag(v, facts.guardsFired.length > 0),
  guardIds: (v, { facts }) => facts.guardsFired.some((g) => v.includes(g.id)),
  origin: (v, ctx) => scoped(ctx, (s) => v.includes(s.origin)),
  stageConsumes: (v, ctx) =>
    scoped(ctx, (s) => s.consumes.some((c) => v.some((t) => ctx.facts.graph.isCompatible(c, t)))),
  stageFeeds: (v, ctx) => scoped(ctx, (s) => intersects(s.feeds, v)),
  upstreamStep: (v, ctx) => scoped(ctx, (s) => intersects(s.upstream, v)),
  downstreamStep: (v, ctx) => scoped(ctx, (s) => intersects(s.downstream, v)),
  variant: (v, ctx) => scoped(ctx, (s) => has(v, s.variant)),
  any: (v, ctx) => v.some((c) => matches(c, ctx)),
  not: (v, ctx) => !matches(v, ctx),
};

function holds<K extends keyof Fields>(key: K, cond: Condition, ctx: ConditionContext) {
  const value = cond[key];
  if (value === undefined) return true;
  const check: CheckFor<K> = checks[key];
  return check(value, ctx);
}

/** True when every field of the condition holds (an empty condition always holds). */
export function matches(cond: Condition, ctx: ConditionContext): boolean {
  for (const key of KEYS) {
    if (!holds(key, cond, ctx)) return false;
  }
  return true;
}
