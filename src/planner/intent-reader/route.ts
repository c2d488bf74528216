import type { Catalog, StepManifest } from "../../catalog/index.js";
import type { Goal, Intent, Route } from "../intent.js";
import type { CatalogIndex } from "./catalog-index.js";
import type { IntentRules } from "./rules.js";

/** Which route cues a request carries, and the catalog gaps its words name. */
export type RouteCues = Record<keyof IntentRules["route"], boolean> & { gaps: string[] };

export function readRouteCues(rules: IntentRules, text: string): RouteCues {
  const r = rules.route;
  // "I only need the command, not a plan": a negated cue asks for the other route.
  const asked = (cue: IntentRules["route"]["pipeline"]) =>
    cue
      .hits(text)
      .some((h) => !rules.negation.test(text.slice(Math.max(0, h.start - 40), h.start)));
  return {
    gaps: rules.gaps.filter((g) => g.cue.test(text)).map((g) => g.gap),
    explorer: r.explorer.test(text),
    outOfScopeStrong: r.outOfScopeStrong.test(text),
    outOfScopeWeak: r.outOfScopeWeak.test(text),
    genericAdvice: r.genericAdvice.test(text),
    recommendation: r.recommendation.test(text),
    feasibility: r.feasibility.test(text),
    pipeline: asked(r.pipeline),
    domain: r.domain.test(text),
  };
}

type Draft = Omit<Intent, "route" | "gap">;

interface RouteEnv {
  rules: IntentRules;
  catalog: Catalog;
  index: CatalogIndex;
}

/** Capabilities the catalog lacks for this request, in words. */
export function findGaps(env: RouteEnv, draft: Draft, named: readonly string[] = []): string[] {
  const { rules, index } = env;
  const gaps: string[] = [...named];
  for (const goal of draft.goals) {
    if ((index.goalSteps.get(goal) ?? []).length === 0) gaps.push(`no catalog step covers ${goal}`);
  }
  // A backend preference is a gap only when no training goal of the request can
  // use it; otherwise it is read as applying to the goals that can.
  const backend = draft.backend;
  const sensitive = draft.goals.filter((g) => rules.raw.backends.sensitiveGoals.includes(g));
  const withBackend = backend ? index.backendSteps.get(backend) : undefined;
  const served = (goal: Goal) =>
    (index.goalSteps.get(goal) ?? []).some((s) => withBackend?.has(s.id));
  if (backend && sensitive.length > 0 && !sensitive.some(served)) {
    for (const goal of sensitive) {
      const ids = (index.goalSteps.get(goal) ?? []).map((s) => s.id).join(", ");
      if (ids)
        gaps.push(
          `${goal} on the ${backend} backend: no catalog step offers it (${goal} steps: ${ids})`,
        );
    }
  }
  // "SFT microsoft/phi-4 with Megatron-Bridge": that backend runs only the models its steps list.
  const model = draft.model;
  const hubId = model !== undefined && /^[\w.-]+\/[\w.-]+$/u.test(model.name);
  if (backend && model && hubId && !model.inCatalog && withBackend) {
    const listedOnly = rules.raw.backends.listedModelsOnly.includes(backend);
    const steps = sensitive
      .flatMap((g) => index.goalSteps.get(g) ?? [])
      .filter((s) => withBackend.has(s.id));
    const listed = [...new Set(steps.flatMap((s) => s.models.map((m) => m.name)))];
    if (listedOnly && steps.length > 0 && listed.length > 0) {
      gaps.push(
        `model ${model.name} on the ${backend} backend: its steps run only the models they list (${listed.join(", ")})`,
      );
    }
  }
  // A name no step lists matters where the steps that would run list the models they
  // run (the trainers); steps that take any checkpoint of a type (prune, quantize,
  // evaluate, convert) run the user's checkpoint as given.
  const listing =
    draft.goals.length === 0 ||
    draft.goals.some((g) => (index.goalSteps.get(g) ?? []).some((s) => s.models.length > 0));
  for (const name of listing ? draft.unsupportedModels : []) {
    gaps.push(
      `model ${name} is not listed by any catalog step and is not an org/name Hugging Face id`,
    );
  }
  return gaps;
}

