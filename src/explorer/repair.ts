import type { Finding } from "../planner/plan.js";

/** Two failed attempts stop and explain (the workflow's Act rule). */
export const DEFAULT_MAX_REPAIRS = 2;

export interface RepairLoopInput<D> {
  draft: D;
  validate: (draft: D) => Finding[] | Promise<Finding[]>;
  /** Gets the draft and its findings; returns a new draft. Absent: no repair is tried. */
  repair?: (draft: D, findings: readonly Finding[], attempt: number) => D | Promise<D>;
  maxRepairs?: number;
}

export type RepairLoopResult<D> =
  | { ok: true; draft: D; findings: Finding[]; repairs: number }
  | { ok: false; draft: D; findings: Finding[]; repairs: number; explanation: string };

const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.level === "error");

/**
 * Validate a draft; while it has errors and a repair function is given, repair
 * and validate again, at most `maxRepairs` times. Writes nothing: on success the
 * caller writes the accepted draft; on failure it shows the explanation.
 */
export async function scaffoldWithRepair<D>(
  input: RepairLoopInput<D>,
): Promise<RepairLoopResult<D>> {
  const max = Math.max(0, input.maxRepairs ?? DEFAULT_MAX_REPAIRS);
  let draft = input.draft;
  let findings = await input.validate(draft);
  let repairs = 0;
  while (errorsOf(findings).length > 0 && input.repair && repairs < max) {
    repairs += 1;
    draft = await input.repair(draft, findings, repairs);
    findings = await input.validate(draft);
  }
  const errors = errorsOf(findings);
  if (errors.length === 0) return { ok: true, draft, findings, repairs };
  const tried =
    repairs === 0
      ? "No repair was tried."
      : `${repairs} repair attempt${repairs === 1 ? "" : "s"} did not fix it.`;
  const explanation = [
    `The step scaffold failed ${errors.length} check${errors.length === 1 ? "" : "s"}. ${tried} Nothing was written.`,
    ...errors.map((f) => `- ${f.code}: ${f.message}${f.fix ? ` Fix: ${f.fix}` : ""}`),
  ].join("\n");
  return { ok: false, draft, findings, repairs, explanation };
}
