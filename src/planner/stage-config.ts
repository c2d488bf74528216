import { parse as parseYaml } from "yaml";
import type { Catalog, StepManifest } from "../catalog/index.js";
import type { ParamValue } from "./plan.js";

/** The minimum a stage needs for its effective config values to be read. */
export interface ConfiguredStage {
  step: string;
  baseConfig: string;
  params: Readonly<Record<string, ParamValue>>;
}

const pathOf = (key: string) => key.split(".");

/** Shipped configs that a new config based on `baseConfig` may take keys from. */
function configsFor(catalog: Catalog, step: StepManifest, baseConfig: string) {
  const names = [baseConfig, "default"].filter((n, i, all) => all.indexOf(n) === i);
  return names.filter((n) => step.configs.includes(n)).map((n) => catalog.configValues(step.id, n));
}

/**
 * True when `key` exists in the base or default shipped config of the step,
 * or is (or lies under) a parameter the manifest declares.
 */
export function keyAccepted(
  catalog: Catalog,
  stepId: string,
  baseConfig: string,
  key: string,
): boolean {
  const step = catalog.step(stepId);
  if (!step || key.length === 0) return false;
  if (step.parameters.some((p) => key === p.name || key.startsWith(`${p.name}.`))) return true;
  const path = pathOf(key);
  return configsFor(catalog, step, baseConfig).some((values) => values.has(path));
}

/** The value a key has in the stage's base config (undefined when absent there). */
export function shippedValue(catalog: Catalog, stepId: string, baseConfig: string, key: string) {
  const step = catalog.step(stepId);
  if (!step?.configs.includes(baseConfig)) return undefined;
  return catalog.configValues(stepId, baseConfig).value(pathOf(key));
}

/** The value the stage will run with: what the plan sets, else what the base config ships. */
export function effectiveValue(catalog: Catalog, stage: ConfiguredStage, key: string): unknown {
  if (Object.hasOwn(stage.params, key)) return stage.params[key];
  return shippedValue(catalog, stage.step, stage.baseConfig, key);
}

/** A number, or a numeric string; interpolations and anything else give undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A string usable as a concrete path or id: no interpolation, no `???` marker. */
export function asConcrete(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  if (value.includes("${") || value.includes("???")) return undefined;
  return value;
}

/** Parse a `key=value` override the way a YAML scalar would read (numbers, booleans, null, lists). */
export function parseOverride(text: string): ParamValue {
  try {
    const parsed: unknown = parseYaml(text);
    return toParamValue(parsed) ?? text;
  } catch {
    return text;
  }
}

function toParamValue(value: unknown): ParamValue | undefined {
  if (value === null) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items = value.map(toParamValue);
    return items.every((i) => i !== undefined) ? items.filter((i) => i !== undefined) : undefined;
  }
  if (typeof value === "object") {
    const out: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const converted = toParamValue(v);
      if (converted === undefined) return undefined;
      out[k] = converted;
    }
    return out;
  }
  return undefined;
}
