import { describe, expect, it } from "vitest";
import {
  type ReplyKind,
  resumeAction,
  type SnapshotShape,
  threadStage,
} from "../../src/session/thread-stage.js";

const task = (name: string, interrupts: unknown[] = []) => ({ name, interrupts });
const shape = (next: string[], tasks: SnapshotShape["tasks"], exists = true): SnapshotShape => ({
  exists,
  next,
  tasks,
});

describe("every stored thread state maps to one stage", () => {
  it.each<[string, SnapshotShape, ReturnType<typeof threadStage>]>([
    ["no checkpoint", shape([], [], false), { kind: "missing" }],
    [
      "waiting at the interrupt",
      shape(["approval"], [task("approval", [{}])]),
      { kind: "pending" },
    ],
    ["ended", shape([], []), { kind: "finished" }],
    ["killed while planning", shape(["plan"], [task("plan")]), { kind: "unfinished_plan" }],
    ["killed inside Act", shape(["act"], [task("act")]), { kind: "unfinished_act", node: "act" }],
    [
      "killed after Act's writes were saved, before the next checkpoint",
      shape([], [task("act")]),
      { kind: "unfinished_act", node: "verify" },
    ],
    [
      "killed inside Verify",
      shape(["verify"], [task("verify")]),
      { kind: "unfinished_act", node: "verify" },
    ],
    [
      "killed inside Explorer",
      shape(["explorer"], [task("explorer")]),
      { kind: "unfinished_act", node: "explorer" },
    ],
    [
      "killed after orient's writes were saved",
      shape([], [task("orient")]),
      { kind: "unfinished_plan" },
    ],
  ])("%s", (_name, snapshot, stage) => {
    expect(threadStage(snapshot)).toEqual(stage);
  });
});

describe("every reply has an outcome in every stage", () => {
  const replies: ReplyKind[] = ["approve", "reject", "revise", "answer", "other"];
  it("after an interrupted Act: approve finishes it, reject closes it, revise and answer re-plan", () => {
    const stage = { kind: "unfinished_act", node: "verify" } as const;
    expect(replies.map((r) => resumeAction(stage, r))).toEqual([
      "continue",
      "close",
      "close_then_replan",
      "close_then_replan",
      "refuse",
    ]);
  });

  it("a pending thread takes any reply; a finished or missing one takes none", () => {
    for (const reply of replies) {
      expect(resumeAction({ kind: "pending" }, reply)).toBe("reply");
      expect(resumeAction({ kind: "finished" }, reply)).toBe("refuse");
      expect(resumeAction({ kind: "missing" }, reply)).toBe("refuse");
    }
  });

  it("a run killed before approval is finished up to approval first; approving then needs the plan seen", () => {
    const stage = { kind: "unfinished_plan" } as const;
    expect(resumeAction(stage, "approve")).toBe("continue");
    for (const reply of ["reject", "revise", "answer", "other"] as const) {
      expect(resumeAction(stage, reply)).toBe("continue_then_reply");
    }
  });
});
