import type { PlanContext } from "../planner/context.js";
import type { ComposedPlan, Finding } from "../planner/plan.js";
import type { PlanningRules } from "../planner/rules/index.js";
import { checkAlignment } from "./alignment.js";
import { checkArtifactChain } from "./artifact-chain.js";
import { checkBatchDivisibility } from "./batch-divisibility.js";
import { checkCatalogEntries } from "./catalog-entries.js";
import { checkGpuFit } from "./gpu-fit.js";
import { checkHardwareHeuristics } from "./hardware-heuristics.js";
import { checkMemoryFit, type MemoryFitData } from "./memory-fit/index.js";
import { checkModelSupport } from "./model-support.js";
import { checkProfiles } from "./profiles.js";
import { checkRlWarmStart } from "./rl-warm-start.js";
import { checkStageParams } from "./stage-params.js";

export { checkAlignment } from "./alignment.js";
export { checkArtifactChain, checkPlanGraph, type GraphStage } from "./artifact-chain.js";
export { checkBatchDivisibility } from "./batch-divisibility.js";
export { checkCatalogEntries } from "./catalog-entries.js";
export { error, info, warning } from "./finding.js";
export { checkGpuFit, fitLadder, listedModel } from "./gpu-fit.js";
export { checkHardwareHeuristics } from "./hardware-heuristics.js";
export { checkModelSupport } from "./model-support.js";
export { checkProfiles } from "./profiles.js";
export { checkRlWarmStart } from "./rl-warm-start.js";
export { checkStageParams } from "./stage-params.js";

/** Every hard check over a composed plan, in a stable order. */
export function checkPlan(plan: ComposedPlan, ctx: PlanContext, rules: PlanningRules): Finding[] {
  const { draft } = plan;
  return [
    ...checkCatalogEntries(ctx.catalog),
    ...checkArtifactChain(draft, ctx),
    ...checkStageParams(draft, ctx),
    ...checkAlignment(draft, ctx, rules),
    ...checkRlWarmStart(draft, ctx, rules),
    ...checkGpuFit(plan, ctx, rules),
    ...checkModelSupport(draft, ctx, rules),
    ...checkBatchDivisibility(plan, ctx, rules),
    ...checkHardwareHeuristics(plan, ctx, rules),
    ...checkProfiles(draft, ctx),
  ];
}

/** Every hard check plus the per-GPU memory estimate (its rows go to the plan). */
export function checkPlanFit(
  plan: ComposedPlan,
  ctx: PlanContext,
  rules: PlanningRules,
  memoryFitData: MemoryFitData,
) {
  const memory = checkMemoryFit(plan, ctx, rules, memoryFitData);
  return { findings: [...checkPlan(plan, ctx, rules), ...memory.findings], memory: memory.rows };
}
