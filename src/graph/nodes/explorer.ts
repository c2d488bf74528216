import type { AgentStateUpdate, AgentStateValue } from "../state.js";

/**
 * Explorer: scaffolding a new step is not available in this version. The node
 * exists so the route is explicit; it writes nothing and says so.
 */
export const explorer =
  () =>
  (state: AgentStateValue): AgentStateUpdate => {
    const gap = state.intent?.gap ?? "the requested capability";
    const markdown = [
      "## Explorer mode is not available yet",
      "",
      `The catalog has no step for ${gap}, and this version cannot scaffold a new step.`,
      "Nothing was written. The plan above names the closest existing steps.",
    ].join("\n");
    return { status: "blocked", markdown };
  };
