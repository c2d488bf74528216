import type { Catalog } from "../../catalog/index.js";
import type { Goal } from "../intent.js";
import {
  familyOf,
  type ModelFamily,
  type PlanningRules,
  type Route,
  type StepRule,
  stepRuleOf,
} from "../rules/index.js";

/** Lookups derived once per rules object, so each request only reads them. */
export interface CompiledRules {
  rules: PlanningRules;
  /** Step ids any candidate of a route can pick, by route id. */
  routeSteps: ReadonlyMap<string, ReadonlySet<string>>;
  /** Artifact types that user files can stand for (everything else is a checkpoint or config). */
  dataTypes: ReadonlySet<string>;
  /** Strategy matcher phrases, lowercased, in file order. */
  phrases: ReadonlyArray<{ phrase: string; index: number }>;
  stepRule(stepId: string): StepRule;
  family(modelName: string | undefined, alias: string | undefined): ModelFamily | undefined;
  /** Goals whose routes can pick a step of a quality-changing category in this catalog. */
  trainingGoals(catalog: Catalog): ReadonlySet<Goal>;
}

const compiledCache = new WeakMap<PlanningRules, CompiledRules>();

export function compileRules(rules: PlanningRules): CompiledRules {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const routeSteps = new Map(rules.routes.map((route) => [route.id, stepsOfRoute(route)]));
  const dataTypes = new Set<string>(rules.userData.default);
  for (const list of [
    ...Object.values(rules.userData.byKind),
    ...Object.values(rules.userData.byFormat),
  ]) {
    for (const type of list) dataTypes.add(type);
  }
  const phrases = rules.strategyMatchers.map((m, index) => ({
    phrase: m.phrase.toLowerCase(),
    index,
  }));
  const training = new WeakMap<Catalog, ReadonlySet<Goal>>();
  const compiled: CompiledRules = {
    rules,
    routeSteps,
    dataTypes,
    phrases,
    stepRule: (stepId) => stepRuleOf(rules, stepId),
    family: (name, alias) => familyOf(rules, name, alias),
    trainingGoals(catalog) {
      const known = training.get(catalog);
      if (known) return known;
      const goals = new Set<Goal>();
      for (const route of rules.routes) {
        const categories = [...(routeSteps.get(route.id) ?? [])].map(
          (id) => catalog.step(id)?.category,
        );
        if (categories.some((c) => c !== undefined && rules.eval.qualityCategories.includes(c))) {
          for (const goal of route.goals) goals.add(goal);
        }
      }
      training.set(catalog, goals);
      return goals;
    },
  };
  compiledCache.set(rules, compiled);
  return compiled;
}

function stepsOfRoute(route: Route): Set<string> {
  return new Set(route.candidates.flatMap((c) => c.stages.map((s) => s.step)));
}
