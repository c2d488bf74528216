import { Command, MemorySaver } from "@langchain/langgraph";
import { afterEach, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { type AgentGraph, compileAgentGraph } from "../../src/graph/graph.js";
import type { AgentStateValue } from "../../src/graph/state.js";
import { ask, resume } from "../../src/session/session.js";
import { ANSWER, addedWithHashes, comparable, OPENING, REVISION } from "../helpers/conversation.js";
import { scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { SAMPLE } from "../helpers/snapshot.js";

const thread = { configurable: { thread_id: "t" } };
type Say = (graph: AgentGraph, text: string) => Promise<unknown>;

async function stateOf(graph: AgentGraph): Promise<AgentStateValue> {
  return (await graph.getState(thread)).values;
}

/** Each channel a client may use to say the same thing while a plan waits. */
const CHANNELS: Record<string, { start: Say; reply: Say }> = {
  requests: {
    start: (graph, text) => graph.invoke({ requests: [text] }, thread),
    reply: (graph, text) => graph.invoke({ requests: [text] }, thread),
  },
  messages: {
    start: (graph, text) => graph.invoke({ messages: [{ role: "user", content: text }] }, thread),
    reply: (graph, text) => graph.invoke({ messages: [{ role: "user", content: text }] }, thread),
  },
};

describe("a turn reads only its own input, whatever the channel", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function setup() {
    const { root, cleanup } = await scratchCheckout(SAMPLE);
    cleanups.push(cleanup);
    const deps = createAgentDeps({ path: "", checkoutFor: () => ({ root, source: "flag" }) });
    return { root, before: treeSnapshot(root), graph: compileAgentGraph(deps, new MemorySaver()) };
  }

  /** The session API the CLI runs on: ask, then resume with --revise, --answer, --approve. */
  async function viaCli(finalReply: "approve" | "reject") {
    const { root, before, graph } = await setup();
    const checkout = { root, source: "flag" as const };
    await ask(graph, { threadId: "t", request: OPENING, checkout });
    await resume(graph, "t", { type: "revise", text: REVISION });
    await resume(graph, "t", { type: "answer", text: ANSWER });
    await resume(graph, "t", { type: finalReply });
    return { state: await stateOf(graph), files: addedWithHashes(root, before) };
  }

  async function viaChannel(name: string, finalReply: "approve" | "reject") {
    const channel = CHANNELS[name];
    if (!channel) throw new Error(name);
    const { root, before, graph } = await setup();
    await channel.start(graph, OPENING);
    await channel.reply(graph, `revise: ${REVISION}`);
    await channel.reply(graph, `answer: ${ANSWER}`);
    await channel.reply(graph, finalReply);
    return { state: await stateOf(graph), files: addedWithHashes(root, before) };
  }

  it("revise, answer and approve give the same state and files via the CLI, `requests` and `messages`", async () => {
    const cli = await viaCli("approve");
    expect(cli.state.status).toBe("done");
    expect(cli.state.requests).toEqual([OPENING, REVISION, ANSWER]);
    expect(cli.files.length).toBeGreaterThan(1);
    const written = cli.files.map((f) => f.path).join("\n");
    expect(written).toContain("config/");
    for (const name of Object.keys(CHANNELS)) {
      const other = await viaChannel(name, "approve");
      expect(comparable(other.state), name).toEqual(comparable(cli.state));
      expect(other.files, name).toEqual(cli.files);
      // A chat message that replies to a plan is not a new request.
      if (name === "messages") expect(other.state.requests).toEqual(cli.state.requests);
    }
  });

  it("the revised values reach the written configs, not the first ones", async () => {
    const { state, files } = await viaChannel("messages", "approve");
    expect(files.length).toBeGreaterThan(1);
    const plan = JSON.stringify(state.currentPlan?.stages.map((s) => s.params));
    expect(plan).toContain("/out/revised");
    expect(plan).toContain("/data/chat/revised.jsonl");
    expect(plan).not.toContain("/out/first-try");
    // Each plan of the thread was posted as an AI message before it waited.
    const ai = state.messages.filter((m) => m.getType() === "ai").map((m) => m.text);
    expect(ai.filter((text) => text.startsWith("# Plan:")).length).toBe(3);
  });

  it("reject ends the same way on every channel, with nothing written", async () => {
    const cli = await viaCli("reject");
    expect(cli.state.status).toBe("done");
    expect(cli.files).toEqual([]);
    for (const name of Object.keys(CHANNELS)) {
      const other = await viaChannel(name, "reject");
      expect(comparable(other.state), name).toEqual(comparable(cli.state));
      expect(other.files, name).toEqual([]);
    }
  });

  it("a typed 'yes, go' approves the waiting plan instead of starting a new request", async () => {
    const { graph } = await setup();
    await graph.invoke({ messages: [{ role: "user", content: `${OPENING}` }] }, thread);
    await graph.invoke({ messages: [{ role: "user", content: `answer: ${ANSWER}` }] }, thread);
    await graph.invoke({ messages: [{ role: "user", content: "yes, go" }] }, thread);
    const state = await stateOf(graph);
    expect(state.status).toBe("done");
    expect(state.requests).toEqual([OPENING, ANSWER]);
    expect(state.files.length).toBeGreaterThan(1);
  });

  it("a typed approve with values still missing is answered in the chat and the plan keeps waiting", async () => {
    const { graph } = await setup();
    await graph.invoke({ messages: [{ role: "user", content: OPENING }] }, thread);
    await graph.invoke({ messages: [{ role: "user", content: "approve" }] }, thread);
    const paused = await graph.getState(thread);
    expect(paused.values.status).toBe("needs_input");
    expect(paused.values.messages.at(-1)?.text).toContain("still missing");
    expect(paused.tasks[0]?.interrupts[0]?.value).toMatchObject({
      error: expect.stringContaining("still missing"),
    });
    await graph.invoke(new Command({ resume: { type: "answer", text: ANSWER } }), thread);
    expect((await graph.getState(thread)).values.status).toBe("awaiting_approval");
  });
});
