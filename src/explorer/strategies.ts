import { type Catalog, producersOf, type Strategy } from "../catalog/index.js";
import { matches, planFacts, type StageScope } from "../planner/compose/index.js";
import type { Intent } from "../planner/intent.js";
import type { PlanningRules } from "../planner/rules/index.js";
import type { GapAnalysis } from "./gap.js";
import type { KnobPlan } from "./knobs.js";

export interface FollowedStrategy {
  step: string;
  when: string;
  then: string;
}

/**
 * Strategies of the closest steps that apply to this request, judged the way
 * the planner judges a stage's strategies: a matcher phrase in the `when` text
 * whose planning condition holds for the new step.
 */
export function followedStrategies(
  catalog: Catalog,
  rules: PlanningRules,
  intent: Intent,
  gap: GapAnalysis,
): FollowedStrategy[] {
  const facts = planFacts({ catalog, catalogSource: "flag", intent, profiles: null }, rules);
  const stage: StageScope = {
    step: gap.stepId,
    origin: "goal",
    variant: undefined,
    consumes: gap.consumes.map((c) => c.type),
    feeds: [],
    upstream: [],
    downstream: [],
  };
  const ctx = { facts, produced: new Set<string>(), stage };
  const out: FollowedStrategy[] = [];
  for (const near of gap.closest) {
    for (const strategy of catalog.step(near.id)?.strategies ?? []) {
      const text = strategy.when.toLowerCase();
      const hit = rules.strategyMatchers.some(
        (m) => text.includes(m.phrase.toLowerCase()) && matches(m.when, ctx),
      );
      if (hit) out.push({ step: near.id, when: strategy.when, then: strategy.then });
    }
  }
  return out;
}

/**
 * The new manifest's `[[strategies]]`, written from catalog facts: which listed
 * model fits, which converter comes before or after, which prep step makes the
 * data this step reads, and the smoke-first order.
 */
export function writtenStrategies(catalog: Catalog, gap: GapAnalysis, plan: KnobPlan): Strategy[] {
  const graph = catalog.artifacts;
  const out: Strategy[] = [];
  const listed = [plan.model, ...gap.baseStep.models].filter((m) => m?.min_gpus !== undefined);
  const smallest = listed.sort((a, b) => (a?.min_gpus ?? 0) - (b?.min_gpus ?? 0))[0];
  const modelKnob = plan.modelKey;
  if (smallest) {
    out.push({
      when: "The GPU count is below the chosen model's min_gpus",
      then: `Pick a listed model that fits${modelKnob ? ` via ${modelKnob}` : ""}; the smallest listed needs ${smallest.min_gpus} (${smallest.name}).`,
    });
  }
  const own = gap.modelType;
  for (const other of gap.modelTypes) {
    if (!own || other === own) continue;
    const into = graph.converterFor(other, own);
    if (into) {
      out.push({
        when: `The starting checkpoint is ${other}`,
        then: `Run ${into} first; this step reads ${own} only.`,
      });
    }
    const from = graph.converterFor(own, other);
    if (from) {
      out.push({
        when: `A later stage needs ${other}`,
        then: `Add ${from} after this step to turn its ${own} into ${other}.`,
      });
    }
  }
  // A prep step the goal step's own guidance points at, for a data type this step reads.
  const guidance = [
    ...gap.goalStep.strategies,
    ...gap.goalStep.errors.map((e) => ({ when: e.name, then: e.recovery })),
  ]
    .map((s) => `${s.when} ${s.then}`)
    .join("\n");
  for (const type of gap.dataTypes) {
    for (const prep of producersOf(catalog.steps, graph, type)) {
      if (prep.id === gap.goalStep.id || !guidance.includes(prep.id)) continue;
      out.push({
        when: `The ${type} is not yet local, sharded files`,
        then: `Run ${prep.id} first; it writes the ${type} this step reads.`,
      });
    }
  }
  out.push({
    when: "Trying the step on new data or hardware",
    then: "Run -c tiny with --dry-run, then -c tiny for real, and only then the default config.",
  });
  return out;
}
