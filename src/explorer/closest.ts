import type { Catalog, StepManifest } from "../catalog/index.js";
import type { PlanningRules } from "../planner/rules/index.js";
import type { ClosestStep } from "./schema.js";

/** The parts of a gap analysis that say what the new step must do. */
export interface Target {
  goal: string;
  /** Backend id and its display label (`automodel`, `AutoModel`). */
  backend: string | undefined;
  backendLabel: string;
  /** Steps of the catalog that run on the backend. */
  backendSteps: ReadonlySet<string>;
  /** Goal each catalog step serves, by step id. */
  stepGoal: ReadonlyMap<string, string>;
  /** Artifact types that are model checkpoints (`checkpoint_hf`, `checkpoint_megatron`). */
  modelTypes: readonly string[];
  /** Data (non-checkpoint) types and the checkpoint type the new step reads. */
  dataTypes: readonly string[];
  modelType: string | undefined;
  produces: readonly string[];
  /** Role of the user's records (`preference`), from the planning rules' kind roles. */
  dataRole: string | undefined;
  unsupportedModels: readonly string[];
}

/** The library or stack in a step's name: `SFT Training (AutoModel)` → `AutoModel`. */
export function stackLabel(step: StepManifest): string {
  const match = /\(([^()]+)\)\s*$/.exec(step.name);
  return match?.[1]?.trim() || step.id.split("/").slice(1).join("/") || step.id;
}

/** What `step` already does for the target and what it lacks, in short clauses. */
export function describeStep(
  catalog: Catalog,
  rules: PlanningRules,
  step: StepManifest,
  target: Target,
): { fits: string[]; misses: string[] } {
  const graph = catalog.artifacts;
  const fits: string[] = [];
  const misses: string[] = [];
  const served = target.stepGoal.get(step.id);
  if (served === target.goal) fits.push(`does ${target.goal}`);
  else misses.push(`trains ${served ?? step.category}, not ${target.goal}`);
  if (target.backend) {
    if (target.backendSteps.has(step.id)) fits.push(`runs on ${target.backendLabel}`);
    else misses.push(`runs on ${stackLabel(step)}, not ${target.backendLabel}`);
  }
  const models = step.consumes.filter((c) => target.modelTypes.includes(c.type));
  for (const port of models) {
    if (!target.modelType) continue;
    if (graph.isCompatible(target.modelType, port.type)) fits.push(`reads ${port.type}`);
    else {
      const via = graph.converterFor(target.modelType, port.type);
      const detour = via ? ` (${via} could convert, but that leaves ${target.backendLabel})` : "";
      misses.push(`reads ${port.type}, not ${target.modelType}${detour}`);
    }
  }
  for (const type of target.dataTypes) {
    const port = step.consumes.find((c) => graph.isCompatible(type, c.type));
    if (!port) {
      const has = step.consumes.filter((c) => !target.modelTypes.includes(c.type));
      misses.push(`reads ${has.map((c) => c.type).join(", ") || "no data"}, not ${type}`);
      continue;
    }
    fits.push(`reads ${type}`);
    const roles = rules.steps[step.id]?.accept[port.type];
    if (target.dataRole && roles && !roles.includes(target.dataRole)) {
      misses.push(`reads ${port.type} as ${roles.join("/")} records, not ${target.dataRole}`);
    }
  }
  for (const type of target.produces) {
    const out = step.produces.find((p) => graph.isCompatible(p.type, type));
    if (out) fits.push(`produces ${type}`);
    else
      misses.push(
        `produces ${step.produces.map((p) => p.type).join(", ") || "nothing"}, not ${type}`,
      );
  }
  for (const model of target.unsupportedModels) {
    if (!step.models.some((m) => m.name.toLowerCase() === model.toLowerCase())) {
      misses.push(`does not list ${model}`);
    }
  }
  return { fits, misses };
}

/** More covered clauses first, then fewer missing ones, then id order. */
export function byCloseness(a: ClosestStep, b: ClosestStep): number {
  return (
    b.fits.length - a.fits.length || a.misses.length - b.misses.length || a.id.localeCompare(b.id)
  );
}
