import type { PlanContext } from "../planner/context.js";
import type { ComposedPlan, Finding } from "../planner/plan.js";
import type { Heuristic, PlanningRules } from "../planner/rules/index.js";
import { info, warning } from "./finding.js";

/**
 * Backend and hardware heuristics from the planning rules (e.g. Megatron-Bridge on 2-4 GPUs),
 * for those whose conditions the composed plan's facts say hold.
 */
export function checkHardwareHeuristics(
  { draft, facts }: ComposedPlan,
  ctx: PlanContext,
  rules: PlanningRules,
): Finding[] {
  const hw = ctx.intent.hardware;
  const fill = (text: string, step: string | undefined, model: string | undefined) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const values: Record<string, string | undefined> = {
        step,
        gpus: facts.gpus === undefined ? undefined : String(facts.gpus),
        model: model ?? ctx.intent.model?.name,
        memory: hw.gpuMemoryGb === undefined ? undefined : String(hw.gpuMemoryGb),
        interconnect: hw.interconnect,
      };
      return values[name] ?? whole;
    });
  const make = (h: Heuristic, step?: string, model?: string, stage?: string) => {
    const message = fill(h.message, step, model);
    const fix = fill(h.fix, step, model);
    return h.level === "warning"
      ? warning(h.id, message, fix, stage)
      : info(h.id, message, fix, stage);
  };
  const findings: Finding[] = [];
  for (const heuristic of rules.hardware.heuristics) {
    if (!facts.heuristics.includes(heuristic.id)) continue;
    if (heuristic.steps.length === 0) {
      if (draft.stages.length > 0) findings.push(make(heuristic));
      continue;
    }
    for (const stage of draft.stages) {
      if (heuristic.steps.includes(stage.step)) {
        findings.push(make(heuristic, stage.step, stage.model, stage.id));
      }
    }
  }
  return findings;
}
