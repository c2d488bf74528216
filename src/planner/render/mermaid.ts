import type { Stage } from "../plan.js";

/** Mermaid entity codes for the characters that end a quoted label or an edge label. */
function label(text: string): string {
  return text.replaceAll("#", "#35;").replaceAll('"', "#quot;").replaceAll("|", "#124;");
}

/** The type that actually flows on an edge: the upstream output the consumer's port takes. */
function flowingType(upstream: Stage, wanted: string): string {
  const produced = upstream.produces.map((p) => p.type);
  if (produced.includes(wanted)) return wanted;
  return produced.length === 1 && produced[0] ? produced[0] : wanted;
}

/**
 * A left-to-right flowchart with one node per stage (id `s01`…, label = step id) and one edge per
 * input a stage takes from another stage, labelled with the artifact type that flows. The user's
 * own inputs are not drawn: the Stages table names them, and a chart whose nodes are exactly the
 * plan's steps keeps its node count equal to the stage count.
 */
export function renderMermaid(stages: readonly Stage[]): string {
  const nodeId = new Map(
    stages.map((stage, i) => [stage.id, `s${String(i + 1).padStart(2, "0")}`]),
  );
  const edges: string[] = [];
  const seen = new Set<string>();
  for (const stage of stages) {
    const target = nodeId.get(stage.id);
    if (!target) continue;
    for (const input of stage.consumes) {
      const upstream = stages.find((s) => s.id === input.from);
      const source = nodeId.get(input.from);
      if (!upstream || !source) continue;
      const line = `  ${source} -->|${label(flowingType(upstream, input.type))}| ${target}`;
      if (!seen.has(line)) edges.push(line);
      seen.add(line);
    }
  }
  const nodes = stages.map((stage) => `  ${nodeId.get(stage.id)}["${label(stage.step)}"]`);
  return ["flowchart LR", ...nodes, ...edges].join("\n");
}
