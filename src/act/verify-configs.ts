import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Catalog } from "../catalog/index.js";
import { buildStepCommand, remoteRequested, selectProfile } from "../planner/commands/index.js";
import type { EnvProfiles } from "../planner/context.js";
import type { Intent } from "../planner/intent.js";
import type { Command, Finding, Plan, Tier } from "../planner/plan.js";
import { checkWrittenConfig } from "../validators/written-config.js";
import { type CommandRunner, findOnPath } from "./command-runner.js";

/** How long one dry-run may take before it counts as failed. */
const DRY_RUN_TIMEOUT_MS = 120_000;

export interface VerifyInput {
  catalog: Catalog;
  plan: Pick<Plan, "stages">;
  intent: Intent;
  /** Where each stage's config was written (Act may rename on a clash), by stage index. */
  writtenPaths: readonly (string | undefined)[];
  profiles: EnvProfiles | null;
  /** The bundled sample: commands are Reference-grounded, never Repo-grounded. */
  sample: boolean;
  /** `PATH`, searched for `uv` when the checkout has a `pyproject.toml`. */
  pathValue: string | undefined;
  runCommand: CommandRunner;
}

/**
 * Re-read every written config, check it against the step and the approved
 * plan, and give the command that runs it. With `uv` on PATH and a
 * `pyproject.toml` in the checkout, each dry-run is executed (tier Verified).
 */
export async function verifyWrittenConfigs(
  input: VerifyInput,
): Promise<{ findings: Finding[]; commands: Command[] }> {
  const { catalog, intent } = input;
  const root = catalog.root;
  const findings: Finding[] = [];
  const commands: Command[] = [];
  const uv = existsSync(path.join(root, "pyproject.toml"))
    ? findOnPath("uv", input.pathValue)
    : undefined;
  const baseTier: Tier = input.sample ? "Reference-grounded" : "Repo-grounded";

  for (const [index, stage] of input.plan.stages.entries()) {
    const written = input.writtenPaths[index] ?? stage.configPath;
    const file = path.join(root, written);
    if (!existsSync(file)) {
      const message = `${written} was not found after Act`;
      findings.push({ level: "error", code: "missing_file", message, stage: stage.id });
      continue;
    }
    findings.push(...checkWrittenConfig(readFileSync(file, "utf8"), stage, catalog, written));
    const step = catalog.step(stage.step);
    const profile =
      step && remoteRequested(intent) ? selectProfile(step, intent, input.profiles) : undefined;
    const args = { step: stage.step, config: written, dryRun: true, overrides: {} };
    const command = buildStepCommand(profile ? { ...args, batchProfile: profile.section } : args);
    let tier: Tier = baseTier;
    if (uv) {
      const argv = ["run", "nemotron", "steps", "run", stage.step, "-c", written, "--dry-run"];
      if (profile) argv.push("--batch", profile.section);
      const outcome = await input.runCommand(uv, argv, {
        cwd: root,
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
  return { findings, commands };
}
