import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readEnvProfiles } from "../../act/index.js";
import { buildStepCommand, remoteRequested, selectProfile } from "../../planner/commands/index.js";
import type { Command, Finding, Plan, Tier } from "../../planner/plan.js";
import { checkWrittenConfig } from "../../validators/written-config.js";
import { findOnPath } from "../command-runner.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";

/** How long one dry-run may take before it counts as failed. */
const DRY_RUN_TIMEOUT_MS = 120_000;

/**
 * Verify: re-read every written config, check it against the step and the
 * approved plan, and give the commands that run it. With `uv` on PATH and a
 * `pyproject.toml` in the checkout, each dry-run is executed (tier Verified).
 */
export const verify =
  (deps: AgentDeps) =>
  async (state: AgentStateValue): Promise<AgentStateUpdate> => {
    const { checkout, currentPlan: plan, intent } = state;
    if (!checkout || !plan || !intent) throw new Error("verify needs a written plan");
    const catalog = deps.catalogFor(checkout.root);
    const profiles = readEnvProfiles({ root: checkout.root, envFile: checkout.envFile });
    const findings: Finding[] = [];
    const commands: Command[] = [];
    const uv = existsSync(path.join(checkout.root, "pyproject.toml"))
      ? findOnPath("uv", deps.path)
      : undefined;
    const baseTier: Tier = checkout.source === "sample" ? "Reference-grounded" : "Repo-grounded";

    for (const [index, stage] of plan.stages.entries()) {
      const written = state.proposals[index]?.path ?? stage.configPath;
      const file = path.join(checkout.root, written);
      if (!existsSync(file)) {
        findings.push({
          level: "error",
          code: "missing_file",
          message: `${written} was not found after Act`,
          stage: stage.id,
        });
        continue;
      }
      findings.push(...checkWrittenConfig(readFileSync(file, "utf8"), stage, catalog, written));
      const step = catalog.step(stage.step);
      const profile =
        step && remoteRequested(intent) ? selectProfile(step, intent, profiles) : undefined;
      const args = { step: stage.step, config: written, dryRun: true, overrides: {} };
      const command = buildStepCommand(profile ? { ...args, batchProfile: profile.section } : args);
      let tier: Tier = baseTier;
      if (uv) {
        const argv = ["run", "nemotron", "steps", "run", stage.step, "-c", written, "--dry-run"];
        if (profile) argv.push("--batch", profile.section);
        const outcome = await deps.runCommand(uv, argv, {
          cwd: checkout.root,
          timeoutMs: DRY_RUN_TIMEOUT_MS,
        });
        if (outcome.exitCode === 0) tier = "Verified";
        else {
          findings.push({
            level: "error",
            code: "dry_run_failed",
            message: `dry-run of ${stage.step} exited ${outcome.exitCode}: ${outcome.tail.trim()}`,
            stage: stage.id,
          });
        }
      }
      commands.push({ step: stage.step, command, tier });
    }

    const failed = findings.some((f) => f.level === "error");
    return {
      findings,
      commands,
      status: failed ? "failed" : "done",
      ...reply(renderReport(plan, state.files, [...state.findings, ...findings], commands, failed)),
    };
  };

function renderReport(
  plan: Plan,
  files: { path: string; sha256: string }[],
  findings: Finding[],
  commands: Command[],
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
