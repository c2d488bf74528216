import { Command } from "@langchain/langgraph";
import { ActError, gitState, writePlanConfigs } from "../../act/index.js";
import { CatalogError } from "../../catalog/index.js";
import type { Finding } from "../../planner/plan.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateValue } from "../state.js";

/** Attempts after which Act stops and explains instead of trying again. */
const MAX_ACT_ATTEMPTS = 2;

/**
 * Act (catalog mode): create one new config per stage, after approval only.
 * Writes are create-only and keyed by content hash, so a resume after a crash
 * finds the files it already made and writes nothing twice.
 */
export const act = (deps: AgentDeps) => async (state: AgentStateValue) => {
  const { checkout, currentPlan: plan } = state;
  if (!checkout || !plan) throw new Error("act needs an approved plan");
  if (checkout.source === "sample")
    return new Command({ goto: "__end__", update: SAMPLE_WRITE_REFUSED });
  const catalog = deps.catalogFor(checkout.root);
  try {
    const before = await gitState(checkout.root);
    const result = await writePlanConfigs({
      catalog,
      plan,
      envFile: checkout.envFile,
      git: before.isRepo,
    });
    const renamed = new Map(result.renamed.map((r) => [r.from, r.to]));
    const files = [...result.written, ...result.unchanged];
    const proposals = plan.stages.map((stage) => {
      const path = renamed.get(stage.configPath) ?? stage.configPath;
      return { path, step: stage.step, sha256: files.find((f) => f.path === path)?.sha256 ?? "" };
    });
    const findings: Finding[] = [];
    if (before.dirty) {
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
    return new Command({ goto: "verify", update: { files, proposals, findings } });
  } catch (error) {
    if (!(error instanceof ActError || error instanceof CatalogError)) throw error;
    const attempts = state.actAttempts + 1;
    const finding: Finding = { level: "error", code: "act_failed", message: error.message };
    if (attempts < MAX_ACT_ATTEMPTS) {
      return new Command({ goto: "act", update: { actAttempts: attempts, findings: [finding] } });
    }
    const markdown = [
      `## Act stopped after ${attempts} attempts`,
      "",
      `Nothing was written. The last attempt failed with: ${error.message}`,
      "",
      "Fix the cause named above and approve again, or revise or reject the plan.",
    ].join("\n");
    // Back to approval, not the end: the thread stays resumable once the cause is fixed.
    return new Command({
      goto: "approval",
      update: {
        actAttempts: attempts,
        findings: [finding],
        status: "failed",
        approvalError: `Act failed: ${error.message}`,
        ...reply(markdown),
      },
    });
  }
};

/**
 * The bundled sample checkout ships with this program; writing into it would
 * change the program's own files. Plans made against it are for reading.
 */
export const SAMPLE_WRITE_REFUSED = {
  status: "blocked" as const,
  ...reply(
    [
      "## Nothing written: this plan was made against the bundled sample checkout",
      "",
      "The sample is part of nemotron-customize and is never modified. Run the request again",
      "in your Nemotron clone (or with `--repo <clone>`) to write the configs there.",
    ].join("\n"),
  ),
};
