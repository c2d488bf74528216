import type { Catalog, StepManifest } from "../catalog/index.js";
import { isSecretKey } from "../secrets/index.js";

/**
 * Compact step metadata for prompts: ids, artifact types in and out, model
 * names with GPU minimums, parameter names. Never descriptions, configs,
 * defaults of credential parameters, or any file's text.
 */

const ports = (list: readonly { type: string }[]) => list.map((p) => p.type).join("|") || "-";

/** One line per step: `id (name): in a|b -> out c`. */
export function stepLine(step: StepManifest): string {
  return `- ${step.id} (${step.name}): in ${ports(step.consumes)} -> out ${ports(step.produces)}`;
}

/** A step with its models and parameter names, for the steps a request is likely to use. */
export function stepDetail(step: StepManifest): string {
  const models = step.models.map((m) =>
    m.min_gpus ? `${m.name} (min ${m.min_gpus} GPUs)` : m.name,
  );
  const params = step.parameters.map((p) => p.name).filter((name) => !isSecretKey(name));
  return [
    stepLine(step),
    models.length ? `  models: ${models.join(", ")}` : "",
    params.length ? `  params: ${params.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * Every step as one line (so the model can name any of them), the candidate
 * steps in detail, and the artifact type names.
 */
export function catalogBrief(catalog: Catalog, candidateIds: readonly string[]): string {
  const wanted = new Set(candidateIds);
  const lines = catalog.steps.map((step) =>
    wanted.has(step.id) ? stepDetail(step) : stepLine(step),
  );
  const models = [
    ...new Set(
      catalog.steps.filter((s) => !wanted.has(s.id)).flatMap((s) => s.models.map((m) => m.name)),
    ),
  ];
  return [
    "Steps:",
    ...lines,
    models.length ? `Other catalog models: ${models.join(", ")}` : "",
    `Artifact types: ${[...catalog.artifacts.types.keys()].join(", ")}`,
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * Dotted leaf keys of a step's shipped config (names only). Class-path keys
 * (`_target_`) are left out: they select code, not settings a request tunes.
 */
export function configKeys(catalog: Catalog, stepId: string, configName: string): string[] {
  const step = catalog.step(stepId);
  if (!step?.configs.includes(configName)) return [];
  const keys: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k !== "_target_") walk(v, prefix ? `${prefix}.${k}` : k);
      }
    } else if (prefix) keys.push(prefix);
  };
  walk(catalog.config(stepId, configName).toJSON(), "");
  return keys;
}
