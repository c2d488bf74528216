import { checkChart } from "./chart.js";
import { parseMermaid } from "./mermaid-parse.js";
import { type Grader, quoteList, stageSteps, verdict } from "./shared.js";

/**
 * The plan's flowchart is sound against the catalog (see checkChart: every node a step, typed
 * edges, no orphan, no cycle) and draws exactly the plan: one node per stage, the same steps.
 */
export const gradeMermaid: Grader<true> = (_want, { result, catalog }) => {
  if (!result.plan) return verdict("mermaidTypeChecks", ["the answer has no plan"], "");
  const chart = checkChart(parseMermaid(result.plan.mermaid), catalog, "producer-to-consumer");
  const failures = [...chart.failures];
  const drawn = new Set(chart.nodeSteps.values());
  const planned = stageSteps(result);
  const notDrawn = [...new Set(planned)].filter((s) => !drawn.has(s));
  const notPlanned = [...drawn].filter((s) => !planned.includes(s));
  if (notDrawn.length) failures.push(`stages missing from the chart: ${quoteList(notDrawn)}`);
  if (notPlanned.length) failures.push(`chart steps not in the plan: ${quoteList(notPlanned)}`);
  if (chart.nodeCount !== planned.length) {
    failures.push(`${chart.nodeCount} node(s) for ${planned.length} stage(s)`);
  }
  const ok = `${chart.nodeCount} step node(s), ${chart.edgeCount} edge(s) type-check`;
  return verdict("mermaidTypeChecks", failures, ok);
};