/** Rough stage count: one per goal, plus one when its step needs an input nothing supplies. */
export function estimateStages(env: RouteEnv, draft: Draft): number {
  const { rules, catalog } = env;
  const graph = catalog.artifacts;
  const route = rules.raw.route;
  const family = (a: string, b: string) =>
    graph.compatibleTargets(a).some((t) => graph.compatibleTargets(b).includes(t));
  const available = new Set(draft.data.has);
  const format = draft.model?.format;
  if (format === "hf" || format === "megatron") available.add(route.modelArtifacts[format]);
  // Checkpoints the user brought: a step that loads one of them is the one they mean.
  const checkpoints = new Set(rules.raw.paths.checkpointTypes);
  const brought = [...available].filter((t) => checkpoints.has(t));
  const satisfied = (type: string, extra: readonly string[]) => {
    if ([...available, ...extra].some((a) => graph.isCompatible(a, type))) return true;
    if (!route.assumedInputs.includes(type)) return false;
    // The user's own checkpoint is what the work is on: a hub checkpoint is not assumed instead.
    if (checkpoints.has(type) && draft.data.checkpoints.length > 0) return false;
    return !draft.data.has.some(
      (h) => route.unprocessedInputs.includes(h) && family(h, type) && !graph.isCompatible(h, type),
    );
  };
  // A direct edge the user asked for stands in for one unmet input of its step.
  const missing = (step: StepManifest) => {
    const extra = draft.directEdges.filter((e) => e.toStep === step.id).map((e) => e.from);
    const unmet = step.consumes.filter((c) => c.required && !satisfied(c.type, extra)).length;
    return Math.max(0, unmet - extra.length);
  };
  const uses = (step: StepManifest) =>
    step.consumes.filter((c) => brought.some((b) => graph.isCompatible(b, c.type))).length;
  // The user's own data, where a step would otherwise run on mock input ("distill on real
  // data"): one catalog step turns it into the optional data input the step reads.
  const userData = draft.data.paths.some((p) => !draft.data.checkpoints.includes(p));
  // JSONL the user has, whatever stage of cleaning the words leave unsaid.
  const readable = (type: string) =>
    [...available].some((a) => graph.isCompatible(a, type)) ||
    (draft.data.format === "jsonl" && env.index.isJsonl(type));
  const prepares = (step: StepManifest) =>
    userData &&
    step.consumes.some(
      (c) =>
        !c.required &&
        !checkpoints.has(c.type) &&
        !satisfied(c.type, []) &&
        catalog.steps.some(
          (s) =>
            s.produces.some((p) => p.type === c.type) &&
            s.consumes.some((i) => i.required && readable(i.type)),
        ),
    );
  let stages = 0;
  for (const goal of draft.goals) {
    const best = candidateSteps(env, draft, goal)
      .map((step) => ({ step, uses: uses(step), missing: missing(step) }))
      .sort((a, b) => b.uses - a.uses || a.missing - b.missing)[0];
    if (!best) continue;
    stages += best.missing > 0 || prepares(best.step) ? 2 : 1;
    for (const p of best.step.produces) available.add(p.type);
  }
  // An edge the user asked for that does not type-check is repaired with a stage in between.
  stages += draft.directEdges.filter((e) => {
    const step = catalog.step(e.toStep);
    return step !== undefined && !step.consumes.some((c) => graph.isCompatible(e.from, c.type));
  }).length;
  // An end product the goals do not make takes one more stage to convert to it.
  stages += draft.deliverables.filter(
    (t) => ![...available].some((a) => graph.isCompatible(a, t)),
  ).length;
  const claimed = draft.goals.some((g) => route.qualityGoals.includes(g));
  return stages + (draft.qualityClaim && claimed ? 1 : 0);
}

