import type { PlanContext } from "../planner/context.js";
import { parallelShape } from "../planner/parallel.js";
import type { ComposedPlan, Finding } from "../planner/plan.js";
import { type PlanningRules, stepRuleOf } from "../planner/rules/index.js";
import { warning } from "./finding.js";

/**
 * The parallel layout divides the GPU count, and the global batch divides by
 * the data-parallel size (GPUs / (tp * pp * cp)), using the plan's values or
 * the shipped config's.
 */
export function checkBatchDivisibility(
  { draft, facts }: ComposedPlan,
  ctx: PlanContext,
  rules: PlanningRules,
): Finding[] {
  const { gpus } = facts;
  if (gpus === undefined) return [];
  const findings: Finding[] = [];
  for (const stage of draft.stages) {
    const { keys } = stepRuleOf(rules, stage.step);
    if (!keys.tp && !keys.globalBatch) continue;
    const shape = parallelShape(ctx.catalog, stage, keys, gpus);
    const model = shape.tp * shape.pp * shape.cp;
    if (shape.dp === undefined) {
      findings.push(
        warning(
          "parallel_shape",
          `${stage.id}: tp*pp*cp = ${shape.tp}*${shape.pp}*${shape.cp} = ${model} does not divide ${gpus} GPUs.`,
          `Choose tensor/pipeline/context parallel sizes whose product divides ${gpus}.`,
          stage.id,
        ),
      );
      continue;
    }
    const batch = shape.globalBatch;
    if (batch !== undefined && keys.globalBatch && batch % shape.dp !== 0) {
      const next = Math.ceil(batch / shape.dp) * shape.dp;
      findings.push(
        warning(
          "batch_divisibility",
          `${stage.id}: global batch ${batch} is not divisible by the data-parallel size ${shape.dp} (${gpus} GPUs / ${model}).`,
          `Set ${keys.globalBatch}=${next} (a multiple of ${shape.dp}).`,
          stage.id,
        ),
      );
    }
  }
  return findings;
}
