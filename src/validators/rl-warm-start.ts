import type { PlanContext } from "../planner/context.js";
import type { Finding, PlanDraft, Stage } from "../planner/plan.js";
import type { PlanningRules } from "../planner/rules/index.js";
import { warning } from "./finding.js";

/**
 * RL stages start from a fine-tuned policy: their checkpoint input must come
 * (possibly through converters) from an SFT/PEFT/RL stage, or be a checkpoint
 * the user says they already have.
 */
export function checkRlWarmStart(
  draft: PlanDraft,
  ctx: PlanContext,
  rules: PlanningRules,
): Finding[] {
  const { warmStart } = rules;
  const graph = ctx.catalog.artifacts;
  const byId = new Map(draft.stages.map((s) => [s.id, s]));
  const declared = ctx.intent.data.has.some((t) => graph.isCompatible(t, warmStart.type));
  const findings: Finding[] = [];
  for (const stage of draft.stages) {
    if (!warmStart.steps.includes(stage.step)) continue;
    const input = stage.consumes.find((c) => graph.isCompatible(c.type, warmStart.type));
    const fix = `Add an SFT stage before ${stage.id} (it passes on its ${warmStart.type}), or give the path of an SFT ${warmStart.type}.`;
    if (!input) {
      findings.push(
        warning(
          "rl_warm_start",
          `${stage.id} (${stage.step}) has no ${warmStart.type} to start from.`,
          fix,
          stage.id,
        ),
      );
      continue;
    }
    if (input.from === "user") {
      if (!declared) {
        findings.push(
          warning(
            "rl_warm_start",
            `${stage.id} (${stage.step}) has no fine-tuned policy yet: nothing in the plan or the request provides an SFT ${warmStart.type}.`,
            fix,
            stage.id,
          ),
        );
      }
      continue;
    }
    const origin = originOf(byId.get(input.from), byId, ctx, warmStart.passThrough);
    const category = origin ? ctx.catalog.step(origin.step)?.category : undefined;
    if (origin && category && !warmStart.fromCategories.includes(category)) {
      findings.push(
        warning(
          "rl_warm_start",
          `${stage.id} starts from the output of ${origin.id} (${origin.step}), which is not a fine-tuned policy.`,
          fix,
          stage.id,
        ),
      );
    }
  }
  return findings;
}

/** Follow converter stages back to the stage whose checkpoint they carry. */
function originOf(
  stage: Stage | undefined,
  byId: ReadonlyMap<string, Stage>,
  ctx: PlanContext,
  passThrough: readonly string[],
) {
  let current = stage;
  for (let hops = 0; current && hops < byId.size; hops++) {
    const category = ctx.catalog.step(current.step)?.category;
    if (!category || !passThrough.includes(category)) return current;
    const from = current.consumes.find((c) => c.from !== "user")?.from;
    current = from ? byId.get(from) : undefined;
  }
  return current;
}
