import type { Dimension } from "../../eval/case-schema.js";
import type { Tally } from "../../eval/grade.js";
import type { CaseOutcome } from "../../eval/run-case.js";
import {
  type ExtraScores,
  extraScoresJson,
  renderExtraReport,
  renderExtraSummary,
} from "./eval-scores.js";
import { renderTable } from "./table.js";

const pct = (t: Tally) => (t.total === 0 ? "-" : `${((100 * t.passed) / t.total).toFixed(0)}%`);

function failures(outcome: CaseOutcome): { grader: string; reason: string }[] {
  return outcome.outcomes
    .filter((o) => !o.pass)
    .map((o) => ({ grader: o.grader, reason: o.reason }));
}

/** The `--json` shape: totals, one entry per case, and the blind and metamorphic scores when run. */
export function evalJson(outcomes: readonly CaseOutcome[], extra: ExtraScores = {}) {
  return {
    total: outcomes.length,
    passed: outcomes.filter((o) => o.pass).length,
    cases: outcomes.map((o) => ({
      id: o.id,
      pass: o.pass,
      failures: failures(o),
      durationMs: Math.round(o.durationMs),
      usage: o.usage,
    })),
    ...extraScoresJson(extra),
  };
}

export function renderEvalSummary(
  outcomes: readonly CaseOutcome[],
  summary: Record<Dimension, Tally>,
  extra: ExtraScores = {},
): string {
  const passed = outcomes.filter((o) => o.pass).length;
  const dims = renderTable(
    ["DIMENSION", "PASSED", "SCORE"],
    Object.entries(summary).map(([d, t]) => [d, `${t.passed}/${t.total}`, pct(t)]),
  );
  const failed = outcomes.filter((o) => !o.pass);
  const lines = [dims, "", `${passed}/${outcomes.length} cases passed`];
  for (const o of failed) {
    lines.push("", `FAIL ${o.id}`);
    for (const f of failures(o)) lines.push(`  [${f.grader}] ${f.reason}`);
  }
  const extraLines = renderExtraSummary(extra);
  return extraLines ? `${lines.join("\n")}\n${extraLines}` : lines.join("\n");
}

export function renderEvalReport(
  outcomes: readonly CaseOutcome[],
  summary: Record<Dimension, Tally>,
  checkout: string,
  extra: ExtraScores = {},
): string {
  const passed = outcomes.filter((o) => o.pass).length;
  const out = [
    "# Eval report",
    "",
    `Checkout: \`${checkout}\` — ${passed}/${outcomes.length} cases passed.`,
    "",
    "## Scores by dimension",
    "",
    "| Dimension | Passed | Score |",
    "|---|---|---|",
    ...Object.entries(summary).map(([d, t]) => `| ${d} | ${t.passed}/${t.total} | ${pct(t)} |`),
    ...renderExtraReport(extra),
    "",
    "## Cases",
    "",
    "| Case | Result | Time (ms) | LLM calls | Prompt tokens |",
    "|---|---|---|---|---|",
    ...outcomes.map(
      (o) =>
        `| ${o.id} | ${o.pass ? "pass" : "**FAIL**"} | ${Math.round(o.durationMs)} | ${o.usage.llmCalls} | ${o.usage.promptTokens} |`,
    ),
  ];
  const failed = outcomes.filter((o) => !o.pass);
  if (failed.length) {
    out.push("", "## Failures", "");
    for (const o of failed) {
      out.push(`### ${o.id}`, "");
      for (const f of failures(o))
        out.push(`- **${f.grader}**: ${f.reason.replaceAll("|", "\\|")}`);
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
