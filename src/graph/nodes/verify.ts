import { readEnvProfiles, verifyWrittenConfigs } from "../../act/index.js";
import { renderVerifyReport } from "../../planner/render/index.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";

/**
 * Verify: re-read every written config, check it against the step and the
 * approved plan, and give the commands that run it (executed as dry-runs when
 * the checkout can run them).
 */
export const verify =
  (deps: AgentDeps) =>
  async (state: AgentStateValue): Promise<AgentStateUpdate> => {
    const { checkout, currentPlan: plan, intent } = state;
    if (!checkout || !plan || !intent) throw new Error("verify needs a written plan");
    const { findings, commands } = await verifyWrittenConfigs({
      catalog: deps.catalogFor(checkout.root),
      plan,
      intent,
      writtenPaths: plan.stages.map((_, index) => state.proposals[index]?.path),
      profiles: readEnvProfiles({ root: checkout.root, envFile: checkout.envFile }),
      sample: checkout.source === "sample",
      pathValue: deps.path,
      runCommand: deps.runCommand,
    });
    const failed = findings.some((f) => f.level === "error");
    const all = [...state.findings, ...findings];
    return {
      findings,
      commands,
      status: failed ? "failed" : "done",
      ...reply(renderVerifyReport(plan, state.files, all, commands, failed)),
    };
  };
