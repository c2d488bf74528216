import type { Command, Finding, Plan } from "../plan.js";

/** The answer after Verify: files with hashes, commands with tiers, and the checks. */
export function renderVerifyReport(
  plan: Pick<Plan, "name">,
  files: readonly { path: string; sha256: string }[],
  findings: readonly Finding[],
  commands: readonly Command[],
  /** Verify's own checks failed (an Act attempt that failed before a retry does not count). */
  failed: boolean,
): string {
  const out = [
    failed
      ? `## Verify found problems in ${plan.name}`
      : `## ${plan.name}: configs written and verified`,
    "",
  ];
  out.push("### Files", "");
  for (const file of files) out.push(`- \`${file.path}\` (sha256 ${file.sha256.slice(0, 12)})`);
  out.push("", "### Commands", "");
  for (const command of commands)
    out.push("```bash", command.command, "```", `Source tier: ${command.tier}`, "");
  const notes = findings.filter(
    (f) => f.level !== "info" || f.code !== "unchanged" || files.length > 0,
  );
  if (notes.length) {
    out.push("### Checks", "");
    for (const f of notes)
      out.push(
        `- ${f.level === "error" ? "ERROR: " : ""}${f.message}${f.fix ? ` Fix: ${f.fix}` : ""}`,
      );
    out.push("");
  }
  if (!failed) {
    out.push(
      `Every written key is supported by its step, plan values are present verbatim, and no \`\${art:...}\` reference was written.`,
    );
  }
  return out.join("\n").trimEnd();
}

/** Act gave up: nothing was written, and what to change. */
export function renderActStopped(attempts: number, reason: string): string {
  return [
    `## Act stopped after ${attempts} attempts`,
    "",
    `Nothing was written. The last attempt failed with: ${reason}`,
    "",
    "Fix the cause named above and approve again, or revise or reject the plan.",
  ].join("\n");
}

/** The bundled sample checkout ships with the program; plans made against it are for reading. */
export const SAMPLE_WRITE_REFUSED = [
  "## Nothing written: this plan was made against the bundled sample checkout",
  "",
  "The sample is part of nemotron-customize and is never modified. Run the request again",
  "in your Nemotron clone (or with `--repo <clone>`) to write the configs there.",
].join("\n");

export const PLAN_REJECTED = "Plan rejected. Nothing was written.";

/** The re-plan cap was reached on a thread. */
export function renderReplanLimit(replans: number): string {
  return `This thread has been re-planned ${replans} times, the limit. Start a new request with everything you know so far.`;
}

/** A reply that was not applied, as the chat shows it. */
export function renderRefusedReply(error: string): string {
  return `Your last reply was not applied: ${error}`;
}

/** The approval text under the plan: what approving creates, what is missing, how to reply. */
export function renderApprovalPrompt(
  plan: Pick<Plan, "markdown" | "requiredInputs">,
  files: readonly string[],
  error: string | null,
): string {
  const missing = plan.requiredInputs.map((input) => `${input.key}: ${input.question}`);
  const lines = [
    error ? `${renderRefusedReply(error)}\n` : "",
    plan.markdown,
    "",
    files.length
      ? `Approving creates ${files.length} new file(s); nothing existing is changed.`
      : "",
    missing.length
      ? `Still needed before anything is written:\n${missing.map((m) => `- ${m}`).join("\n")}`
      : "",
    "Reply: approve | revise <what to change> | answer <missing values> | reject",
  ];
  return lines.filter(Boolean).join("\n");
}
