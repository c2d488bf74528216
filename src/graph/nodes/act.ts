import { Command } from "@langchain/langgraph";
import { ActError, actFindings, gitState, writePlanConfigs } from "../../act/index.js";
import { CatalogError } from "../../catalog/index.js";
import type { Finding } from "../../planner/plan.js";
import { renderActStopped, SAMPLE_WRITE_REFUSED } from "../../planner/render/index.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateValue } from "../state.js";

/** Attempts after which Act stops and explains instead of trying again. */
const MAX_ACT_ATTEMPTS = 2;

/** The bundled sample ships with the program: plans made against it are never written. */
export const sampleRefused = () => ({ status: "blocked" as const, ...reply(SAMPLE_WRITE_REFUSED) });

/**
 * Act (catalog mode): create one new config per stage, after approval only.
 * Writes are create-only and keyed by content hash, so a resume after a crash
 * finds the files it already made and writes nothing twice.
 */
export const act = (deps: AgentDeps) => async (state: AgentStateValue) => {
  const { checkout, currentPlan: plan } = state;
  if (!checkout || !plan) throw new Error("act needs an approved plan");
  if (checkout.source === "sample")
    return new Command({ goto: "__end__", update: sampleRefused() });
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
    const findings = actFindings(result, before.dirty);
    return new Command({ goto: "verify", update: { files, proposals, findings } });
  } catch (error) {
    if (!(error instanceof ActError || error instanceof CatalogError)) throw error;
    const attempts = state.actAttempts + 1;
    const finding: Finding = { level: "error", code: "act_failed", message: error.message };
    if (attempts < MAX_ACT_ATTEMPTS) {
      return new Command({ goto: "act", update: { actAttempts: attempts, findings: [finding] } });
    }
    // Back to approval, not the end: the thread stays resumable once the cause is fixed.
    return new Command({
      goto: "approval",
      update: {
        actAttempts: attempts,
        findings: [finding],
        status: "failed",
        approvalError: `Act failed: ${error.message}`,
        ...reply(renderActStopped(attempts, error.message)),
      },
    });
  }
};
