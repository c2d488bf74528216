import { buildScaffold, ExplorerError } from "../explorer/index.js";
import type { Intent } from "../planner/intent.js";
import type { AgentDeps } from "./deps.js";
import type { Checkout } from "./state.js";

/**
 * At plan time, decide what an approved Explorer scaffold would create, so the
 * approval names the files. Building is pure; nothing is written here. A gap
 * that cannot be scaffolded in this checkout is explained instead.
 */
export function scaffoldForPlan(
  deps: AgentDeps,
  checkout: Checkout,
  intent: Intent,
): { scaffold: { stepId: string; dir: string; files: string[] } | null; note: string } {
  if (intent.route !== "explorer" || !intent.gap) return { scaffold: null, note: "" };
  try {
    const proposal = buildScaffold({
      catalog: deps.catalogFor(checkout.root),
      intent,
      intentRules: deps.intentRules(),
      planningRules: deps.planningRules(),
    });
    const files = proposal.files.map((f) => f.path);
    const note = [
      "## Explorer scaffold",
      "",
      `Approving creates the new step \`${proposal.stepId}\` (nothing existing is changed):`,
      "",
      ...files.map((f) => `- \`${f}\``),
    ].join("\n");
    return { scaffold: { stepId: proposal.stepId, dir: proposal.dir, files }, note };
  } catch (error) {
    if (!(error instanceof ExplorerError)) throw error;
    return {
      scaffold: null,
      note: `## Explorer scaffold\n\nNo step can be scaffolded here: ${error.message}`,
    };
  }
}
