/**
 * Where a stored thread stands, decided from its checkpoint alone, and what a
 * reply does from there. Every persisted state maps to exactly one stage, and
 * every stage has a defined outcome for every reply, so a crash at any point
 * leaves a thread that can be finished, rejected or revised.
 */

/** The parts of a LangGraph state snapshot the decision needs. */
export interface SnapshotShape {
  exists: boolean;
  /** Nodes due to run next (tasks without saved writes). */
  next: readonly string[];
  /** Tasks of the step in progress: an interrupt, or writes saved before a crash. */
  tasks: readonly { name: string; interrupts: readonly unknown[] }[];
}

/** Nodes that run after approval and may have written files. */
const AFTER_APPROVAL = new Set(["act", "verify", "explorer"]);

export type ThreadStage =
  | { kind: "missing" }
  /** Waiting for a reply to the approval interrupt. */
  | { kind: "pending" }
  /** A run died before approval (reading or planning): nothing was written; continuing is safe. */
  | { kind: "unfinished_plan" }
  /**
   * A run died after approval, inside or right after Act or Verify. `node` is
   * where it continues: the one due next, or the one whose saved writes lead on.
   */
  | { kind: "unfinished_act"; node: string }
  | { kind: "finished" };

export function threadStage(snapshot: SnapshotShape): ThreadStage {
  if (!snapshot.exists) return { kind: "missing" };
  if (snapshot.tasks.some((task) => task.interrupts.length > 0)) return { kind: "pending" };
  const due = snapshot.next[0];
  if (due !== undefined) {
    return AFTER_APPROVAL.has(due)
      ? { kind: "unfinished_act", node: due }
      : { kind: "unfinished_plan" };
  }
  // No node due, but the step in progress has saved writes (a crash between a
  // node's writes and the checkpoint that follows them): the run goes on from there.
  const saved = snapshot.tasks.map((task) => task.name);
  if (saved.length === 0) return { kind: "finished" };
  if (saved.some((name) => AFTER_APPROVAL.has(name))) {
    return {
      kind: "unfinished_act",
      node: saved.includes("act") ? "verify" : (saved[0] ?? "verify"),
    };
  }
  return { kind: "unfinished_plan" };
}

export type ReplyKind = "approve" | "reject" | "revise" | "answer" | "other";

/**
 * What a reply does in each stage:
 * - `reply`: hand it to the waiting approval interrupt;
 * - `continue`: finish the interrupted run (after approval: Act, then Verify;
 *   before it: up to the approval it was heading for);
 * - `continue_then_reply`: finish planning first, then hand the reply over;
 * - `close`: stop the interrupted Act where it is, keeping files it wrote;
 * - `close_then_replan`: the same, then re-plan with the reply's text;
 * - `refuse`: nothing waits for this reply.
 */
export type ResumeAction =
  | "reply"
  | "continue"
  | "continue_then_reply"
  | "close"
  | "close_then_replan"
  | "refuse";

export function resumeAction(stage: ThreadStage, reply: ReplyKind): ResumeAction {
  switch (stage.kind) {
    case "missing":
    case "finished":
      return "refuse";
    case "pending":
      return "reply";
    case "unfinished_plan":
      // Approving means seeing the plan first: the run is finished up to approval and stops there.
      return reply === "approve" ? "continue" : "continue_then_reply";
    case "unfinished_act":
      if (reply === "approve") return "continue";
      if (reply === "reject") return "close";
      if (reply === "revise" || reply === "answer") return "close_then_replan";
      return "refuse";
  }
}
