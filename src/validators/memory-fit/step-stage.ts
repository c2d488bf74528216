import type { Catalog } from "../../catalog/index.js";
import { fitShape, gcd, parallelShape } from "../../planner/parallel.js";
import type { ParamValue } from "../../planner/plan.js";
import type { PlanningRules } from "../../planner/rules/index.js";
import type { MemoryFitData } from "./data.js";

export type TrainingMode = "full" | "lora";

/** Full and/or LoRA, as the step supports them. */
export function modesOf(data: MemoryFitData, rules: PlanningRules, stepId: string): TrainingMode[] {
  const fit = data.steps[stepId];
  if (!fit) return [];
  if (fit.lora === "always") return ["lora"];
  return rules.steps[stepId]?.keys.lora ? ["full", "lora"] : ["full"];
}

/**
 * A stage of `stepId` as a plan would configure it for one model on `gpus`
 * GPUs: its default config, the model and the LoRA switch set, and the
 * shipped parallel layout shrunk to divide the GPUs (as the composer does).
 * `params` are applied first, so a caller can start from another layout.
 */
export function stepStage(
  catalog: Catalog,
  rules: PlanningRules,
  stepId: string,
  model: string,
  gpus: number,
  mode: TrainingMode,
  params: Record<string, ParamValue> = {},
) {
  const keys = rules.steps[stepId]?.keys ?? { tokenizer: [], seqLength: [] };
  const set: Record<string, ParamValue> = { ...params };
  if (keys.model) set[keys.model] = model;
  if (keys.lora) set[keys.lora.key] = mode === "lora" ? keys.lora.on : keys.lora.off;
  const stage = { id: stepId, step: stepId, baseConfig: "default", params: set, model };
  const shape = parallelShape(catalog, stage, keys, gpus);
  const fitted = fitShape(shape, gpus);
  const write = (key: string | undefined, from: number, to: number) => {
    if (key && from !== to) set[key] = to;
  };
  write(keys.tp, shape.tp, fitted.tp);
  write(keys.cp, shape.cp, fitted.cp);
  write(keys.pp, shape.pp, fitted.pp);
  const perStage = gpus / fitted.pp;
  if (keys.ep && shape.ep !== undefined && shape.ep > 1 && perStage % shape.ep !== 0) {
    set[keys.ep] = Math.max(1, gcd(shape.ep, perStage));
  }
  return stage;
}
