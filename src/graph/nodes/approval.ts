import { AIMessage } from "@langchain/core/messages";
import { Command, END, interrupt } from "@langchain/langgraph";
import {
  PLAN_REJECTED,
  renderRefusedReply,
  renderReplanLimit,
} from "../../planner/render/index.js";
import { redactText } from "../../secrets/index.js";
import { approvalRequest, editableArgs, parseApprovalReply } from "../approval-protocol.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateValue } from "../state.js";

/**
 * Approval: stop and wait for a person, unless orient already read a reply
 * typed in the chat. Nothing runs before `interrupt()` because the node
 * restarts from its first line on resume; the reply is validated on arrival
 * and a bad one loops back here with the reason.
 */
export const approval = (deps: AgentDeps) => (state: AgentStateValue) => {
  const { currentPlan: plan, intent } = state;
  if (!plan) throw new Error("approval needs a plan");
  const typed = state.typedReply;
  const response =
    typed ??
    interrupt(
      approvalRequest({
        plan,
        intent,
        error: state.approvalError,
        scaffoldFiles: state.scaffold?.files,
      }),
    );
  const parsed = parseApprovalReply(response, editableArgs(plan, intent));
  const refuse = (error: string) =>
    new Command({
      goto: "approval",
      update: {
        approvalError: error,
        typedReply: null,
        // A reply typed in the chat is answered in the chat, above the waiting plan.
        ...(typed ? { messages: [new AIMessage(renderRefusedReply(error))] } : {}),
      },
    });
  if (!parsed.ok) return refuse(parsed.error);
  const { decision } = parsed;
  const settled = { decision, approvalError: null, typedReply: null, actAttempts: 0 };
  switch (decision.type) {
    case "approve": {
      if (plan.requiredInputs.length > 0) {
        const keys = plan.requiredInputs.map((r) => r.key).join(", ");
        return refuse(`still missing ${keys}; reply answer <values> first`);
      }
      const next = plan.route === "explorer" ? "explorer" : "act";
      return new Command({ goto: next, update: { ...settled, status: "working" } });
    }
    case "reject":
      return new Command({
        goto: END,
        update: { ...settled, status: "done", ...reply(PLAN_REJECTED) },
      });
    default: {
      if (state.replans >= deps.maxReplans) {
        const failed = reply(renderReplanLimit(state.replans));
        return new Command({ goto: END, update: { ...settled, status: "failed", ...failed } });
      }
      return new Command({
        goto: "orient",
        update: {
          ...settled,
          status: "working",
          // The decision's text is masked by rule already; the checkout's env-file values here.
          requests: [redactText(decision.text, state.checkout && deps.secretsFor(state.checkout))],
          replans: state.replans + 1,
        },
      });
    }
  }
};
