import type { StepRule } from "../../planner/rules/index.js";

/**
 * Config keys the planning rules own for a step: the model and tokenizer,
 * sequence lengths, LoRA switch, parallel layout and batch, languages,
 * endpoints, input and output paths. The rules derive them from the request
 * and keep them consistent with each other, so a model never sets them.
 */
export function ruleKeys(rule: StepRule): Set<string> {
  const keys = new Set<string>();
  for (const value of Object.values(rule.keys)) {
    if (typeof value === "string") keys.add(value);
    else if (Array.isArray(value)) for (const key of value) keys.add(key);
    else if (value && typeof value === "object" && "key" in value) keys.add(value.key);
  }
  for (const key of Object.values(rule.inputs)) keys.add(key);
  for (const output of Object.values(rule.outputs)) keys.add(output.key);
  return keys;
}
