import type { CompiledRules } from "./compiled.js";
import type { Collector, Entry } from "./entry.js";
import type { Facts } from "./facts.js";

/**
 * Usual starting sizes from the rules for the planned model family on each
 * stage's step category: stated when the GPU count is unknown, a warning
 * (`hardware_fit`) when the request has fewer GPUs.
 */
export function sizingFindings(
  compiled: CompiledRules,
  facts: Facts,
  entries: readonly Entry[],
  collector: Collector,
) {
  const family = facts.family;
  if (!family) return;
  const perNode = compiled.rules.hardware.gpusPerNode;
  for (const entry of entries) {
    const { step } = entry.node;
    const rule = compiled.rules.hardware.sizing.find(
      (s) => s.families.includes(family.id) && s.categories.includes(step.category),
    );
    if (!rule) continue;
    const nodes = Math.ceil(rule.gpus / perNode);
    const size = `${rule.gpus}+ GPUs (${nodes} nodes of ${perNode})`;
    const subject = `${family.label} on ${step.id}`;
    if (facts.gpus === undefined) {
      collector.info(
        "hardware_sizing",
        `${subject} usually starts at ${size}; no GPU count was given.`,
        undefined,
        entry.stage.id,
      );
    } else if (facts.gpus < rule.gpus) {
      collector.warn(
        "hardware_fit",
        `${subject} usually needs ${size}; the plan has ${facts.gpus}.`,
        `Plan ${size}, or prove the wiring with the step's tiny config before scaling.`,
        entry.stage.id,
      );
    }
  }
}
