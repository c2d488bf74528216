import type { BlindScore } from "../../eval/blind.js";
import type { MetamorphicReport, RewriteFailure } from "../../eval/metamorphic/index.js";
import { renderTable } from "./table.js";

/** Scores shown beside the own cases: each blind set, and the metamorphic rewrites. */
export interface ExtraScores {
  blind?: BlindScore[];
  metamorphic?: MetamorphicReport;
}

/** Examples of a known gap kept in the output: enough to see what goes wrong. */
const GAP_EXAMPLES = 3;

const percent = (kept: number, total: number) =>
  total === 0 ? "-" : `${((100 * kept) / total).toFixed(0)}%`;

function failureJson(f: RewriteFailure) {
  return { caseId: f.caseId, rewrite: f.rewrite, changes: f.changes };
}

function changeText(f: RewriteFailure): string {
  return f.changes.map((c) => `${c.field} ${c.original} -> ${c.rewritten}`).join("; ");
}

/** The `--json` fields for the extra scores (absent when not run). */
export function extraScoresJson(extra: ExtraScores) {
  const { blind, metamorphic } = extra;
  return {
    ...(blind
      ? {
          blind: blind.map((b) => ({
            set: b.set,
            passed: b.passed,
            total: b.total,
            percent: b.total === 0 ? null : Math.round((100 * b.passed) / b.total),
            failed: b.failed,
          })),
        }
      : {}),
    ...(metamorphic
      ? {
          metamorphic: {
            generated: metamorphic.generated,
            kept: metamorphic.kept,
            families: metamorphic.families.map((f) => ({
              family: f.family,
              summary: f.summary,
              generated: f.generated,
              kept: f.kept,
              failures: f.failures.map(failureJson),
            })),
            knownGaps: metamorphic.knownGaps.map((g) => ({
              family: g.family,
              reason: g.reason,
              generated: g.generated,
              kept: g.kept,
              examples: g.failures.slice(0, GAP_EXAMPLES).map(failureJson),
            })),
          },
        }
      : {}),
  };
}

/** Terminal tables for the extra scores, after the own cases' summary. */
export function renderExtraSummary(extra: ExtraScores): string {
  const lines: string[] = [];
  if (extra.blind) {
    const rows = extra.blind.map((b) => [
      b.set,
      `${b.passed}/${b.total}`,
      percent(b.passed, b.total),
    ]);
    lines.push("", renderTable(["BLIND SET", "PASSED", "SCORE"], rows));
  }
  const m = extra.metamorphic;
  if (m) {
    const rows = m.families.map((f) => [
      f.family,
      `${f.kept}/${f.generated}`,
      percent(f.kept, f.generated),
    ]);
    rows.push(["all", `${m.kept}/${m.generated}`, percent(m.kept, m.generated)]);
    lines.push("", renderTable(["REWRITE FAMILY", "KEPT", "SCORE"], rows));
    for (const f of m.families) {
      for (const x of f.failures)
        lines.push(`FAIL rewrite ${f.family} [${x.caseId}]: ${changeText(x)}`);
    }
    for (const g of m.knownGaps) {
      lines.push(
        `known gap (not counted): ${g.family} ${g.kept}/${g.generated} kept — ${g.reason}`,
      );
    }
  }
  return lines.join("\n");
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** Markdown sections for the extra scores. */
export function renderExtraReport(extra: ExtraScores): string[] {
  const out: string[] = [];
  if (extra.blind) {
    out.push("", "## Blind sets", "", "| Set | Passed | Score |", "|---|---|---|");
    for (const b of extra.blind) {
      out.push(`| ${b.set} | ${b.passed}/${b.total} | ${percent(b.passed, b.total)} |`);
    }
    for (const b of extra.blind.filter((x) => x.failed.length > 0)) {
      out.push("", `Failed in \`${b.set}\`: ${b.failed.map((id) => `\`${id}\``).join(", ")}`);
    }
  }
  const m = extra.metamorphic;
  if (m) {
    out.push(
      "",
      "## Metamorphic rewrites",
      "",
      `Meaning-keeping rewrites of the own cases' requests that plan the same steps, stages, GPUs and values: ${m.kept}/${m.generated} (${percent(m.kept, m.generated)}).`,
      "",
      "| Family | What changes | Kept | Score |",
      "|---|---|---|---|",
      ...m.families.map(
        (f) =>
          `| ${f.family} | ${cell(f.summary)} | ${f.kept}/${f.generated} | ${percent(f.kept, f.generated)} |`,
      ),
    );
    const failed = m.families.flatMap((f) => f.failures);
    if (failed.length > 0) {
      out.push("", "### Rewrites that changed the plan", "");
      for (const x of failed) {
        out.push(
          `- **${x.family}** \`${x.caseId}\`: "${cell(x.rewrite)}" — ${cell(changeText(x))}`,
        );
      }
    }
    if (m.knownGaps.length > 0) {
      out.push("", "### Known gaps (scored apart, not counted)", "");
      for (const g of m.knownGaps) {
        out.push(`- **${g.family}** (${g.kept}/${g.generated} kept): ${cell(g.reason)}`);
        for (const x of g.failures.slice(0, GAP_EXAMPLES)) {
          out.push(`  - \`${x.caseId}\`: "${cell(x.rewrite)}" — ${cell(changeText(x))}`);
        }
      }
    }
  }
  return out;
}
