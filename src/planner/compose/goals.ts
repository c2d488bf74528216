import type { Catalog, StepManifest } from "../../catalog/index.js";
import type { Goal, Intent } from "../intent.js";
import type { Finding } from "../plan.js";
import type { Guard, Route, StageOrigin, Variant } from "../rules/index.js";
import type { CompiledRules } from "./compiled.js";
import { type ConditionContext, matches } from "./conditions.js";

/** The goals after the hard guards ran, and what the guards removed. */
export interface GuardedGoals {
  goals: Set<Goal>;
  fired: Guard[];
  droppedSteps: Set<string>;
}

/** One stage a route asks for. */
export interface GoalStage {
  step: StepManifest;
  variant: Variant | undefined;
}

/** Apply the hard guards (they run before routing and override it). */
export function applyGuards(
  intent: Intent,
  compiled: CompiledRules,
  contextFor: (goals: ReadonlySet<Goal>, fired: readonly Guard[]) => ConditionContext,
): GuardedGoals {
  const goals = new Set<Goal>(intent.goals);
  const fired: Guard[] = [];
  const droppedSteps = new Set<string>();
  for (const guard of compiled.rules.guards) {
    // Work the user declined ("scratch the translation") is never added back by a guard.
    if (guard.addGoals.some((g) => intent.declined.includes(g))) continue;
    if (!matches(guard.when, contextFor(goals, fired))) continue;
    fired.push(guard);
    for (const goal of guard.dropGoals) goals.delete(goal);
    for (const goal of guard.addGoals) goals.add(goal);
    for (const step of guard.dropSteps) droppedSteps.add(step);
  }
  return { goals, fired, droppedSteps };
}

/** Step ids named in the request (or as a direct-edge target) that the catalog has. */
export function explicitSteps(intent: Intent, catalog: Catalog, dropped: ReadonlySet<string>) {
  const named = [...intent.explicitSteps, ...intent.directEdges.map((e) => e.toStep)];
  return new Set(named.filter((id) => catalog.step(id) !== undefined && !dropped.has(id)));
}

/** Pick the variant of a step: the named one, else the first whose condition holds. */
export function chooseVariant(
  step: StepManifest,
  origin: StageOrigin,
  compiled: CompiledRules,
  ctx: ConditionContext,
  name?: string,
): Variant | undefined {
  const variants = compiled.stepRule(step.id).variants;
  if (name) return variants.find((v) => v.name === name);
  const stage = {
    step: step.id,
    origin,
    variant: undefined,
    consumes: [],
    feeds: [],
    upstream: [],
    downstream: [],
  };
  return variants.find((v) => matches(v.when, { ...ctx, stage }));
}

/**
 * The stages a route contributes: explicitly named steps win; otherwise the
 * first candidate whose condition holds. Steps the rules name but this
 * checkout lacks become a finding instead of a stage.
 */
export function routeStages(
  route: Route,
  guarded: GuardedGoals,
  named: ReadonlySet<string>,
  compiled: CompiledRules,
  catalog: Catalog,
  ctx: ConditionContext,
  findings: Finding[],
): GoalStage[] {
  const routeSteps = compiled.routeSteps.get(route.id) ?? new Set<string>();
  const explicit = [...named].filter((id) => routeSteps.has(id));
  const wanted = route.goals.some((g) => guarded.goals.has(g));
  if (explicit.length > 0) {
    return explicit.flatMap((id) => {
      const step = catalog.step(id);
      return step ? [{ step, variant: chooseVariant(step, "goal", compiled, ctx) }] : [];
    });
  }
  if (!wanted) return [];
  const candidate = route.candidates.find((c) => matches(c.when, ctx));
  if (!candidate) return [];
  const stages: GoalStage[] = [];
  for (const spec of candidate.stages) {
    if (guarded.droppedSteps.has(spec.step) || !matches(spec.when, ctx)) continue;
    const step = catalog.step(spec.step);
    if (!step) {
      findings.push({
        level: "warning",
        code: "step_missing",
        message: `WARNING: the planning rules route goal ${route.id} to ${spec.step}, which this checkout does not have.`,
        fix: "Use a checkout that ships the step, or name another catalog step for this goal.",
      });
      continue;
    }
    stages.push({ step, variant: chooseVariant(step, "goal", compiled, ctx, spec.variant) });
  }
  return stages;
}
