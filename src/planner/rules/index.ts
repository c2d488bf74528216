import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot, parseYamlText } from "../../catalog/index.js";
import { rulesFile } from "../rules-cache.js";
import { type PlanningRules, PlanningRulesSchema } from "./schema.js";

export * from "./condition.js";
export * from "./schema.js";

/** The planning rules shipped with the package, relative to its root. */
export const PLANNING_RULES_FILE = "references/routing/planning.yaml";

const cache = new Map<string, PlanningRules>();
const planningRulesFile = rulesFile(PLANNING_RULES_FILE, PlanningRulesSchema, (file) =>
  parsePlanningRules(readFileSync(file, "utf8"), file),
);

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

/** Validate planning rules given as YAML text; errors name the file and the offending field. */
export function parsePlanningRules(text: string, file = "planning.yaml"): PlanningRules {
  let data: unknown;
  try {
    data = parseYamlText(text, file).toJS();
  } catch (error) {
    throw new PlanningRulesError(error instanceof Error ? error.message : String(error));
  }
  const result = PlanningRulesSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.map(String).join(".") || "(document)";
    throw new PlanningRulesError(`${file}: ${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}
