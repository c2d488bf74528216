import { describe, expect, it } from "vitest";
import { parseApprovalReply } from "../../src/graph/approval-protocol.js";
import { replyFromText } from "../../src/graph/typed-reply.js";

const current = { "data.path": "", output_dir: "/out/a" };

describe("every reply form either UI sends maps to one decision", () => {
  it.each([
    [{ decisions: [{ type: "approve" }] }, { type: "approve" }],
    [{ decisions: [{ type: "reject" }] }, { type: "reject" }],
    [
      { decisions: [{ type: "reject", message: "use 4 GPUs" }] },
      { type: "revise", text: "use 4 GPUs" },
    ],
    [[{ type: "accept", args: null }], { type: "approve" }],
    [{ type: "ignore", args: null }, { type: "reject" }],
    [
      { type: "response", args: " fewer GPUs " },
      { type: "revise", text: "fewer GPUs" },
    ],
    [
      { type: "answer", text: "data.path: /d" },
      { type: "answer", text: "data.path: /d" },
    ],
  ])("%j", (reply, decision) => {
    expect(parseApprovalReply(reply, current)).toEqual({ ok: true, decision });
  });

  it("an edit answers with the changed editable args only; an unchanged edit approves", () => {
    const args = { plan: "p", files: ["x"], "data.path": "/data/d.jsonl", output_dir: "/out/a" };
    const v1 = { decisions: [{ type: "edit", edited_action: { name: "approve_plan", args } }] };
    expect(parseApprovalReply(v1, current)).toEqual({
      ok: true,
      decision: { type: "answer", text: "data.path: /data/d.jsonl" },
    });
    const camel = { decisions: [{ type: "edit", editedAction: { name: "approve_plan", args } }] };
    expect(parseApprovalReply(camel, current)).toEqual(parseApprovalReply(v1, current));
    const legacy = { type: "edit", args: { action: "approve_plan", args: { ...current } } };
    expect(parseApprovalReply(legacy, current)).toEqual({
      ok: true,
      decision: { type: "approve" },
    });
  });

  it("refuses what it cannot read, with a reason", () => {
    for (const reply of [{ type: "maybe" }, { decisions: [] }, { type: "response", args: "" }, 7]) {
      const parsed = parseApprovalReply(reply, current);
      expect(parsed.ok).toBe(false);
    }
    const two = { decisions: [{ type: "approve" }, { type: "approve" }] };
    expect(parseApprovalReply(two, current)).toEqual({ ok: false, error: "expected one decision" });
  });
});

describe("a message typed while a plan waits", () => {
  it.each([
    ["approve", { type: "approve" }],
    ["Yes, go!", { type: "approve" }],
    ["ok", { type: "approve" }],
    ["no", { type: "reject" }],
    ["revise: use AutoModel", { type: "revise", text: "use AutoModel" }],
    ["answer - data.path: /d", { type: "answer", text: "data.path: /d" }],
  ])("%s", (text, decision) => {
    expect(replyFromText(text)).toEqual(decision);
  });

  it("is not a bare reply when it says more", () => {
    for (const text of ["yes but use 4 GPUs", "no, yes", "Actually use AutoModel", ""]) {
      expect(replyFromText(text)).toBeUndefined();
    }
  });
});
