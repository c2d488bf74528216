import { z } from "zod";
import type { Plan } from "../../planner/plan.js";
import { type Decision, DecisionSchema } from "../state.js";

/**
 * The approval payload, in the HumanInterrupt shape LangGraph chat UIs
 * render: what is being approved, what would be created, what is missing,
 * and which replies are allowed.
 */
export function approvalRequest(
  plan: Plan,
  error: string | null,
  scaffoldFiles: readonly string[] = [],
) {
  const files =
    plan.route === "explorer" ? [...scaffoldFiles] : plan.stages.map((stage) => stage.configPath);
  const missing = plan.requiredInputs.map((input) => `${input.key}: ${input.question}`);
  const lines = [
    error ? `Your last reply was not applied: ${error}\n` : "",
    plan.markdown,
    "",
    files.length
      ? `Approving creates ${files.length} new file(s); nothing existing is changed.`
      : "",
    missing.length
      ? `Still needed before anything is written:\n${missing.map((m) => `- ${m}`).join("\n")}`
      : "",
    "Reply: approve | revise <what to change> | answer <missing values> | reject",
  ];
  return {
    action_request: {
      action: plan.route === "explorer" ? "approve_explorer_scaffold" : "approve_plan",
      args: { plan: plan.name, files, requiredInputs: plan.requiredInputs },
    },
    config: { allow_accept: true, allow_edit: false, allow_respond: true, allow_ignore: true },
    description: lines.filter(Boolean).join("\n"),
    ...(error ? { error } : {}),
  };
}
export type ApprovalRequest = ReturnType<typeof approvalRequest>;

/** The reply shape chat UIs send for a HumanInterrupt. */
const HumanResponseSchema = z.object({
  type: z.enum(["accept", "ignore", "response", "edit"]),
  args: z.unknown().optional(),
});

/**
 * Accept our own decision objects and the chat-UI reply shape (possibly
 * wrapped in a one-element array). Anything else is an error message, not a crash.
 */
export function parseApprovalReply(
  raw: unknown,
): { ok: true; decision: Decision } | { ok: false; error: string } {
  const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  const own = DecisionSchema.safeParse(value);
  if (own.success) return { ok: true, decision: own.data };
  const ui = HumanResponseSchema.safeParse(value);
  if (ui.success) {
    const { type, args } = ui.data;
    if (type === "accept") return { ok: true, decision: { type: "approve" } };
    if (type === "ignore") return { ok: true, decision: { type: "reject" } };
    if (type === "response" && typeof args === "string" && args.trim()) {
      return { ok: true, decision: { type: "revise", text: args.trim() } };
    }
    if (type === "edit")
      return {
        ok: false,
        error: "editing the plan in place is not supported; reply with revise <text>",
      };
    return { ok: false, error: "a response needs some text" };
  }
  return {
    ok: false,
    error:
      "expected {type: approve} | {type: revise, text} | {type: answer, text} | {type: reject}",
  };
}
