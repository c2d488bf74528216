import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import { createAgentDeps } from "../../src/graph/deps.js";
import { compileAgentGraph } from "../../src/graph/graph.js";
import type { LlmClient } from "../../src/llm/client.js";
import type { AgentResult } from "../../src/planner/result.js";
import { ask, listSessions, resume } from "../../src/session/session.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { SAMPLE } from "../helpers/snapshot.js";
import { type TestClientOptions, testClient } from "./fixtures.js";
import {
  type ScriptedReply,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "./openai-test-server.js";

/** The checkout's env-file credential; a user who pastes it must not see it stored or sent. */
export const ENV_CANARY = "envcanary-7d41b0e9c2";

/** Everything one thread left behind: answers, the approval payload, files, the store. */
export interface ThreadRun {
  first: AgentResult;
  /** The interrupt value a chat UI would render, as JSON text ("" when the plan did not stop). */
  interrupt: string;
  /** The answer after approving, when the plan stopped for approval. */
  approved: AgentResult | undefined;
  /** Files the approval created, relative to the checkout, with their text. */
  files: Record<string, string>;
  /** Every checkpoint and pending write of the thread, as JSON text. */
  store: string;
  /** What `sessions --json` would print. */
  sessions: string;
  server: TestServer | undefined;
}

/**
 * One request through the whole graph on a scratch copy of the sample
 * checkout (with an env file holding a credential), against a loopback
 * OpenAI-compatible server scripted with `replies` (offline without them),
 * approved when it stops for approval.
 */
export async function runThread(
  request: string,
  replies?: ScriptedReply[],
  options: TestServerOptions = {},
  clientOptions: TestClientOptions = {},
): Promise<ThreadRun> {
  const { root, cleanup } = await scratchCheckout(SAMPLE);
  writeFileSync(path.join(root, "env.toml"), `[wandb]\napi_key = "${ENV_CANARY}"\n`);
  let server: TestServer | undefined;
  try {
    let client: LlmClient | undefined;
    if (replies) {
      server = await startTestServer(options);
      server.script(...replies);
      ({ client } = await testClient(server, clientOptions));
    }
    const saver = new MemorySaver();
    const graph = compileAgentGraph(
      createAgentDeps({ path: "", llm: async () => client, catalogCacheDir: undefined }),
      saver,
    );
    const before = treeSnapshot(root);
    const threadId = "hostile";
    const first = await ask(graph, { threadId, request, checkout: { root, source: "flag" } });
    const paused = await graph.getState({ configurable: { thread_id: threadId } });
    const value: unknown = paused.tasks[0]?.interrupts[0]?.value;
    const interrupt = value === undefined ? "" : JSON.stringify(value);
    const approved =
      first.status === "awaiting_approval"
        ? await resume(graph, threadId, { type: "approve" })
        : undefined;
    const files: Record<string, string> = {};
    for (const file of addedFiles(before, treeSnapshot(root))) {
      files[file] = readFileSync(path.join(root, file), "utf8");
    }
    const stored: unknown[] = [];
    for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
      stored.push(tuple.checkpoint, tuple.metadata, tuple.pendingWrites ?? []);
    }
    const sessions = JSON.stringify(await listSessions(graph, saver));
    return { first, interrupt, approved, files, store: JSON.stringify(stored), sessions, server };
  } finally {
    await server?.close();
    cleanup();
  }
}

/** A section of a plan's markdown, from its `## Title` to the next `## `. */
export function sectionOf(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) return "";
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** What a plan does: its stages with steps and values, its graph, its questions. */
export function planShape(result: AgentResult) {
  return {
    route: result.route,
    stages: result.plan?.stages.map((s) => ({ id: s.id, step: s.step, params: s.params })),
    mermaid: result.plan?.mermaid,
    requiredInputs: result.plan?.requiredInputs,
  };
}

/** Every text a run exposes: answers, approval payload, files, store, session list. */
export function everything(run: ThreadRun): string {
  return [
    JSON.stringify(run.first),
    run.interrupt,
    JSON.stringify(run.approved ?? null),
    JSON.stringify(run.files),
    run.store,
    run.sessions,
  ].join("\n");
}

/** Calls the server answered (a refused json_schema attempt is a request, not an answer). */
export const answeredCalls = (server: TestServer | undefined) =>
  server?.requests.filter((r) => r.status === 200).length ?? 0;
