import type { MermaidGraph } from "./mermaid-parse.js";
import type { GradeCatalog } from "./shared.js";

/**
 * How an edge label's type may relate to what the steps declare. `producer-to-consumer` reads
 * `is_a` as the planner does (the source's output is usable as the label, the label as the
 * target's input); `either-way` also accepts the reverse relation, as NVIDIA's tier-2 grader does.
 */
export type IsARule = "producer-to-consumer" | "either-way";

export interface ChartCheck {
  /** Node id → the catalog step it names, for every node that names one. */
  nodeSteps: Map<string, string>;
  /** Distinct nodes drawn; a chart whose nodes are the plan's steps has one per stage. */
  nodeCount: number;
  edgeCount: number;
  failures: string[];
}

/**
 * The rules a plan's flowchart must meet: a header; every node names exactly one catalog step
 * (the user's inputs are not nodes); every edge carries an artifact type its source produces and
 * its target consumes; no node without an edge when there are several; no cycle.
 */
export function checkChart(graph: MermaidGraph, catalog: GradeCatalog, isA: IsARule): ChartCheck {
  const failures: string[] = [];
  if (!graph.header) failures.push("no flowchart/graph header");
  const nodeSteps = new Map<string, string>();
  for (const [id, label] of graph.nodes) {
    const step = stepIn(label, catalog);
    if (step) nodeSteps.set(id, step);
    else failures.push(`node "${label}" is not a catalog step`);
  }
  for (const edge of graph.edges) {
    const from = nodeSteps.get(edge.from);
    const to = nodeSteps.get(edge.to);
    // A node that is not a step has already failed; its edges cannot be typed against steps.
    if (!from || !to) continue;
    const problem = edgeProblem(edge.label, from, to, catalog, isA);
    if (problem) failures.push(`${edge.from} -> ${edge.to}: ${problem}`);
  }
  if (graph.nodes.size > 1) {
    const linked = new Set(graph.edges.flatMap((e) => [e.from, e.to]));
    for (const [id, label] of graph.nodes) {
      if (!linked.has(id)) failures.push(`node "${label}" has no edge (orphan)`);
    }
  }
  const cycle = findCycle(graph);
  if (cycle) failures.push(`cycle ${cycle.join(" -> ")}`);
  return { nodeSteps, nodeCount: graph.nodes.size, edgeCount: graph.edges.length, failures };
}

/** The one catalog step a node label names (`sft/automodel`, or `01_sft<br/>sft/automodel`). */
function stepIn(label: string, catalog: GradeCatalog): string | undefined {
  const tokens = label.split(/[\s,;:|()[\]{}"'`]+/).filter(Boolean);
  const known = [...new Set(tokens.filter((t) => catalog.step(t)))];
  return known.length === 1 ? known[0] : undefined;
}

function edgeProblem(
  label: string | undefined,
  source: string,
  target: string,
  catalog: GradeCatalog,
  isA: IsARule,
): string | undefined {
  if (!label) return "edge has no artifact label";
  const type = artifactIn(label, catalog);
  if (!type) return `label "${label}" names no artifact type`;
  const graph = catalog.artifacts;
  const related = (a: string, b: string) =>
    graph.isCompatible(a, b) || (isA === "either-way" && graph.isCompatible(b, a));
  const from = catalog.step(source);
  if (from && !from.produces.some((p) => related(p.type, type))) {
    return `${source} does not produce ${type}`;
  }
  const to = catalog.step(target);
  if (to && !to.consumes.some((c) => related(type, c.type))) {
    return `${target} does not consume ${type}`;
  }
  return undefined;
}

/** The artifact type an edge label names: the whole label, else the one type word in it. */
function artifactIn(label: string, catalog: GradeCatalog): string | undefined {
  const trimmed = label.trim();
  if (catalog.artifacts.has(trimmed)) return trimmed;
  const found = [
    ...new Set(trimmed.split(/[^A-Za-z0-9_]+/).filter((w) => catalog.artifacts.has(w))),
  ];
  return found.length === 1 ? found[0] : undefined;
}

function findCycle(graph: MermaidGraph): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...trail.slice(trail.indexOf(node)), node];
    state.set(node, "open");
    trail.push(node);
    for (const to of next.get(node) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.nodes.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
