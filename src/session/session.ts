import { type BaseCheckpointSaver, Command } from "@langchain/langgraph";
import { findSecretValues, sweepStaleTemps } from "../act/index.js";
import { editableArgs, parseApprovalReply } from "../graph/approval-protocol.js";
import type { AgentGraph } from "../graph/graph.js";
import type { AgentStateValue, Checkout } from "../graph/state.js";
import type { AgentResult } from "../planner/result.js";
import { redactText } from "../secrets/index.js";
import { ThreadError } from "./errors.js";
import { closeInterruptedAct } from "./interrupted-act.js";
import { resultOf } from "./result.js";
import { type ReplyKind, resumeAction, type ThreadStage, threadStage } from "./thread-stage.js";

export { ThreadError } from "./errors.js";
export { newThreadId } from "./thread-id.js";

// Runs that may stop for approval write checkpoints synchronously, so a
// crash right after the pause can always be resumed.
const runConfig = (threadId: string) => ({
  configurable: { thread_id: threadId },
  durability: "sync" as const,
});

async function snapshotOf(graph: AgentGraph, threadId: string) {
  const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
  const values: Partial<AgentStateValue> = snapshot.values;
  const stage = threadStage({
    exists: values.checkout !== undefined,
    next: snapshot.next,
    tasks: snapshot.tasks,
  });
  return { values, stage };
}

async function currentResult(graph: AgentGraph, threadId: string): Promise<AgentResult> {
  const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
  const values: AgentStateValue = snapshot.values;
  return resultOf(threadId, values);
}

/** A message or reply text as it may be stored: credentials and env-file values masked. */
function storable(text: string, checkout: Checkout): string {
  return redactText(text, { values: findSecretValues(checkout.root, checkout.envFile) });
}

/** Temp files of any earlier, interrupted attempt on this checkout are removed on every turn. */
function sweep(checkout: Checkout | undefined): void {
  if (checkout && checkout.source !== "sample") sweepStaleTemps(checkout.root);
}

export interface AskOptions {
  threadId: string;
  request: string;
  /** Used only when the thread is new; an existing thread keeps its checkout. */
  checkout: Checkout;
  /** Approve right away when the plan stops for approval (`--yes`). */
  autoApprove?: boolean;
}

/**
 * A user message: a new thread, a follow-up on a finished one (merged into its
 * intent and re-planned), or — when the thread waits for approval or was cut
 * off mid-run — a revision.
 */
export async function ask(graph: AgentGraph, options: AskOptions): Promise<AgentResult> {
  const { threadId } = options;
  const state = await snapshotOf(graph, threadId);
  const checkout = state.values.checkout ?? options.checkout;
  sweep(checkout);
  // Secrets pasted into a message are cut before it reaches the checkpoint store.
  const request = storable(options.request, checkout);
  const autoApprove = options.autoApprove ?? false;
  if (state.stage.kind === "missing") {
    // A new thread's checkout travels in the run's config (it is not a user input).
    const config = runConfig(threadId);
    await graph.invoke(
      { requests: [request] },
      { ...config, configurable: { ...config.configurable, checkout } },
    );
    return settle(graph, threadId, autoApprove);
  }
  if (state.stage.kind === "finished") {
    await graph.invoke({ requests: [request] }, runConfig(threadId));
    return settle(graph, threadId, autoApprove);
  }
  return answer(graph, threadId, state.stage, { type: "revise", text: request }, autoApprove);
}

/** Answer a pending approval with a reply (`{type: "approve"}`, a chat-UI response, …). */
export async function resume(
  graph: AgentGraph,
  threadId: string,
  reply: unknown,
  options: { autoApprove?: boolean } = {},
): Promise<AgentResult> {
  const state = await snapshotOf(graph, threadId);
  if (state.stage.kind === "missing") throw new ThreadError(`no thread ${threadId} in this store`);
  const checkout = state.values.checkout;
  sweep(checkout);
  const current = state.values.currentPlan
    ? editableArgs(state.values.currentPlan, state.values.intent)
    : {};
  const parsed = parseApprovalReply(reply, current);
  // Secrets in a revision or answer are cut before the reply is stored. A malformed
  // reply goes on as its shape only; the approval node says why and asks again.
  const resumeValue = !parsed.ok
    ? { malformed: typeof reply }
    : "text" in parsed.decision && checkout
      ? { ...parsed.decision, text: storable(parsed.decision.text, checkout) }
      : parsed.decision;
  // The stored (redacted) text of a revision or answer.
  const text = "text" in resumeValue ? resumeValue.text : undefined;
  if (state.stage.kind === "finished") {
    // A command that still lacks values takes them as a new message on the thread.
    if (state.values.status === "needs_input" && checkout && text !== undefined) {
      return ask(graph, { threadId, request: text, checkout, ...options });
    }
    throw new ThreadError(
      `thread ${threadId} has nothing waiting for approval (status ${state.values.status ?? "unknown"})`,
    );
  }
  return answer(graph, threadId, state.stage, resumeValue, options.autoApprove ?? false, {
    kind: parsed.ok ? parsed.decision.type : "other",
    text,
  });
}

