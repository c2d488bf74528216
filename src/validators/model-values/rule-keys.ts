import type { Parameter } from "../../catalog/index.js";
import type { StepRule } from "../../planner/rules/index.js";

/**
 * Config keys the planning rules own for a step: the model and tokenizer,
 * sequence lengths, LoRA switch, parallel layout and batch, languages,
 * endpoints, input and output paths. The rules derive them from the request
 * and keep them consistent with each other, so a model never sets them. A
 * declared parameter named like one of them (`seq_length` beside
 * `model.seq_length`) is the same setting and is theirs too.
 */
export function ruleKeys(rule: StepRule, declared: readonly Parameter[] = []): Set<string> {
  const keys = new Set<string>();
  for (const value of Object.values(rule.keys)) {
    if (typeof value === "string") keys.add(value);
    else if (Array.isArray(value)) for (const key of value) keys.add(key);
    else if (value && typeof value === "object" && "key" in value) keys.add(value.key);
  }
  for (const key of Object.values(rule.inputs)) keys.add(key);
  for (const output of Object.values(rule.outputs)) keys.add(output.key);
  const leaves = new Set([...keys].map((key) => key.split(".").at(-1)));
  for (const p of declared) if (leaves.has(p.name.split(".").at(-1))) keys.add(p.name);
  return keys;
}
