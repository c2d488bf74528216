import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HumanMessage } from "@langchain/core/messages";
import { Command, type StreamMode } from "@langchain/langgraph";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CheckpointStore, openCheckpointer } from "../../src/session/checkpointer.js";
import { scratchCheckout } from "../helpers/scratch.js";
import { serverGraph } from "../helpers/server-graph.js";
import { SAMPLE } from "../helpers/snapshot.js";
import { SECRET_SHAPES } from "../secrets/corpus.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";
/** Every credential shape the secrets rules recognise, each with its own canary. */
const SECRETS = SECRET_SHAPES.map((shape) => shape.text).join(" ; ");
const REQUEST = `${NANO3}. ${SECRETS}`;

/** What the server asks a run to stream (agent-chat-ui's modes and every other one). */
const STREAM_MODES: StreamMode[] = [
  "values",
  "updates",
  "messages",
  "custom",
  "debug",
  "tasks",
  "checkpoints",
];

/** The shapes of every credential whose canary survives in `text`, so a failure names them. */
function leaked(text: string): string[] {
  return SECRET_SHAPES.filter((shape) => text.includes(shape.canary)).map((shape) => shape.text);
}

/** A run's input in each shape the LangGraph server passes on from a client. */
const RUN_INPUTS: [string, Record<string, unknown>][] = [
  ["`requests` (Studio, the SDK)", { requests: [REQUEST] }],
  ["a human message with string content", { messages: [{ type: "human", content: REQUEST }] }],
  ["a user-role message", { messages: [{ role: "user", content: REQUEST }] }],
  [
    "agent-chat-ui's message (id, a text content block)",
    { messages: [{ id: randomUUID(), type: "human", content: [{ type: "text", text: REQUEST }] }] },
  ],
  [
    "a message of several content blocks",
    {
      messages: [
        {
          role: "user",
          content: [
            // Text blocks are read joined with nothing between them.
            { type: "text", text: `${NANO3}. ` },
            { type: "text", text: SECRETS },
          ],
        },
      ],
    },
  ],
  ["one message, not in a list", { messages: { role: "user", content: REQUEST } }],
  ["a HumanMessage object", { messages: [new HumanMessage(REQUEST)] }],
];

const REPLY = `Use 4 GPUs instead. ${SECRETS}`;
/** Replies to the approval interrupt in each form the chat UIs and Agent Inbox send. */
const REPLIES: [string, unknown][] = [
  ["a v1 reject with a message", { decisions: [{ type: "reject", message: REPLY }] }],
  [
    "a v1 edit",
    {
      decisions: [
        { type: "edit", edited_action: { name: "approve_plan", args: { output_dir: REPLY } } },
      ],
    },
  ],
  ["a HumanResponse response", [{ type: "response", args: REPLY }]],
  [
    "a HumanResponse edit",
    { type: "edit", args: { action: "approve_plan", args: { output_dir: REPLY } } },
  ],
  ["a revise decision", { type: "revise", text: REPLY }],
  ["an answer decision", { type: "answer", text: REPLY }],
  ["a malformed reply", { note: REPLY }],
];

