import type { AgentStateValue } from "../graph/state.js";
import { type AgentResult, awaitsReply, needsApproval } from "../planner/result.js";

/** The `--json` object for a thread's current state. */
export function resultOf(threadId: string, state: AgentStateValue): AgentResult {
  const plan = state.currentPlan;
  return {
    threadId,
    status: state.status,
    pendingReply: awaitsReply(state.status) && needsApproval(plan, state.scaffold !== null),
    route: state.intent?.route ?? plan?.route ?? "out_of_scope",
    markdown: state.markdown,
    plan: plan
      ? {
          name: plan.name,
          stages: plan.stages.map((stage, index) => ({
            id: stage.id,
            step: stage.step,
            consumes: stage.consumes,
            produces: stage.produces,
            params: stage.params,
            provenance: stage.provenance ?? {},
            configPath: state.proposals[index]?.path ?? stage.configPath,
          })),
          mermaid: plan.mermaid,
          findings: [...plan.findings, ...state.findings],
          requiredInputs: plan.requiredInputs,
          memory: plan.memory ?? [],
        }
      : null,
    commands: state.commands,
    files: state.files,
    usage: state.usage,
  };
}
