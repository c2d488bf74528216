import type { Catalog } from "../../catalog/index.js";
import type { CompiledRules } from "./compiled.js";
import { matches } from "./conditions.js";
import type { DagBuilder, PlanNode, VariantPicker } from "./dag.js";
import type { Facts } from "./facts.js";

/** The last stage that changes model quality (the one eval bookends surround). */
export function lastQualityStage(builder: DagBuilder, compiled: CompiledRules) {
  const categories = compiled.rules.eval.qualityCategories;
  return builder.nodes.filter((n) => categories.includes(n.step.category)).at(-1);
}

/**
 * Eval bookends: after the last quality-changing stage when quality is
 * claimed (by the user or by the rules' implied claim) and no eval stage was
 * asked for. The baseline run before training is a note on that stage, not a
 * stage of its own: it would read only the user's checkpoint and stand apart
 * from the chart.
 */
export function addEvalBookends(
  builder: DagBuilder,
  catalog: Catalog,
  compiled: CompiledRules,
  facts: Facts,
  pickVariant: VariantPicker,
) {
  const { eval: rule } = compiled.rules;
  const step = catalog.step(rule.step);
  const quality = lastQualityStage(builder, compiled);
  if (!step || !quality || facts.intent.declined.includes("eval")) return;
  const asked = builder.nodes.some((n: PlanNode) => n.step.id === rule.step && n.origin === "goal");
  // An implied claim depends on what the stages produce, so it is judged now, not up front.
  const implied =
    rule.impliedClaim !== undefined &&
    matches(rule.impliedClaim, { facts, produced: builder.produced });
  if (!facts.qualityClaim && !implied && !asked) return;
  if (!asked) {
    builder.add(step, {
      origin: "bookend",
      variant: pickVariant(step, "bookend"),
      sourceNode: quality,
    });
  }
}
