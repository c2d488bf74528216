import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, MemorySaver } from "@langchain/langgraph";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { compileAgentGraph } from "../../src/graph/graph.js";
import { SAMPLE } from "../helpers/snapshot.js";

const REQUEST =
  "Fine-tune Nemotron Nano3 on my chat JSONL at /data/chat.jsonl on one node of 8x H100, outputs under /out/c";

/** A chat UI talks in `messages`: a human message starts a turn, answers come back as AI messages. */
describe("a thread driven the way chat UIs drive it", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "nc-chat-ui-"));
    cpSync(SAMPLE, root, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("a human message plans, the HumanInterrupt takes accept, and the answer arrives as an AI message", async () => {
    const deps = createAgentDeps({ path: "", checkoutFor: () => ({ root, source: "flag" }) });
    const graph = compileAgentGraph(deps, new MemorySaver());
    const config = { configurable: { thread_id: "ui" } };
    await graph.invoke({ messages: [{ role: "user", content: REQUEST }] }, config);
    const paused = await graph.getState(config);
    expect(paused.values.requests).toEqual([REQUEST]);
    expect(paused.tasks[0]?.interrupts[0]?.value).toMatchObject({
      action_request: { action: "approve_plan" },
    });

    await graph.invoke(new Command({ resume: [{ type: "accept", args: null }] }), config);
    const done = await graph.getState(config);
    expect(done.values.status).toBe("done");
    const last = done.values.messages.at(-1);
    expect(last?.getType()).toBe("ai");
    expect(last?.text).toContain("configs written and verified");
  });

  it("a secret pasted into a chat message is redacted in the stored transcript", async () => {
    const deps = createAgentDeps({ path: "", checkoutFor: () => ({ root, source: "flag" }) });
    const graph = compileAgentGraph(deps, new MemorySaver());
    const config = { configurable: { thread_id: "ui2" } };
    const secret = "nvapi-CHAT-77aa31";
    await graph.invoke(
      { messages: [{ role: "user", content: `${REQUEST}, api_key=${secret}` }] },
      config,
    );
    const state = await graph.getState(config);
    expect(JSON.stringify(state.values.messages)).not.toContain(secret);
    expect(JSON.stringify(state.values.requests)).not.toContain(secret);
  });
});
