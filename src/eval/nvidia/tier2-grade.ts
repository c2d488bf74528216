import type { AgentResult } from "../../planner/result.js";
import { checkChart } from "../graders/chart.js";
import { firstMermaidBlock, parseMermaid } from "../graders/mermaid-parse.js";
import type { GradeCatalog } from "../graders/shared.js";
import { type Check, checkOf } from "./outcome.js";
import type { Tier2Case } from "./tier2-case.js";

/** Why the sections that grade something other than a plan do not apply to this tool. */
const NOT_APPLICABLE: Record<string, string> = {
  "expected.project":
    "grades a generated project folder (pipeline.py, stages/NN_name/…); this tool writes new configs beside each step's shipped ones instead, so there is no such folder",
  "expected.disclosure":
    "grades which reference files a coding agent opened; this tool reads the catalog through its own loader, so there is no file-read trace to grade",
  "expected.iteration.must_add_stage":
    "names a stage folder of a generated project; the re-plan's steps are graded by must_have_step",
  "expected.iteration.must_remove_stage":
    "names a stage folder of a generated project; the re-plan's steps are graded by must_have_step and must_not_have_step",
};

/** What the plan markdown's first mermaid block shows, as NVIDIA's runner reads it. */
interface DrawnPlan {
  hasChart: boolean;
  /** Step ids of the chart's nodes, one per node. */
  steps: string[];
  nodeCount: number;
  failures: string[];
}

function drawnPlan(markdown: string, catalog: GradeCatalog): DrawnPlan {
  const block = firstMermaidBlock(markdown);
  if (block === undefined) return { hasChart: false, steps: [], nodeCount: 0, failures: [] };
  const chart = checkChart(parseMermaid(block), catalog, "either-way");
  return {
    hasChart: true,
    steps: [...chart.nodeSteps.values()],
    nodeCount: chart.nodeCount,
    failures: chart.failures,
  };
}

/**
 * Grade the answers of one scenario: `results[0]` answers the request, `results[1]` the
 * follow-up message when the scenario has one.
 */
export function gradeTier2(
  scenario: Tier2Case,
  results: readonly AgentResult[],
  catalog: GradeCatalog,
): Check[] {
  const { expected } = scenario;
  const checks: Check[] = [];
  const first = results[0];
  if (!first) return [{ answer: 0, check: "run", status: "fail", reason: "no answer" }];
  const plan = drawnPlan(first.markdown, catalog);

  const wantChart = expected.plan.has_mermaid_diagram;
  checks.push(
    checkOf(
      0,
      "plan.has_mermaid_diagram",
      plan.hasChart === wantChart
        ? []
        : [wantChart ? "the answer has no ```mermaid block" : "the answer draws a mermaid chart"],
      wantChart ? "a mermaid chart is drawn" : "no mermaid chart, as expected",
    ),
  );
  if (plan.hasChart) checks.push(chartCheck(0, "plan.mermaid", plan));
  const count = expected.plan.stage_count;
  if (count) {
    const low = count.min === undefined || plan.nodeCount >= count.min;
    const high = count.max === undefined || plan.nodeCount <= count.max;
    const range = `[${count.min ?? 0}, ${count.max ?? "any"}]`;
    const stated = `${plan.nodeCount} stage(s) drawn, expected ${range}`;
    checks.push(checkOf(0, "plan.stage_count", low && high ? [] : [stated], stated));
  }
  if (expected.steps.must_include.length) {
    checks.push(stepsCheck(0, "steps.must_include", expected.steps.must_include, plan, true));
  }
  if (expected.steps.must_exclude.length) {
    checks.push(stepsCheck(0, "steps.must_exclude", expected.steps.must_exclude, plan, false));
  }
  if (expected.plan.must_mention.length) {
    checks.push(mentionCheck(0, "plan.must_mention", expected.plan.must_mention, first.markdown));
  }

  const iteration = expected.iteration;
  if (iteration) {
    const next = results[1];
    if (!next) {
      checks.push({
        answer: 1,
        check: "iteration.followup",
        status: "fail",
        reason: "the follow-up message got no answer",
      });
    } else {
      const replan = drawnPlan(next.markdown, catalog);
      checks.push(
        replan.hasChart
          ? chartCheck(1, "iteration.mermaid", replan)
          : {
              answer: 1,
              check: "iteration.mermaid",
              status: "fail",
              reason: "no ```mermaid block",
            },
      );
      if (iteration.must_have_step) {
        checks.push(
          stepsCheck(1, "iteration.must_have_step", iteration.must_have_step, replan, true),
        );
      }
      if (iteration.must_not_have_step) {
        const steps = iteration.must_not_have_step;
        checks.push(stepsCheck(1, "iteration.must_not_have_step", steps, replan, false));
      }
      if (iteration.must_mention.length) {
        checks.push(
          mentionCheck(1, "iteration.must_mention", iteration.must_mention, next.markdown),
        );
      }
    }
  }

  const present = new Set<string>([
    ...(expected.project ? ["expected.project"] : []),
    ...(expected.disclosure ? ["expected.disclosure"] : []),
    ...(iteration?.must_add_stage ? ["expected.iteration.must_add_stage"] : []),
    ...(iteration?.must_remove_stage ? ["expected.iteration.must_remove_stage"] : []),
  ]);
  for (const key of present) {
    const answer = key.startsWith("expected.iteration") ? 1 : 0;
    const reason = NOT_APPLICABLE[key] ?? "not graded";
    checks.push({
      answer,
      check: key.replace(/^expected\./, ""),
      status: "not_applicable",
      reason,
    });
  }
  for (const key of scenario.unknownKeys) {
    checks.push({
      answer: 0,
      check: key.replace(/^expected\./, ""),
      status: "not_applicable",
      reason: "an expectation this harness does not know; it is not graded",
    });
  }
  return checks;
}

function chartCheck(answer: number, check: string, plan: DrawnPlan): Check {
  const ok = `${plan.nodeCount} node(s), each a catalog step; every edge typed and type-checked`;
  return checkOf(answer, check, plan.failures, ok);
}

function stepsCheck(
  answer: number,
  check: string,
  steps: readonly string[],
  plan: DrawnPlan,
  wanted: boolean,
): Check {
  const wrong = steps.filter((s) => plan.steps.includes(s) !== wanted);
  const drawn = plan.steps.length ? plan.steps.join(", ") : "none";
  const problem = wanted ? `not drawn: ${wrong.join(", ")}` : `drawn: ${wrong.join(", ")}`;
  return checkOf(
    answer,
    check,
    wrong.length ? [`${problem} (nodes: ${drawn})`] : [],
    `nodes: ${drawn}`,
  );
}

function mentionCheck(
  answer: number,
  check: string,
  phrases: readonly string[],
  markdown: string,
): Check {
  const text = markdown.toLowerCase();
  const missing = phrases.filter((p) => !text.includes(p.toLowerCase()));
  const problems = missing.length
    ? [`not mentioned: ${missing.map((p) => `"${p}"`).join(", ")}`]
    : [];
  return checkOf(answer, check, problems, `mentions ${phrases.map((p) => `"${p}"`).join(", ")}`);
}
