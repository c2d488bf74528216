import { AIMessage, HumanMessage, isBaseMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { MaskedMessagesValue, MaskedText } from "../../src/graph/masked-channels.js";
import { DecisionSchema } from "../../src/graph/state.js";

const TOKEN = "nvapi-Zz9Qm4Lk2Rt8Wx";

async function masked(value: unknown) {
  const result = await MaskedMessagesValue.inputSchema["~standard"].validate(value);
  if (result.issues) throw new Error(result.issues.map((issue) => issue.message).join("; "));
  const list = result.value;
  if (!Array.isArray(list) || !list.every(isBaseMessage)) throw new Error("not a list of messages");
  return list;
}

describe("masking at the channels", () => {
  it("masks a text and leaves text without credentials as it is", () => {
    expect(MaskedText.parse(`use ${TOKEN} for NGC`)).toBe("use [redacted] for NGC");
    expect(MaskedText.parse("pack 4096 tokens per row")).toBe("pack 4096 tokens per row");
  });

  it("masks the text of a decision", () => {
    expect(DecisionSchema.parse({ type: "revise", text: `key ${TOKEN}` })).toEqual({
      type: "revise",
      text: "key [redacted]",
    });
  });

  it("keeps each message's type, id and other fields, and never changes the caller's object", async () => {
    const human = new HumanMessage({ content: `token ${TOKEN}`, id: "h1", name: "ana" });
    const tool = new ToolMessage({ content: `got ${TOKEN}`, tool_call_id: "call-1", id: "t1" });
    const ai = new AIMessage({ content: "a plan", id: "a1" });
    const [h, t, a] = await masked([human, tool, ai]);
    expect(h?.type).toBe("human");
    expect(h?.id).toBe("h1");
    expect(h?.name).toBe("ana");
    expect(h?.content).toBe("token [redacted]");
    expect(t).toBeInstanceOf(ToolMessage);
    expect(t instanceof ToolMessage && t.tool_call_id).toBe("call-1");
    expect(t?.content).toBe("got [redacted]");
    // Nothing to mask: the same object passes through.
    expect(a).toBe(ai);
    expect(human.content).toBe(`token ${TOKEN}`);
  });

  it("masks text blocks in place and replaces another block that holds a credential", async () => {
    const [message] = await masked({
      role: "user",
      content: [
        { type: "text", text: `first ${TOKEN}` },
        { type: "image_url", image_url: { url: "https://x.example.com/a.png?token=abc123def456" } },
        { type: "image_url", image_url: { url: "https://x.example.com/b.png" } },
      ],
    });
    expect(message?.content).toEqual([
      { type: "text", text: "first [redacted]" },
      { type: "text", text: "[redacted]" },
      { type: "image_url", image_url: { url: "https://x.example.com/b.png" } },
    ]);
  });

  it("refuses a value that is not a chat message, saying which", async () => {
    await expect(masked([{ type: "nonsense", content: "x" }])).rejects.toThrow(
      /not a chat message/,
    );
  });
});
