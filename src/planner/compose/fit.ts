import type { Catalog, StepManifest } from "../../catalog/index.js";
import type { CompiledRules } from "./compiled.js";
import type { Collector } from "./entry.js";
import type { Facts } from "./facts.js";

/** The GPU minimum a step lists for a model, when it lists the model with one. */
function minimumFor(step: StepManifest, model: string): number | undefined {
  const wanted = model.toLowerCase();
  return step.models.find((m) => m.name.toLowerCase() === wanted)?.min_gpus;
}

/**
 * For a recommendation: when the step a goal routes to lists the model with a
 * GPU minimum above what the request has, recommend the first rung of the
 * step's hardware ladder (AutoModel, then LoRA) that lists the model within
 * the GPUs, and say why. Otherwise the step stands.
 */
export function fittingStep(
  step: StepManifest,
  catalog: Catalog,
  compiled: CompiledRules,
  facts: Facts,
  collector: Collector,
): StepManifest {
  const { gpus, modelName } = facts;
  if (gpus === undefined || !modelName) return step;
  const needed = minimumFor(step, modelName);
  if (needed === undefined || needed <= gpus) return step;
  const ladder = compiled.rules.hardware.ladders[step.id] ?? {};
  for (const id of [ladder.automodel, ladder.lora]) {
    const rung = id ? catalog.step(id) : undefined;
    const minimum = rung ? minimumFor(rung, modelName) : undefined;
    if (!rung || minimum === undefined || minimum > gpus) continue;
    collector.info(
      "fit_fallback",
      `${modelName} needs at least ${needed} GPUs on ${step.id}; with ${gpus}, ${rung.id} fits it (minimum ${minimum}).`,
      `Plan ${needed} or more GPUs to use ${step.id} instead.`,
    );
    return rung;
  }
  return step;
}
