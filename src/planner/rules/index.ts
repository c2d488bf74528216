import { readFileSync } from "node:fs";
import path from "node:path";
import { onFirstUse, packageRoot, parseYamlWith } from "../../catalog/index.js";
import { rulesFile } from "../rules-cache.js";
import {
  type ModelFamily,
  type PlanningRules,
  planningSchemas,
  type StepRule,
  stepRuleSchemas,
} from "./schema.js";

export * from "./condition.js";
export * from "./schema.js";

/** The planning rules shipped with the package, relative to its root. */
export const PLANNING_RULES_FILE = "references/routing/planning.yaml";

const cache = new Map<string, PlanningRules>();
const planningRulesFile = rulesFile(
  PLANNING_RULES_FILE,
  () => planningSchemas().PlanningRulesSchema,
  (file) => parsePlanningRules(readFileSync(file, "utf8"), file),
);

const emptyStepRule = onFirstUse(() => stepRuleSchemas().StepRuleSchema.parse({}));

/** The rule for a step: its entry in the rules, else the defaults every step has. */
export function stepRuleOf(rules: PlanningRules, stepId: string): StepRule {
  return rules.steps[stepId] ?? emptyStepRule();
}

/** The model family a model belongs to: by its alias first, else by a match in its name. */
export function familyOf(
  rules: PlanningRules,
  name: string | undefined,
  alias: string | undefined,
): ModelFamily | undefined {
  const families = rules.modelFamilies;
  const wanted = alias?.toLowerCase();
  if (wanted) {
    const byAlias = families.find((f) => f.aliases.includes(wanted) || f.id === wanted);
    if (byAlias) return byAlias;
  }
  const lower = name?.toLowerCase();
  if (!lower) return undefined;
  return families.find((f) => f.match.some((m) => lower.includes(m.toLowerCase())));
}

/** A planning rules file that does not parse or does not match the schema. */
export class PlanningRulesError extends Error {
  override readonly name = "PlanningRulesError";
}

/** Read, validate and cache the planning rules (the shipped file by default). */
export function loadPlanningRules(file?: string): PlanningRules {
  const resolved = path.resolve(file ?? path.join(packageRoot(), PLANNING_RULES_FILE));
  const cached = cache.get(resolved);
  if (cached) return cached;
  const rules = planningRulesFile.load(resolved);
  cache.set(resolved, rules);
  return rules;
}

/** Validate planning rules given as YAML text; errors name the file, line and offending field. */
export function parsePlanningRules(text: string, file = "planning.yaml"): PlanningRules {
  return parseYamlWith(
    planningSchemas().PlanningRulesSchema,
    text,
    file,
    (message) => new PlanningRulesError(message),
  );
}
