import { randomUUID } from "node:crypto";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, runCli } from "../helpers/cli.js";
import { ANSWER, addedWithHashes, OPENING, REVISION } from "../helpers/conversation.js";
import { type DevServer, startDevServer } from "../helpers/dev-server.js";
import { scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { SAMPLE } from "../helpers/snapshot.js";

const GRAPH = "nemotron_customize";
const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

/** What agent-chat-ui's useStream asks for on every submit. */
const UI_STREAM = {
  streamMode: ["values", "messages-tuple", "updates"] as (
    | "values"
    | "messages-tuple"
    | "updates"
  )[],
  streamSubgraphs: true,
  streamResumable: true,
  onDisconnect: "continue" as const,
};

interface ChatMessage {
  type: string;
  content: unknown;
}

describe("the real LangGraph dev server, driven like agent-chat-ui", () => {
  let server: DevServer | undefined;
  let skipReason = "";
  let client: Client;
  const checkouts: { root: string; cleanup: () => void }[] = [];
  let serverRepo: { root: string; cleanup: () => void };

  async function freshCheckout() {
    const checkout = await scratchCheckout(SAMPLE);
    checkouts.push(checkout);
    return checkout;
  }

  beforeAll(async () => {
    serverRepo = await freshCheckout();
    const env = cliEnv({ NEMOTRON_REPO: serverRepo.root, LANGSMITH_TRACING: "false" });
    for (const key of [
      "NEMOTRON_CUSTOMIZE_BASE_URL",
      "OPENAI_BASE_URL",
      "NEMOTRON_CUSTOMIZE_MODEL",
    ])
      delete env[key];
    const started = await startDevServer(env);
    if ("reason" in started) {
      skipReason = started.reason;
      console.warn(`[tests] dev-server tests skipped: ${skipReason}`);
      return;
    }
    server = started.server;
    client = new Client({ apiUrl: server.url });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    for (const checkout of checkouts) checkout.cleanup();
  }, 60_000);

  /** One submit, as useStream sends it; returns the interrupt seen in the `updates` stream, if any. */
  async function submit(threadId: string, payload: { input?: unknown; command?: unknown }) {
    let interrupt: unknown;
    const events: string[] = [];
    for await (const chunk of client.runs.stream(threadId, GRAPH, {
      ...UI_STREAM,
      ...(payload.input !== undefined ? { input: payload.input as Record<string, unknown> } : {}),
      ...(payload.command !== undefined ? { command: payload.command as { resume: unknown } } : {}),
    })) {
      events.push(chunk.event);
      if (chunk.event === "error") throw new Error(`run failed: ${JSON.stringify(chunk.data)}`);
      const data: unknown = chunk.data;
      if (
        chunk.event.startsWith("updates") &&
        data &&
        typeof data === "object" &&
        "__interrupt__" in data
      )
        interrupt = data.__interrupt__;
    }
    const state = await client.threads.getState<Record<string, unknown>>(threadId);
    const pending = state.tasks.flatMap((task) => task.interrupts ?? []);
    return { events, interrupt, pending, values: state.values };
  }

  /** A chat-box message exactly as agent-chat-ui builds it (id, text content block). */
  const chat = (text: string, extra: Record<string, unknown> = {}) => ({
    input: {
      messages: [{ id: randomUUID(), type: "human", content: [{ type: "text", text }] }],
      ...extra,
    },
  });
  const messagesOf = (values: Record<string, unknown>): ChatMessage[] =>
    Array.isArray(values.messages) ? values.messages : [];
  const textOf = (message: ChatMessage | undefined) =>
    typeof message?.content === "string" ? message.content : JSON.stringify(message?.content ?? "");

  it("chat message → AI plan message → interrupt in both schemas → v1 approve → files", async (ctx) => {
    if (!server) return ctx.skip();
    const before = treeSnapshot(serverRepo.root);
    const thread = await client.threads.create();
    const first = await submit(thread.thread_id, chat(NANO3));
    expect(first.events).toContain("messages");
    const last = messagesOf(first.values).at(-1);
    expect(last?.type).toBe("ai");
    expect(textOf(last)).toMatch(/^# Plan: /);
    expect(first.pending).toHaveLength(1);
    const value = first.pending[0]?.value;
    expect(value).toMatchObject({
      action_requests: [{ name: "approve_plan", args: { files: expect.any(Array) } }],
      review_configs: [
        { action_name: "approve_plan", allowed_decisions: ["approve", "edit", "reject"] },
      ],
      action_request: { action: "approve_plan" },
      config: { allow_accept: true, allow_respond: true, allow_ignore: true, allow_edit: true },
      description: expect.stringContaining("# Plan: "),
    });
    expect(first.interrupt).toBeTruthy();
    expect(addedWithHashes(serverRepo.root, before)).toEqual([]);

    const done = await submit(thread.thread_id, {
      input: {},
      command: { resume: { decisions: [{ type: "approve" }] } },
    });
    expect(done.values.status).toBe("done");
    expect(done.pending).toEqual([]);
    expect(textOf(messagesOf(done.values).at(-1))).toContain("configs written and verified");
    const files = addedWithHashes(serverRepo.root, before);
    expect(files.map((f) => f.path)).toEqual(
      [
        ...((value as { action_requests: { args: { files: string[] } }[] }).action_requests[0]?.args
          .files ?? []),
      ].sort(),
    );
  });

  it("chat revise and a v1 edit land in the written configs, byte for byte what the CLI writes", async (ctx) => {
    if (!server) return ctx.skip();
    const viaServer = await freshCheckout();
    const before = treeSnapshot(viaServer.root);
    const thread = await client.threads.create();
    await submit(thread.thread_id, chat(OPENING, { repo: viaServer.root }));
    const revised = await submit(thread.thread_id, chat(`revise: ${REVISION}`));
    const request = revised.pending[0]?.value as {
      action_requests: { name: string; args: Record<string, unknown> }[];
    };
    const action = request.action_requests[0];
    expect(action?.args).toHaveProperty("data.path", "");
    expect(action?.args).toHaveProperty("output_dir", "/out/revised");
    const edited = { ...action?.args, "data.path": ANSWER.replace("data.path: ", "") };
    const answered = await submit(thread.thread_id, {
      input: {},
      command: {
        resume: {
          decisions: [{ type: "edit", edited_action: { name: action?.name, args: edited } }],
        },
      },
    });
    expect(answered.values.status).toBe("awaiting_approval");
    const done = await submit(thread.thread_id, {
      input: {},
      command: { resume: { decisions: [{ type: "approve" }] } },
    });
    expect(done.values.status).toBe("done");
    const serverFiles = addedWithHashes(viaServer.root, before);
    const text = JSON.stringify(done.values.currentPlan);
    expect(text).toContain("/out/revised");
    expect(text).toContain("/data/chat/revised.jsonl");
    expect(text).not.toContain("/out/first-try");

    // The same thread through the CLI, in another copy of the checkout.
    const viaCli = await freshCheckout();
    const cliBefore = treeSnapshot(viaCli.root);
    const env = cliEnv();
    const repo = ["--repo", viaCli.root, "--json"];
    const asked = runCli([...repo, "ask", OPENING], { env });
    const threadId: string = JSON.parse(asked.stdout).threadId;
    for (const flags of [["--revise", REVISION], ["--answer", ANSWER], ["--approve"]]) {
      const step = runCli([...repo, "resume", threadId, ...flags], { env });
      expect(step.status, step.stderr).toBe(0);
    }
    expect(addedWithHashes(viaCli.root, cliBefore)).toEqual(serverFiles);
  });

  it("a legacy Agent Inbox accept writes the plan", async (ctx) => {
    if (!server) return ctx.skip();
    const checkout = await freshCheckout();
    const before = treeSnapshot(checkout.root);
    const thread = await client.threads.create();
    await submit(thread.thread_id, chat(NANO3, { repo: checkout.root }));
    const done = await submit(thread.thread_id, {
      input: {},
      command: { resume: [{ type: "accept", args: null }] },
    });
    expect(done.values.status).toBe("done");
    expect(addedWithHashes(checkout.root, before).length).toBeGreaterThan(1);
  });

  it("a v1 reject ends the thread with nothing written", async (ctx) => {
    if (!server) return ctx.skip();
    const checkout = await freshCheckout();
    const before = treeSnapshot(checkout.root);
    const thread = await client.threads.create();
    await submit(thread.thread_id, chat(NANO3, { repo: checkout.root }));
    const done = await submit(thread.thread_id, {
      input: {},
      command: { resume: { decisions: [{ type: "reject" }] } },
    });
    expect(done.values.status).toBe("done");
    expect(done.pending).toEqual([]);
    expect(textOf(messagesOf(done.values).at(-1))).toMatch(/nothing was written/i);
    expect(addedWithHashes(checkout.root, before)).toEqual([]);
  });

  it("a typed 'approve' in the chat box approves the waiting plan", async (ctx) => {
    if (!server) return ctx.skip();
    const checkout = await freshCheckout();
    const before = treeSnapshot(checkout.root);
    const thread = await client.threads.create();
    await submit(thread.thread_id, chat(NANO3, { repo: checkout.root }));
    const done = await submit(thread.thread_id, chat("approve"));
    expect(done.values.status).toBe("done");
    expect(done.values.requests).toEqual([NANO3]);
    expect(addedWithHashes(checkout.root, before).length).toBeGreaterThan(1);
  });

  it("the assistant's schemas show a user's input and output, not the internals", async (ctx) => {
    if (!server) return ctx.skip();
    const schemas = await client.assistants.getSchemas(
      (await client.assistants.search({ graphId: GRAPH }))[0]?.assistant_id ?? GRAPH,
    );
    const keys = (schema: unknown) =>
      Object.keys(
        (schema as { properties?: Record<string, unknown> } | null)?.properties ?? {},
      ).sort();
    expect(keys(schemas.input_schema)).toEqual(["messages", "repo", "requests"]);
    expect(keys(schemas.output_schema)).toEqual([
      "commands",
      "currentPlan",
      "files",
      "markdown",
      "status",
    ]);
  });
});
