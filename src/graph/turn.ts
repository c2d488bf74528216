import { HumanMessage } from "@langchain/core/messages";
import { awaitsReply, needsApproval } from "../planner/result.js";
import { type KnownSecrets, redactText } from "../secrets/index.js";
import type { AgentStateUpdate, AgentStateValue, Decision } from "./state.js";
import { replyFromText } from "./typed-reply.js";

/** What this turn brought: text to read into the intent, or a reply to the waiting plan. */
export type Turn =
  | { kind: "request"; text: string; update: AgentStateUpdate }
  | { kind: "reply"; decision: Decision; update: AgentStateUpdate };

/**
 * The input of this turn only, whatever the channel: a human message not read
 * yet, `requests` entries not read yet (a run's input, or a revision or answer
 * the approval node added). While a plan waits, that input is a reply to it
 * ("approve", "yes, go", "revise: …"; other text revises). The channels mask
 * credentials on the way in (masked-channels.ts); what only the checkout
 * knows, its env-file values, is masked here, and the stored message is
 * replaced (same id) by that text.
 */
export function readTurn(state: AgentStateValue, secrets: KnownSecrets): Turn {
  const waiting =
    awaitsReply(state.status) && needsApproval(state.currentPlan, state.scaffold !== null);
  const unread = state.requests.slice(state.requestsRead);
  const last = state.messages.at(-1);
  const fresh = last?.getType() === "human" && last.id !== state.messageRead ? last : undefined;
  // Only text without the checkout's env-file values is read or re-stored.
  const texts = unread.map((text) => redactText(text, secrets));
  const update: AgentStateUpdate = { requestsRead: state.requests.length };
  if (fresh) {
    const text = redactText(fresh.text, secrets);
    texts.push(text);
    update.messageRead = fresh.id ?? null;
    update.messages = [new HumanMessage({ content: text, ...(fresh.id ? { id: fresh.id } : {}) })];
  }
  const text = texts.join("\n");
  if (waiting && text) {
    return { kind: "reply", decision: replyFromText(text) ?? { type: "revise", text }, update };
  }
  if (fresh) {
    update.requests = [texts.at(-1) ?? ""];
    update.requestsRead = state.requests.length + 1;
  }
  return { kind: "request", text, update };
}
