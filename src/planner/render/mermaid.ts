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
 * A left-to-right flowchart: one node per stage (id `s01`…, label = step id), one `userN` node per
 * artifact type the user supplies, and an edge per consumed input labelled with its artifact type.
 */
export function renderMermaid(stages: readonly Stage[]): string {
  const nodeId = new Map(
    stages.map((stage, i) => [stage.id, `s${String(i + 1).padStart(2, "0")}`]),
  );
  const userNodes = new Map<string, string>();
  const edges: string[] = [];
  const seen = new Set<string>();
  const addEdge = (from: string, type: string, to: string) => {
    const line = `  ${from} -->|${label(type)}| ${to}`;
    if (!seen.has(line)) edges.push(line);
    seen.add(line);
  };
  for (const stage of stages) {
    const target = nodeId.get(stage.id);
    if (!target) continue;
    for (const input of stage.consumes) {
      if (input.from === "user") {
        const id = userNodes.get(input.type) ?? `user${userNodes.size + 1}`;
        userNodes.set(input.type, id);
        addEdge(id, input.type, target);
        continue;
      }
      const upstream = stages.find((s) => s.id === input.from);
      const source = nodeId.get(input.from);
      if (upstream && source) addEdge(source, flowingType(upstream, input.type), target);
    }
  }
  const nodes = [
    ...[...userNodes].map(([type, id]) => `  ${id}[/"${label(type)}"/]`),
    ...stages.map((stage) => `  ${nodeId.get(stage.id)}["${label(stage.step)}"]`),
  ];
  return ["flowchart LR", ...nodes, ...edges].join("\n");
}
