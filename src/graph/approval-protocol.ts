import { z } from "zod";
import type { Intent } from "../planner/intent.js";
import type { Plan } from "../planner/plan.js";
import { renderApprovalPrompt } from "../planner/render/index.js";
import { type Decision, DecisionSchema } from "./state.js";

/** Arg keys a reviewer may edit: the plan's open values and its output directory. */
const OUTPUT_DIR = "output_dir";
const EDIT_ALLOWED = ["approve", "edit", "reject"] as const;

/** The values a reviewer may edit in place, as strings (chat UIs edit args as text). */
export function editableArgs(plan: Plan, intent: Intent | undefined): Record<string, string> {
  const args: Record<string, string> = {};
  for (const input of plan.requiredInputs) args[input.key] = "";
  if (plan.route === "pipeline") args[OUTPUT_DIR] = intent?.outputDir ?? "";
  return args;
}

/**
 * The approval payload in both human-in-the-loop shapes chat UIs render:
 * LangChain v1's `action_requests` / `review_configs` (answered with
 * `{decisions: [...]}`) and the older HumanInterrupt `action_request` /
 * `config` / `description` (answered with accept / response / ignore / edit).
 */
export function approvalRequest(input: {
  plan: Plan;
  intent: Intent | undefined;
  error: string | null;
  scaffoldFiles?: readonly string[] | undefined;
}) {
  const { plan } = input;
  const files =
    plan.route === "explorer"
      ? [...(input.scaffoldFiles ?? [])]
      : plan.stages.map((stage) => stage.configPath);
  const action = plan.route === "explorer" ? "approve_explorer_scaffold" : "approve_plan";
  const description = renderApprovalPrompt(plan, files, input.error);
  const args = {
    plan: plan.name,
    files,
    requiredInputs: plan.requiredInputs,
    ...editableArgs(plan, input.intent),
  };
  return {
    action_requests: [{ name: action, args, description }],
    review_configs: [{ action_name: action, allowed_decisions: [...EDIT_ALLOWED] }],
    action_request: { action, args },
    config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true },
    description,
    ...(input.error ? { error: input.error } : {}),
  };
}
export type ApprovalRequest = ReturnType<typeof approvalRequest>;

const ArgsSchema = z.record(z.string(), z.unknown());
/** LangChain v1 decisions; `editedAction` is the JS middleware's spelling of `edited_action`. */
const V1DecisionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("approve") }),
  z.object({ type: z.literal("reject"), message: z.string().optional() }),
  z.object({
    type: z.literal("edit"),
    edited_action: z.object({ name: z.string(), args: ArgsSchema }).optional(),
    editedAction: z.object({ name: z.string(), args: ArgsSchema }).optional(),
  }),
]);
const V1ResponseSchema = z.object({ decisions: z.array(V1DecisionSchema).min(1) });
/** The older HumanResponse shape (Agent Inbox, earlier chat UIs). */
const LegacyResponseSchema = z.object({
  type: z.enum(["accept", "ignore", "response", "edit"]),
  args: z.unknown().optional(),
});
const LegacyEditSchema = z.object({ action: z.string(), args: ArgsSchema });

export type ParsedReply = { ok: true; decision: Decision } | { ok: false; error: string };

const EXPECTED =
  "expected {type: approve} | {type: revise, text} | {type: answer, text} | {type: reject}, or {decisions: [...]}";

/**
 * Accept every reply form the UIs send (our own decisions, v1 `decisions`,
 * legacy HumanResponse, possibly wrapped in a one-element array). An edit
 * becomes an answer carrying the edited values; anything else is an error
 * message, not a crash.
 */
export function parseApprovalReply(
  raw: unknown,
  current: Readonly<Record<string, string>>,
): ParsedReply {
  const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  const own = DecisionSchema.safeParse(value);
  if (own.success) return { ok: true, decision: own.data };
  const v1 = V1ResponseSchema.safeParse(value);
  if (v1.success) {
    const [decision, ...rest] = v1.data.decisions;
    if (!decision || rest.length > 0) return { ok: false, error: "expected one decision" };
    if (decision.type === "approve") return { ok: true, decision: { type: "approve" } };
    if (decision.type === "reject") {
      const text = decision.message?.trim();
      return { ok: true, decision: text ? { type: "revise", text } : { type: "reject" } };
    }
    return editDecision((decision.edited_action ?? decision.editedAction)?.args, current);
  }
  const legacy = LegacyResponseSchema.safeParse(value);
  if (!legacy.success) return { ok: false, error: EXPECTED };
  const { type, args } = legacy.data;
  if (type === "accept") return { ok: true, decision: { type: "approve" } };
  if (type === "ignore") return { ok: true, decision: { type: "reject" } };
  if (type === "edit") return editDecision(LegacyEditSchema.safeParse(args).data?.args, current);
  if (typeof args === "string" && args.trim())
    return { ok: true, decision: { type: "revise", text: args.trim() } };
  return { ok: false, error: "a response needs some text" };
}

/**
 * Edited args, as an answer in the `key: value` form the intent reader takes.
 * Only editable keys whose value changed count; an edit that changes nothing
 * is an approval (chat UIs send it that way too).
 */
function editDecision(
  args: Record<string, unknown> | undefined,
  current: Readonly<Record<string, string>>,
): ParsedReply {
  if (!args) return { ok: false, error: "an edit needs the edited args" };
  const lines: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (!(key in current)) continue;
    const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
    if (text && text !== current[key]) lines.push(`${key}: ${text}`);
  }
  if (lines.length === 0) return { ok: true, decision: { type: "approve" } };
  return { ok: true, decision: { type: "answer", text: lines.join("\n") } };
}
