import type { Catalog } from "../../catalog/index.js";
import type { Intent } from "../../planner/intent.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";
import { sampleRefused } from "./act.js";

/**
 * Explorer: after approval, build the scaffold again, gate it with the
 * validators and create the new step folder. A rejected scaffold writes
 * nothing and says what failed.
 */
export const explorer =
  (deps: AgentDeps) =>
  async (state: AgentStateValue): Promise<AgentStateUpdate> => {
    const { checkout, intent, scaffold } = state;
    if (!checkout || !intent || !scaffold) throw new Error("explorer needs an approved scaffold");
    if (checkout.source === "sample") return sampleRefused();
    const api = await deps.explorer();
    const outcome = await api.writeScaffold({
      catalog: deps.catalogFor(checkout.root),
      intent,
      intentRules: deps.intentRules(),
      planningRules: deps.planningRules(),
      envFile: checkout.envFile,
    });
    if (!outcome.ok) {
      return { status: "failed", findings: outcome.findings, ...reply(outcome.markdown) };
    }
    return {
      status: "done",
      files: outcome.files,
      findings: outcome.findings,
      commands: outcome.report.commands,
      ...reply(outcome.markdown),
    };
  };

/**
 * At plan time, what an approved scaffold would create. Only an Explorer route
 * can scaffold, so only it loads the Explorer.
 */
export async function previewScaffold(deps: AgentDeps, catalog: Catalog, intent: Intent) {
  if (intent.route !== "explorer") return { scaffold: null, note: "" };
  const api = await deps.explorer();
  return api.previewScaffold({
    catalog,
    intent,
    intentRules: deps.intentRules(),
    planningRules: deps.planningRules(),
  });
}
