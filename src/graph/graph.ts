import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { END, START, StateGraph } from "@langchain/langgraph";
import { needsApproval } from "../planner/result.js";
import type { AgentDeps } from "./deps.js";
import { act } from "./nodes/act.js";
import { approval } from "./nodes/approval.js";
import { explorer } from "./nodes/explorer.js";
import { orient } from "./nodes/orient.js";
import { plan } from "./nodes/plan.js";
import { verify } from "./nodes/verify.js";
import { AgentInput, AgentOutput, AgentState } from "./state.js";

/** The agent's graph: orient → plan → (approval → act → verify | explorer) or an answer. */
export function buildAgentGraph(deps: AgentDeps) {
  return new StateGraph(AgentState, { input: AgentInput, output: AgentOutput })
    .addNode("orient", orient(deps), { ends: ["plan", "approval"] })
    .addNode("plan", plan(deps))
    .addNode("approval", approval(deps), { ends: ["approval", "act", "explorer", "orient", END] })
    .addNode("act", act(deps), { ends: ["verify", "act", "approval", END] })
    .addNode("explorer", explorer(deps))
    .addNode("verify", verify(deps))
    .addEdge(START, "orient")
    .addConditionalEdges(
      "plan",
      (state) => (needsApproval(state.currentPlan, state.scaffold !== null) ? "approval" : END),
      ["approval", END],
    )
    .addEdge("explorer", END)
    .addEdge("verify", END);
}

export function compileAgentGraph(deps: AgentDeps, checkpointer?: BaseCheckpointSaver) {
  return buildAgentGraph(deps).compile(checkpointer ? { checkpointer } : {});
}
export type AgentGraph = ReturnType<typeof compileAgentGraph>;
