import type { Finding } from "../planner/plan.js";
import type { WriteResult } from "./write-files.js";

/** What a reviewer should know about a finished write: a dirty tree, renamed or unchanged files. */
export function actFindings(result: WriteResult, dirtyBefore: boolean): Finding[] {
  const findings: Finding[] = [];
  if (dirtyBefore) {
    findings.push({
      level: "warning",
      code: "dirty_tree",
      message:
        "WARNING: the checkout had uncommitted changes before Act; review `git status` before committing the new configs.",
    });
  }
  for (const { from, to } of result.renamed) {
    findings.push({
      level: "info",
      code: "renamed",
      message: `${from} already existed with other content; wrote ${to} instead.`,
    });
  }
  if (result.written.length === 0 && result.unchanged.length > 0) {
    findings.push({
      level: "info",
      code: "unchanged",
      message: "Every config already existed with identical content; nothing was written.",
    });
  }
  return findings;
}
