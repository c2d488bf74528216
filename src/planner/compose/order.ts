import type { Goal, Intent } from "../intent.js";
import type { PlanNode } from "./dag.js";
import type { Facts } from "./facts.js";

/**
 * Topological order of the stages; among stages that are ready together the
 * lower rank goes first (creation order, baseline eval before training).
 */
export function orderNodes(nodes: readonly PlanNode[]): PlanNode[] {
  const waiting = new Map<PlanNode, number>();
  const consumers = new Map<PlanNode, PlanNode[]>();
  for (const node of nodes) {
    const upstream = new Set(
      node.inputs.flatMap((i) => (i.source.kind === "stage" ? [i.source.node] : [])),
    );
    waiting.set(node, upstream.size);
    for (const up of upstream) consumers.set(up, [...(consumers.get(up) ?? []), node]);
  }
  const ready = nodes.filter((n) => waiting.get(n) === 0);
  const ordered: PlanNode[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a.rank - b.rank || a.index - b.index);
    const next = ready.shift();
    if (!next) break;
    ordered.push(next);
    for (const consumer of consumers.get(next) ?? []) {
      const left = (waiting.get(consumer) ?? 1) - 1;
      waiting.set(consumer, left);
      if (left === 0) ready.push(consumer);
    }
  }
  return ordered;
}

/** `01_sft_packing`: two-digit position plus the last segment of the step id. */
export function stageId(position: number, stepId: string): string {
  const last = stepId.split("/").at(-1) ?? stepId;
  return `${String(position + 1).padStart(2, "0")}_${last}`;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** A short, deterministic kebab-case plan name: model, goals, target language. */
export function planName(intent: Intent, facts: Facts, goalOrder: readonly Goal[]): string {
  const parts: string[] = [];
  const named = intent.model;
  // A checkpoint path says nothing about the model; only ids and aliases name it.
  const pathLike = named?.format === "megatron" || /^[./~]/.test(named?.name ?? "");
  const model =
    facts.family?.label ?? named?.alias ?? (pathLike ? undefined : named?.name.split("/").at(-1));
  if (model) parts.push(slug(model));
  const goals = goalOrder.filter((g) => facts.goals.has(g));
  parts.push(...(goals.length > 0 ? goals : [intent.route === "single_step" ? "step" : "plan"]));
  if (intent.translation.target) parts.push(slug(intent.translation.target));
  const name = slug(parts.join("-")).slice(0, 48).replace(/-+$/g, "");
  return name || "plan";
}

/** Name of the new config for a stage: the plan name, numbered when a step repeats. */
export function configName(
  plan: string,
  id: string,
  repeated: boolean,
  shipped: readonly string[],
): string {
  const base = repeated ? `${plan}-${id.slice(0, 2)}` : plan;
  return shipped.includes(base) ? `${base}-plan` : base;
}
