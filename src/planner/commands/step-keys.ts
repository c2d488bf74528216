import type { Catalog, StepManifest } from "../../catalog/index.js";
import type { Intent } from "../intent.js";
import type { ParamValue } from "../plan.js";
import { answersData, type Condition, isGiven, valueAtPath } from "./answers-data.js";

/** Shipped configs a key may be looked up in: the one in use, then `default`. */
function lookupConfigs(step: StepManifest, config: string): string[] {
  return [config, "default"].filter(
    (name, i, all) => step.configs.includes(name) && all.indexOf(name) === i,
  );
}

/**
 * True when `key` is something the step defines: a `[[parameters]]` name, or a dotted path
 * present in the shipped config the command uses (or the step's `default.yaml`).
 */
export function stepDefinesKey(
  catalog: Catalog,
  step: StepManifest,
  config: string,
  key: string,
): boolean {
  if (step.parameters.some((p) => p.name === key)) return true;
  const keyPath = key.split(".");
  return lookupConfigs(step, config).some((name) =>
    catalog.configValues(step.id, name).has(keyPath),
  );
}

/** Value of `key` for this command: the override, then the shipped config, then the manifest default. */
export function effectiveValue(
  catalog: Catalog,
  step: StepManifest,
  config: string,
  overrides: Record<string, ParamValue>,
  key: string,
): unknown {
  if (key in overrides) return overrides[key];
  const keyPath = key.split(".");
  for (const name of lookupConfigs(step, config)) {
    const values = catalog.configValues(step.id, name);
    if (values.has(keyPath)) return values.value(keyPath);
  }
  return step.parameters.find((p) => p.name === key)?.default;
}

export interface ConditionScope {
  catalog: Catalog;
  step: StepManifest;
  config: string;
  overrides: Record<string, ParamValue>;
  intent: Intent;
}

/** True when any condition of a `when` list holds (see references/routing/answers.yaml). */
export function anyConditionHolds(
  conditions: readonly Condition[],
  scope: ConditionScope,
): boolean {
  return conditions.some((condition) => {
    if ("config" in condition) return condition.config === scope.config;
    if ("intent" in condition) return isGiven(valueAtPath(scope.intent, condition.intent));
    const value = effectiveValue(
      scope.catalog,
      scope.step,
      scope.config,
      scope.overrides,
      condition.param,
    );
    if (!condition.equals) return isGiven(value);
    return condition.equals.some((wanted) => String(wanted) === String(value));
  });
}

/**
 * The shipped config a one-step command runs with: the one the user named, else the plan's base
 * when it is not plain `default`, else a hint from answers.yaml, else `default`, else the first.
 */
export function chooseShippedConfig(
  catalog: Catalog,
  step: StepManifest,
  intent: Intent,
  baseConfig: string,
  overrides: Record<string, ParamValue>,
): string {
  const ships = (name: string | undefined): name is string => !!name && step.configs.includes(name);
  if (ships(intent.configName)) return intent.configName;
  if (baseConfig !== "default" && ships(baseConfig)) return baseConfig;
  for (const hint of answersData().configHints) {
    if (hint.step !== step.id) continue;
    if ("configFrom" in hint) {
      const named = valueAtPath(intent, hint.configFrom);
      if (typeof named === "string" && ships(named)) return named;
      continue;
    }
    const scope = { catalog, step, config: hint.config, overrides, intent };
    if (ships(hint.config) && anyConditionHolds(hint.when, scope)) return hint.config;
  }
  if (ships("default")) return "default";
  return step.configs[0] ?? baseConfig;
}
