import {
  type Check,
  type CheckStatus,
  countStatus,
  type NvidiaCaseOutcome,
  type NvidiaSuiteResult,
} from "../../eval/nvidia/index.js";

const TITLES: Record<NvidiaSuiteResult["suite"], string> = {
  "nvidia-tier2": "NVIDIA tier-2 planning scenarios",
  "nvidia-evals": "NVIDIA skill evaluation tasks",
};

const MARK: Record<CheckStatus, string> = {
  pass: "pass",
  fail: "FAIL",
  not_applicable: "n/a",
  judgement: "judgement",
};

/** Extra text shown beside a check in the report (the task's own behaviour wording). */
export type CheckNotes = (caseId: string, check: Check) => string | undefined;

function passed(outcomes: readonly NvidiaCaseOutcome[]): number {
  return outcomes.filter((o) => o.pass).length;
}

/** The `--json` shape: totals, status counts, and every check of every case. */
export function nvidiaJson(result: NvidiaSuiteResult) {
  const { outcomes } = result;
  return {
    suite: result.suite,
    source: result.source,
    total: outcomes.length,
    passed: passed(outcomes),
    checks: {
      pass: countStatus(outcomes, "pass"),
      fail: countStatus(outcomes, "fail"),
      notApplicable: countStatus(outcomes, "not_applicable"),
      judgement: countStatus(outcomes, "judgement"),
    },
    cases: outcomes.map((o) => ({
      id: o.id,
      pass: o.pass,
      checks: o.checks,
      durationMs: Math.round(o.durationMs),
      usage: o.usage,
      ...(o.error ? { error: o.error } : {}),
    })),
  };
}

function tallyLine(result: NvidiaSuiteResult): string {
  const { outcomes } = result;
  const na = countStatus(outcomes, "not_applicable");
  const judged = countStatus(outcomes, "judgement");
  const extra = [
    na ? `${na} check(s) not applicable` : "",
    judged ? `${judged} behaviour(s) left to judgement` : "",
  ].filter(Boolean);
  const tail = extra.length ? ` (${extra.join(", ")}; neither counts as passed)` : "";
  return `${passed(outcomes)}/${outcomes.length} passed${tail}`;
}

/** The terminal summary: the tally, then every failed check. */
export function renderNvidiaSummary(result: NvidiaSuiteResult): string {
  const lines = [`${TITLES[result.suite]}: ${tallyLine(result)}`];
  for (const o of result.outcomes) {
    const failed = o.checks.filter((c) => c.status === "fail");
    if (!failed.length) continue;
    lines.push("", `FAIL ${o.id}`);
    for (const c of failed) lines.push(`  [${c.check}] ${c.reason}`);
  }
  return lines.join("\n");
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The markdown report: a table of cases, then every check of each case with its status. */
export function renderNvidiaReport(
  result: NvidiaSuiteResult,
  checkout: string,
  notes?: CheckNotes,
): string {
  const { outcomes } = result;
  const out = [
    `# ${TITLES[result.suite]}`,
    "",
    `Cases: \`${result.source}\`. Checkout: \`${checkout}\`. ${tallyLine(result)}.`,
    "",
    "| Case | Result | Passed | Failed | Not applicable | Judgement |",
    "|---|---|---|---|---|---|",
    ...outcomes.map((o) => {
      const n = (s: CheckStatus) => o.checks.filter((c) => c.status === s).length;
      const mark = o.pass ? "pass" : "**FAIL**";
      return `| ${o.id} | ${mark} | ${n("pass")} | ${n("fail")} | ${n("not_applicable")} | ${n("judgement")} |`;
    }),
  ];
  for (const o of outcomes) {
    out.push("", `## ${o.id}`, "");
    if (notes) {
      out.push("| Behaviour | As the task states it | How it is graded | Result | Detail |");
      out.push("|---|---|---|---|---|");
      for (const c of o.checks) {
        const row = [c.check, notes(o.id, c) ?? "", c.about ?? "", MARK[c.status], c.reason];
        out.push(`| ${row.map(cell).join(" | ")} |`);
      }
    } else {
      out.push("| Check | Answer | Result | Detail |", "|---|---|---|---|");
      for (const c of o.checks) {
        const answer = c.answer === 0 ? "request" : "follow-up";
        out.push(`| ${[c.check, answer, MARK[c.status], c.reason].map(cell).join(" | ")} |`);
      }
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