/** Carry out a reply from whatever stage the thread is in (see `resumeAction`). */
async function answer(
  graph: AgentGraph,
  threadId: string,
  stage: ThreadStage,
  value: unknown,
  autoApprove: boolean,
  read: { kind: ReplyKind; text: string | undefined } = replyOf(value),
): Promise<AgentResult> {
  const action = resumeAction(stage, read.kind);
  switch (action) {
    case "refuse":
      throw new ThreadError(`thread ${threadId} has nothing waiting for approval`);
    case "continue":
      // The approval was recorded before the crash: finish that run (Act, then Verify).
      await graph.invoke(null, runConfig(threadId));
      return settle(graph, threadId, autoApprove);
    case "continue_then_reply": {
      await graph.invoke(null, runConfig(threadId));
      const after = await snapshotOf(graph, threadId);
      if (after.stage.kind !== "pending") return settle(graph, threadId, autoApprove);
      await graph.invoke(new Command({ resume: value }), runConfig(threadId));
      return settle(graph, threadId, autoApprove);
    }
    case "reply":
      await graph.invoke(new Command({ resume: value }), runConfig(threadId));
      return settle(graph, threadId, autoApprove);
    case "close":
    case "close_then_replan": {
      if (stage.kind !== "unfinished_act") throw new Error("only an interrupted Act is closed");
      const kept = await closeInterruptedAct(graph, runConfig(threadId), stage.node);
      if (action === "close") return currentResult(graph, threadId);
      await graph.invoke({ requests: [read.text ?? ""] }, runConfig(threadId));
      const result = await settle(graph, threadId, autoApprove);
      return kept.length === 0
        ? result
        : { ...result, markdown: `${keptNote(kept)}\n\n${result.markdown}` };
    }
  }
}

/** The kind and text of a reply this module built itself (`ask` on a waiting thread). */
function replyOf(value: unknown): { kind: ReplyKind; text: string | undefined } {
  const parsed = parseApprovalReply(value, {});
  if (!parsed.ok) return { kind: "other", text: undefined };
  return {
    kind: parsed.decision.type,
    text: "text" in parsed.decision ? parsed.decision.text : undefined,
  };
}

function keptNote(kept: readonly { path: string }[]): string {
  return [
    "Files already written by the interrupted Act (kept; delete them if the new plan replaces them):",
    ...kept.map((file) => `- \`${file.path}\``),
  ].join("\n");
}

/** With auto-approval, keep approving while the plan is complete and waiting. */
async function settle(
  graph: AgentGraph,
  threadId: string,
  autoApprove: boolean,
): Promise<AgentResult> {
  let result = await currentResult(graph, threadId);
  if (autoApprove && result.status === "awaiting_approval") {
    await graph.invoke(new Command({ resume: { type: "approve" } }), runConfig(threadId));
    result = await currentResult(graph, threadId);
  }
  return result;
}

export interface SessionSummary {
  threadId: string;
  status: string;
  request: string;
  updated: string;
}

/** Every thread in the store with its status, first request and last update time. */
export async function listSessions(
  graph: AgentGraph,
  saver: BaseCheckpointSaver,
): Promise<SessionSummary[]> {
  const latest = new Map<string, string>();
  for await (const tuple of saver.list({ configurable: {} })) {
    const id = tuple.config.configurable?.thread_id;
    if (typeof id !== "string") continue;
    const ts = tuple.checkpoint.ts;
    const seen = latest.get(id);
    if (!seen || seen < ts) latest.set(id, ts);
  }
  const sessions: SessionSummary[] = [];
  for (const [threadId, updated] of latest) {
    const { values } = await snapshotOf(graph, threadId);
    const first = values.requests?.[0] ?? "";
    sessions.push({
      threadId,
      status: values.status ?? "unknown",
      // Threads stored before a rule existed are masked again on the way out.
      request: values.checkout ? storable(first, values.checkout) : redactText(first),
      updated,
    });
  }
  return sessions.sort((a, b) => b.updated.localeCompare(a.updated));
}
