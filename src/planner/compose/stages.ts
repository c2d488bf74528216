import type { StepManifest } from "../../catalog/index.js";
import type { Intent } from "../intent.js";
import type { Stage } from "../plan.js";
import type { CompiledRules } from "./compiled.js";
import type { PlanNode } from "./dag.js";
import type { Entry } from "./entry.js";
import type { Facts } from "./facts.js";
import { configName, stageId } from "./order.js";

/** The shipped config a stage's new config starts from. */
export function baseConfigOf(step: StepManifest, node: PlanNode, intent: Intent): string {
  const shipped = (name: string | undefined) =>
    name !== undefined && step.configs.includes(name) ? name : undefined;
  return (
    shipped(intent.configName) ??
    shipped(node.variant?.baseConfig) ??
    shipped("default") ??
    step.configs[0] ??
    "default"
  );
}

/** Turn ordered nodes into stage records (ids, wiring, config paths); params come later. */
export function buildEntries(
  ordered: readonly PlanNode[],
  plan: string,
  compiled: CompiledRules,
  facts: Facts,
): Entry[] {
  const ids = new Map(ordered.map((node, i) => [node, stageId(i, node.step.id)]));
  const counts = new Map<string, number>();
  for (const node of ordered) counts.set(node.step.id, (counts.get(node.step.id) ?? 0) + 1);
  return ordered.map((node) => {
    const { step } = node;
    const id = ids.get(node) ?? stageId(node.index, step.id);
    const baseConfig = baseConfigOf(step, node, facts.intent);
    const file = configName(plan, id, (counts.get(step.id) ?? 0) > 1, step.configs);
    const stage: Stage = {
      id,
      step: step.id,
      consumes: node.inputs.map((input) => {
        const { source } = input;
        if (source.kind === "user")
          return { type: input.port, from: "user", required: input.required };
        return {
          type: source.type,
          from: ids.get(source.node) ?? "user",
          required: input.required,
        };
      }),
      produces: node.outputs.map((o) => ({ type: o.type })),
      params: {},
      strategies: [],
      patterns: [],
      baseConfig,
      configPath: `${step.path}/config/${file}.yaml`,
    };
    const model = stageModel(node, compiled, facts);
    if (model) stage.model = model;
    return { node, stage };
  });
}

/** The model a stage trains, converts or serves, when it has one. */
function stageModel(node: PlanNode, compiled: CompiledRules, facts: Facts): string | undefined {
  const { rules } = compiled;
  const isEval = node.step.id === rules.eval.step;
  const trains = rules.eval.qualityCategories.includes(node.step.category);
  if (!isEval && !trains && !node.rule.keys.model) return undefined;
  const served = isEval && !node.inputs.some((i) => i.source.kind === "stage");
  return (served ? facts.endpointModel : undefined) ?? facts.modelName;
}
