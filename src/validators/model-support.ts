import type { PlanContext } from "../planner/context.js";
import type { Finding, PlanDraft } from "../planner/plan.js";
import type { PlanningRules } from "../planner/rules/index.js";
import { info, warning } from "./finding.js";
import { listedModel } from "./gpu-fit.js";

/** The planned model is one the step lists (its shipped config is tuned for those). */
export function checkModelSupport(
  draft: PlanDraft,
  ctx: PlanContext,
  rules: PlanningRules,
): Finding[] {
  const findings: Finding[] = [];
  // A checkpoint path is not a model id, so the step's model list cannot judge it.
  if (ctx.intent.model?.format === "megatron") return findings;
  for (const stage of draft.stages) {
    const step = ctx.catalog.step(stage.step);
    if (!step || !stage.model || step.models.length === 0 || listedModel(step, stage.model))
      continue;
    const listed = step.models.map((m) => m.name).join(", ");
    const message = `${stage.model} is not among the models ${step.id} lists (${listed}); its shipped config targets those.`;
    const fix =
      "Check the recipe, parallel and memory settings for this model, or pick a listed model.";
    const level = rules.steps[step.id]?.unlistedModel ?? "info";
    findings.push(
      level === "warning"
        ? warning("model_unlisted", message, fix, stage.id)
        : info("model_unlisted", message, fix, stage.id),
    );
  }
  return findings;
}
