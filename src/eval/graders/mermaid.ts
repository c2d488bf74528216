import { type MermaidGraph, parseMermaid } from "./mermaid-parse.js";
import { type GradeCatalog, type Grader, quoteList, stageSteps, verdict } from "./shared.js";

/** Something that looks like a step id (`sft/automodel`), known or not. */
const STEP_LIKE = /^[a-z0-9_]+(?:\/[a-z0-9_]+)+$/;

/**
 * The plan's flowchart is sound against the catalog: every step node names a real step,
 * the nodes are exactly the plan's steps, every edge carries an artifact type its source
 * produces and its target consumes (`is_a` respected), and the graph has no cycle.
 * Nodes whose label is not step-like (the user's data, a result) are outside endpoints.
 */
export const gradeMermaid: Grader<true> = (_want, { result, catalog }) => {
  if (!result.plan) return verdict("mermaidTypeChecks", ["the answer has no plan"], "");
  const graph = parseMermaid(result.plan.mermaid);
  const failures: string[] = [];
  if (!graph.header) failures.push("no flowchart/graph header");
  const { steps, unknown } = resolveNodes(graph, catalog);
  failures.push(...unknown.map((label) => `node "${label}" is not a catalog step`));
  const drawn = new Set(steps.values());
  const planned = new Set(stageSteps(result));
  const notDrawn = [...planned].filter((s) => !drawn.has(s));
  const notPlanned = [...drawn].filter((s) => !planned.has(s));
  if (notDrawn.length) failures.push(`stages missing from the chart: ${quoteList(notDrawn)}`);
  if (notPlanned.length) failures.push(`chart steps not in the plan: ${quoteList(notPlanned)}`);
  for (const edge of graph.edges) {
    const problem = edgeProblem(edge.label, steps.get(edge.from), steps.get(edge.to), catalog);
    if (problem) failures.push(`${edge.from} -> ${edge.to}: ${problem}`);
  }
  const cycle = findCycle(graph);
  if (cycle) failures.push(`cycle ${cycle.join(" -> ")}`);
  const ok = `${drawn.size} step node(s), ${graph.edges.length} edge(s) type-check`;
  return verdict("mermaidTypeChecks", failures, ok);
};

/** Node id → step id for step nodes; labels that look like steps but are not in the catalog. */
function resolveNodes(graph: MermaidGraph, catalog: GradeCatalog) {
  const steps = new Map<string, string>();
  const unknown: string[] = [];
  for (const [id, label] of graph.nodes) {
    const tokens = label.split(/[\s,;:|()[\]{}"'`]+/).filter(Boolean);
    const known = [...new Set(tokens.filter((t) => catalog.step(t)))];
    const [only] = known;
    if (known.length === 1 && only) steps.set(id, only);
    else if (known.length > 1) unknown.push(label);
    else if (tokens.some((t) => STEP_LIKE.test(t))) unknown.push(label);
  }
  return { steps, unknown };
}

function edgeProblem(
  label: string | undefined,
  source: string | undefined,
  target: string | undefined,
  catalog: GradeCatalog,
): string | undefined {
  if (!source && !target) return undefined;
  const type = artifactIn(label, catalog);
  // An edge from or to an outside node (the user's files) is only checked when it names a type.
  if (!type && (!source || !target)) return undefined;
  if (!type)
    return label ? `label "${label}" names no artifact type` : "edge has no artifact label";
  const graph = catalog.artifacts;
  const from = source ? catalog.step(source) : undefined;
  if (from && !from.produces.some((p) => graph.isCompatible(p.type, type))) {
    return `${source} does not produce ${type}`;
  }
  const to = target ? catalog.step(target) : undefined;
  if (to && !to.consumes.some((c) => graph.isCompatible(type, c.type))) {
    return `${target} does not consume ${type}`;
  }
  return undefined;
}

/** The artifact type an edge label names: the whole label, else the one type word in it. */
function artifactIn(label: string | undefined, catalog: GradeCatalog): string | undefined {
  if (!label) return undefined;
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