describe("credentials in what a client sends the served graph", () => {
  let checkout: { root: string; cleanup: () => void };
  let dir: string;
  let store: CheckpointStore;
  const previousRepo = process.env.NEMOTRON_REPO;

  beforeAll(async () => {
    checkout = await scratchCheckout(SAMPLE);
    process.env.NEMOTRON_REPO = checkout.root;
  });
  afterAll(() => {
    if (previousRepo === undefined) delete process.env.NEMOTRON_REPO;
    else process.env.NEMOTRON_REPO = previousRepo;
    checkout.cleanup();
  });
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "nc-served-secrets-"));
    store = await openCheckpointer(path.join(dir, "threads.sqlite"));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The served graph with the store attached the way the server attaches its own. */
  async function served() {
    const { graph } = await serverGraph();
    graph.checkpointer = store.saver;
    return graph;
  }

  type ServedGraph = Awaited<ReturnType<typeof served>>;

  /** Everything a run streams to the client, serialized. */
  async function streamed(
    graph: ServedGraph,
    input: Parameters<ServedGraph["stream"]>[0],
    thread: string,
  ): Promise<string> {
    const chunks: unknown[] = [];
    const stream = await graph.stream(input, {
      configurable: { thread_id: thread },
      streamMode: STREAM_MODES,
    });
    for await (const chunk of stream) chunks.push(chunk);
    return JSON.stringify(chunks);
  }

  /** Every checkpoint of the thread as stored (values, versions, metadata) and its stored writes. */
  async function stored(thread: string) {
    const checkpoints: unknown[] = [];
    const writes: { channel: string; text: string }[] = [];
    for await (const tuple of store.saver.list({ configurable: { thread_id: thread } })) {
      checkpoints.push({ checkpoint: tuple.checkpoint, metadata: tuple.metadata });
      for (const [, channel, value] of tuple.pendingWrites ?? []) {
        writes.push({ channel, text: JSON.stringify(value) });
      }
    }
    expect(checkpoints.length).toBeGreaterThan(1);
    return { checkpoints: JSON.stringify(checkpoints), writes };
  }

  /** The store's files, byte for byte (the database and its write-ahead log). */
  function storeBytes(): string {
    return readdirSync(dir)
      .map((file) => readFileSync(path.join(dir, file)).toString("latin1"))
      .join("\n");
  }

  async function pendingInterrupt(graph: ServedGraph, thread: string) {
    const state = await graph.getState({ configurable: { thread_id: thread } });
    return { state, interrupts: state.tasks.flatMap((task) => task.interrupts) };
  }

  /** No credential in what was streamed, the interrupt, the stored checkpoints and writes, or the files. */
  async function expectNoneLeaked(thread: string, stream: string, interrupts: unknown[]) {
    expect(leaked(stream)).toEqual([]);
    expect(leaked(JSON.stringify(interrupts))).toEqual([]);
    const { checkpoints, writes } = await stored(thread);
    expect(leaked(checkpoints)).toEqual([]);
    expect(writes.filter((write) => leaked(write.text).length > 0)).toEqual([]);
    expect(leaked(storeBytes())).toEqual([]);
  }

  it.each(RUN_INPUTS)(
    "a run's input as %s reaches no checkpoint, stored write, stream or interrupt",
    async (_shape, input) => {
      const graph = await served();
      const thread = `input-${randomUUID()}`;
      const stream = await streamed(graph, input, thread);
      const { state, interrupts } = await pendingInterrupt(graph, thread);

      // The masked request still plans and pauses, so the interrupt payload is there to check.
      expect(state.values.status).toBe("awaiting_approval");
      expect(state.values.requests[0]).toContain(NANO3);
      expect(state.values.requests[0]).toContain("[redacted]");
      expect(interrupts).toHaveLength(1);

      await expectNoneLeaked(thread, stream, interrupts);
    },
  );

  it("a reply typed in the chat while the plan waits is masked like a request", async () => {
    const graph = await served();
    const thread = `typed-${randomUUID()}`;
    await graph.invoke({ requests: [NANO3] }, { configurable: { thread_id: thread } });
    const reply = {
      messages: [{ type: "human", content: [{ type: "text", text: `revise: ${REPLY}` }] }],
    };
    const stream = await streamed(graph, reply, thread);
    const { state, interrupts } = await pendingInterrupt(graph, thread);

    expect(state.values.requests.at(-1)).toContain("[redacted]");
    await expectNoneLeaked(thread, stream, interrupts);
  });

  it.each(REPLIES)(
    "a resume with %s leaves no credential in a channel, the stream or the next interrupt",
    async (_shape, resume) => {
      const graph = await served();
      const thread = `reply-${randomUUID()}`;
      await graph.invoke({ requests: [NANO3] }, { configurable: { thread_id: thread } });
      const stream = await streamed(graph, new Command({ resume }), thread);
      const { state, interrupts } = await pendingInterrupt(graph, thread);

      expect(state.values.status).not.toBe("failed");
      expect(leaked(stream)).toEqual([]);
      expect(leaked(JSON.stringify(interrupts))).toEqual([]);
      const { checkpoints, writes } = await stored(thread);
      expect(leaked(checkpoints)).toEqual([]);
      // LangGraph records the resume value itself (`__resume__`) before any node runs; every
      // write the graph makes from it is masked.
      const own = writes.filter((write) => write.channel !== "__resume__");
      expect(own.filter((write) => leaked(write.text).length > 0)).toEqual([]);
    },
  );
});
