import { type Grader, verdict } from "./shared.js";

interface EdgeExpectation {
  from: string;
  to: string;
  type?: string | undefined;
}

/**
 * A stage of step `to` consumes from a stage of step `from`. With `type`, the consumed port
 * must be that type, or the upstream stage must produce `type` and the port accept it.
 */
export const gradeEdges: Grader<EdgeExpectation[]> = (edges, { result, catalog }) => {
  const stages = result.plan?.stages ?? [];
  const failures: string[] = [];
  for (const edge of edges) {
    const sources = stages.filter((s) => s.step === edge.from);
    const found = stages.some(
      (target) =>
        target.step === edge.to &&
        target.consumes.some((port) => {
          const source = sources.find((s) => s.id === port.from);
          if (!source) return false;
          if (!edge.type || port.type === edge.type) return true;
          const produced = source.produces.some((p) => p.type === edge.type);
          return produced && catalog.artifacts.isCompatible(edge.type, port.type);
        }),
    );
    if (!found) {
      const label = edge.type ? ` carrying ${edge.type}` : "";
      failures.push(`no edge ${edge.from} -> ${edge.to}${label}`);
    }
  }
  return verdict("edges", failures, `${edges.length} edge(s) wired as expected`);
};