/** Steps that could serve a goal, narrowed by named steps, backend and model when that leaves any. */
function candidateSteps(env: RouteEnv, draft: Draft, goal: Goal): readonly StepManifest[] {
  const { rules, index } = env;
  let steps = index.goalSteps.get(goal) ?? [];
  const narrow = (keep: (s: StepManifest) => boolean) => {
    const kept = steps.filter(keep);
    if (kept.length > 0) steps = kept;
  };
  narrow((s) => draft.explicitSteps.includes(s.id));
  const backend = draft.backend;
  if (backend && rules.raw.backends.sensitiveGoals.includes(goal)) {
    narrow((s) => index.backendSteps.get(backend)?.has(s.id) ?? false);
  }
  const model = draft.model;
  if (model?.inCatalog) narrow((s) => s.models.some((m) => m.name === model.name));
  return steps;
}

function hasSignal(draft: Draft): boolean {
  return (
    draft.goals.length > 0 ||
    draft.explicitSteps.length > 0 ||
    draft.model !== undefined ||
    draft.unsupportedModels.length > 0 ||
    draft.backend !== undefined ||
    draft.data.paths.length > 0 ||
    draft.directEdges.length > 0 ||
    draft.hardware.totalGpus !== undefined ||
    draft.eval.endpointUrl !== undefined
  );
}

function isConcrete(draft: Draft): boolean {
  return (
    draft.data.paths.length > 0 ||
    draft.explicitSteps.length > 0 ||
    draft.model !== undefined ||
    draft.hardware.totalGpus !== undefined ||
    draft.eval.endpointUrl !== undefined ||
    Object.keys(draft.overrides).length > 0
  );
}

/**
 * Decide the route from the cues and the extracted intent; explorer carries
 * the gap. Wording never makes a one-step answer of a request whose goal needs
 * a stage the user cannot skip (a converter, packing, prep): the stage estimate
 * decides. A follow-up on a planned thread keeps it a plan.
 */
export function decideRoute(
  env: RouteEnv,
  draft: Draft,
  cues: RouteCues,
  request: string,
  previous?: Route,
): { route: Route; gap?: string } {
  // An off-topic word in a concrete customization request names its subject ("our billing FAQ").
  if (cues.outOfScopeStrong && !(draft.goals.length > 0 && isConcrete(draft))) {
    return { route: "out_of_scope" };
  }
  const gaps = findGaps(env, draft, cues.gaps);
  if (cues.explorer || gaps.length > 0) {
    const gap = gaps.length > 0 ? gaps.join("; ") : request.trim().slice(0, 400);
    return gap ? { route: "explorer", gap } : { route: "explorer" };
  }
  if (!hasSignal(draft)) {
    if (cues.outOfScopeWeak || cues.genericAdvice || !cues.domain) return { route: "out_of_scope" };
    return { route: "recommendation" };
  }
  if (draft.goals.length === 0 && cues.outOfScopeWeak) return { route: "out_of_scope" };
  if (cues.genericAdvice && !isConcrete(draft)) return { route: "out_of_scope" };
  if (cues.recommendation) return { route: "recommendation" };
  if (cues.feasibility && draft.data.paths.length === 0) return { route: "recommendation" };
  if (draft.goals.length >= 2 || cues.pipeline || previous === "pipeline") {
    return { route: "pipeline" };
  }
  // Training is planned (train, then measure) and approved, unless only the command is wanted.
  // Naming one step and one of its shipped configs ("run sft/automodel -c tiny") asks to run it.
  const trains = draft.goals.some((g) => env.rules.raw.route.trainingGoals.includes(g));
  const runsNamedConfig = draft.explicitSteps.length === 1 && draft.configName !== undefined;
  if (runsNamedConfig) return { route: "single_step" };
  if (trains && !draft.commandOnly) return { route: "pipeline" };
  return { route: estimateStages(env, draft) >= 2 ? "pipeline" : "single_step" };
}
