import type { ScaffoldReport } from "./schema.js";

/** The plan's Explorer section: the files approving would create, or why none can be. */
export function renderScaffoldPreview(
  stepId: string | undefined,
  files: readonly string[],
  refusal?: string,
): string {
  if (!stepId) return `## Explorer scaffold\n\nNo step can be scaffolded here: ${refusal ?? ""}`;
  return [
    "## Explorer scaffold",
    "",
    `Approving creates the new step \`${stepId}\` (nothing existing is changed):`,
    "",
    ...files.map((f) => `- \`${f}\``),
  ].join("\n");
}

/** What was scaffolded: files, knobs, upstream notes, strategies, open inputs, dry-run commands. */
export function renderScaffoldReport(
  stepId: string,
  files: readonly string[],
  report: ScaffoldReport,
): string {
  const out = [
    `## New step \`${stepId}\` scaffolded`,
    "",
    "### Files",
    "",
    ...files.map((f) => `- \`${f}\``),
    "",
  ];
  out.push("### Knobs in config/default.yaml", "");
  for (const knob of report.knobs) {
    out.push(
      `- \`${knob.key}\` = ${JSON.stringify(knob.value)}${knob.required ? " (required at run time)" : ""}: ${knob.description}`,
    );
  }
  if (report.upstream.length)
    out.push("", "### UPSTREAM", "", ...report.upstream.map((u) => `- ${u}`));
  if (report.strategiesFollowed.length) {
    out.push("", "### Strategies followed", "");
    for (const s of report.strategiesFollowed) out.push(`- ${s.step}: when ${s.when} — ${s.then}`);
  }
  if (report.requiredInputs.length) {
    out.push(
      "",
      "### Needed before a real run",
      "",
      ...report.requiredInputs.map((r) => `- ${r.key}: ${r.question}`),
    );
  }
  out.push("", "### Dry-run", "");
  for (const c of report.commands)
    out.push("```bash", c.command, "```", `Source tier: ${c.tier}`, "");
  return out.join("\n").trimEnd();
}
