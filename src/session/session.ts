import { type BaseCheckpointSaver, Command } from "@langchain/langgraph";
import { editableArgs, parseApprovalReply } from "../graph/approval-protocol.js";
import type { AgentGraph } from "../graph/graph.js";
import type { AgentStateValue, Checkout } from "../graph/state.js";
import { loadIntentRules, redactRequest } from "../planner/intent-reader/index.js";
import type { AgentResult } from "../planner/result.js";
import { ThreadError } from "./errors.js";
import { resultOf } from "./result.js";

export { ThreadError } from "./errors.js";

// Runs that may stop for approval write checkpoints synchronously, so a
// crash right after the pause can always be resumed.
const runConfig = (threadId: string) => ({
  configurable: { thread_id: threadId },
  durability: "sync" as const,
});

async function snapshotOf(graph: AgentGraph, threadId: string) {
  const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
  const values: Partial<AgentStateValue> = snapshot.values;
  const pending = snapshot.tasks.some((task) => task.interrupts.length > 0);
  // A run killed between nodes leaves tasks with no interrupt: it can be continued.
  const unfinished = !pending && snapshot.next.length > 0;
  return { values, pending, unfinished, exists: values.checkout !== undefined };
}

async function currentResult(graph: AgentGraph, threadId: string): Promise<AgentResult> {
  const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
  const values: AgentStateValue = snapshot.values;
  return resultOf(threadId, values);
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
 * intent and re-planned), or — when the thread waits for approval — a revision.
 */
export async function ask(graph: AgentGraph, options: AskOptions): Promise<AgentResult> {
  const { threadId } = options;
  // Secrets pasted into a message are cut before it reaches the checkpoint store.
  const request = redactRequest(options.request, loadIntentRules());
  const state = await snapshotOf(graph, threadId);
  if (state.pending) {
    await graph.invoke(
      new Command({ resume: { type: "revise", text: request } }),
      runConfig(threadId),
    );
  } else if (state.exists) {
    await graph.invoke({ requests: [request] }, runConfig(threadId));
  } else {
    // A new thread's checkout travels in the run's config (it is not a user input).
    const config = runConfig(threadId);
    await graph.invoke(
      { requests: [request] },
      { ...config, configurable: { ...config.configurable, checkout: options.checkout } },
    );
  }
  return settle(graph, threadId, options.autoApprove ?? false);
}

/** Answer a pending approval with a reply (`{type: "approve"}`, a chat-UI response, …). */
export async function resume(
  graph: AgentGraph,
  threadId: string,
  reply: unknown,
  options: { autoApprove?: boolean } = {},
): Promise<AgentResult> {
  const state = await snapshotOf(graph, threadId);
  if (!state.exists) throw new ThreadError(`no thread ${threadId} in this store`);
  const current = state.values.currentPlan
    ? editableArgs(state.values.currentPlan, state.values.intent)
    : {};
  if (state.unfinished && isApproval(reply, current)) {
    // The approval was already recorded before the crash: finish that run.
    await graph.invoke(null, runConfig(threadId));
    return settle(graph, threadId, options.autoApprove ?? false);
  }
  if (!state.pending) {
    throw new ThreadError(
      `thread ${threadId} has nothing waiting for approval (status ${state.values.status ?? "unknown"})`,
    );
  }
  const parsed = parseApprovalReply(reply, current);
  // Secrets in a revision or answer are cut before the reply is stored. A malformed
  // reply goes on as its shape only; the approval node says why and asks again.
  const resumeValue = !parsed.ok
    ? { malformed: typeof reply }
    : "text" in parsed.decision
      ? { ...parsed.decision, text: redactRequest(parsed.decision.text, loadIntentRules()) }
      : parsed.decision;
  await graph.invoke(new Command({ resume: resumeValue }), runConfig(threadId));
  return settle(graph, threadId, options.autoApprove ?? false);
}

function isApproval(reply: unknown, current: Record<string, string>): boolean {
  const parsed = parseApprovalReply(reply, current);
  return parsed.ok && parsed.decision.type === "approve";
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
    sessions.push({
      threadId,
      status: values.status ?? "unknown",
      request: values.requests?.[0] ?? "",
      updated,
    });
  }
  return sessions.sort((a, b) => b.updated.localeCompare(a.updated));
}
