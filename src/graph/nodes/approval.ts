import { Command, END, interrupt } from "@langchain/langgraph";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateValue } from "../state.js";
import { approvalRequest, parseApprovalReply } from "./approval-request.js";

/**
 * Approval: stop and wait for a person. Nothing runs before `interrupt()`
 * because the node restarts from its first line on resume; the reply is
 * validated on arrival and a bad one loops back here with the reason.
 */
export const approval = (deps: AgentDeps) => (state: AgentStateValue) => {
  const plan = state.currentPlan;
  if (!plan) throw new Error("approval needs a plan");
  const response = interrupt(approvalRequest(plan, state.approvalError, state.scaffold?.files));
  const parsed = parseApprovalReply(response);
  if (!parsed.ok) return new Command({ goto: "approval", update: { approvalError: parsed.error } });
  const { decision } = parsed;
  switch (decision.type) {
    case "approve": {
      if (plan.requiredInputs.length > 0) {
        const keys = plan.requiredInputs.map((r) => r.key).join(", ");
        return new Command({
          goto: "approval",
          update: {
            status: "needs_input",
            approvalError: `still missing ${keys}; reply answer <values> first`,
          },
        });
      }
      const next = plan.route === "explorer" ? "explorer" : "act";
      return new Command({
        goto: next,
        update: { decision, approvalError: null, actAttempts: 0, findings: [] },
      });
    }
    case "reject":
      return new Command({
        goto: END,
        update: {
          decision,
          status: "done",
          ...reply("Plan rejected. Nothing was written."),
          approvalError: null,
        },
      });
    default: {
      if (state.replans >= deps.maxReplans) {
        const markdown = `This thread has been re-planned ${state.replans} times, the limit. Start a new request with everything you know so far.`;
        return new Command({
          goto: END,
          update: { decision, status: "failed", ...reply(markdown) },
        });
      }
      return new Command({
        goto: "orient",
        update: {
          decision,
          requests: [decision.text],
          replans: state.replans + 1,
          approvalError: null,
        },
      });
    }
  }
};
