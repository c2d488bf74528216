import { gitState, writeStageConfigs } from "../../act/index.js";
import {
  buildScaffold,
  draftOf,
  type ScaffoldReport,
  scaffoldWithRepair,
  validateScaffold,
} from "../../explorer/index.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";
import { SAMPLE_WRITE_REFUSED } from "./act.js";

/**
 * Explorer: after approval, build the scaffold again (a pure, repeatable
 * step), gate it with the validators, and create the new step folder.
 * A rejected scaffold writes nothing and says what failed.
 */
export const explorer =
  (deps: AgentDeps) =>
  async (state: AgentStateValue): Promise<AgentStateUpdate> => {
    const { checkout, intent, scaffold } = state;
    if (!checkout || !intent || !scaffold) throw new Error("explorer needs an approved scaffold");
    if (checkout.source === "sample") return SAMPLE_WRITE_REFUSED;
    const catalog = deps.catalogFor(checkout.root);
    const proposal = buildScaffold({
      catalog,
      intent,
      intentRules: deps.intentRules(),
      planningRules: deps.planningRules(),
    });
    const checked = await scaffoldWithRepair({
      draft: draftOf(proposal),
      validate: (draft) => validateScaffold(draft, { catalog }),
    });
    if (!checked.ok) {
      return {
        status: "failed",
        findings: checked.findings,
        ...reply(`## Explorer scaffold rejected\n\n${checked.explanation}`),
      };
    }
    const git = await gitState(checkout.root);
    const result = await writeStageConfigs({
      root: checkout.root,
      files: checked.draft.files,
      allowedDir: proposal.dir,
      git: git.isRepo,
      ...(checkout.envFile ? { envFile: checkout.envFile } : {}),
    });
    const files = [...result.written, ...result.unchanged];
    return {
      status: "done",
      files,
      findings: checked.findings,
      commands: proposal.report.commands,
      ...reply(
        renderScaffoldReport(
          proposal.stepId,
          files.map((f) => f.path),
          proposal.report,
        ),
      ),
    };
  };

function renderScaffoldReport(stepId: string, files: string[], report: ScaffoldReport): string {
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
