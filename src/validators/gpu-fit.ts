import type { Catalog, StepManifest } from "../catalog/index.js";
import type { PlanContext } from "../planner/context.js";
import type { ComposedPlan, Finding } from "../planner/plan.js";
import type { PlanningRules } from "../planner/rules/index.js";
import { warning } from "./finding.js";

/** The `[[models]]` entry of a step for a model id (case-insensitive). */
export function listedModel(step: StepManifest, model: string) {
  const wanted = model.toLowerCase();
  return step.models.find((m) => m.name.toLowerCase() === wanted);
}

/** Listed models of a step that fit `gpus`, largest minimum first. */
function fitting(step: StepManifest | undefined, gpus: number, except?: string) {
  return (step?.models ?? [])
    .filter((m) => m.min_gpus !== undefined && m.min_gpus <= gpus && m.name !== except)
    .sort((a, b) => (b.min_gpus ?? 0) - (a.min_gpus ?? 0))
    .slice(0, 3)
    .map((m) => `${m.name} (min ${m.min_gpus})`);
}

/**
 * The fix ladder for a model that does not fit: a smaller model on the same
 * step, then the AutoModel step, then LoRA, each naming catalog models that fit.
 */
export function fitLadder(
  catalog: Catalog,
  rules: PlanningRules,
  step: StepManifest,
  model: string,
  gpus: number,
) {
  const rungs: string[] = [];
  const smaller = fitting(step, gpus, model);
  if (smaller.length > 0) rungs.push(`smaller model on ${step.id}: ${smaller.join(", ")}`);
  const ladder = rules.hardware.ladders[step.id] ?? {};
  for (const [label, id] of [
    ["AutoModel", ladder.automodel],
    ["LoRA", ladder.lora],
  ] as const) {
    if (!id || id === step.id) continue;
    const models = fitting(catalog.step(id), gpus);
    rungs.push(
      models.length > 0
        ? `${label}: ${id} with ${models.join(", ")}`
        : `${label}: ${id} (none of its listed models fits ${gpus} GPUs)`,
    );
  }
  return rungs.map((r, i) => `${i + 1}) ${r}`).join("; ");
}

/** The selected model's `min_gpus` on its step is met by the GPUs the user has. */
export function checkGpuFit(
  { draft, facts }: ComposedPlan,
  ctx: PlanContext,
  rules: PlanningRules,
): Finding[] {
  const { gpus } = facts;
  if (gpus === undefined) return [];
  const findings: Finding[] = [];
  for (const stage of draft.stages) {
    const step = ctx.catalog.step(stage.step);
    const entry = step && stage.model ? listedModel(step, stage.model) : undefined;
    if (!step || !stage.model || entry?.min_gpus === undefined || gpus >= entry.min_gpus) continue;
    const ladder = fitLadder(ctx.catalog, rules, step, stage.model, gpus);
    findings.push(
      warning(
        "gpu_min",
        `${stage.model} needs at least ${entry.min_gpus} GPUs on ${step.id}; the plan has ${gpus}.`,
        ladder ? `Try, in order: ${ladder}.` : `Plan at least ${entry.min_gpus} GPUs.`,
        stage.id,
      ),
    );
  }
  return findings;
}
