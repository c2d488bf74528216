import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { compileAgentGraph } from "../../src/graph/graph.js";
import type { AgentResult } from "../../src/planner/result.js";
import { ask } from "../../src/session/session.js";
import { SAMPLE } from "../helpers/snapshot.js";
import { allBodies, testClient } from "../llm/fixtures.js";
import { startTestServer, type TestServer } from "../llm/openai-test-server.js";

const LORA =
  "LoRA fine-tune meta-llama/Llama-3.1-8B-Instruct on my chat JSONL at /data/chat.jsonl with 2 GPUs";
const CANARY = "canary-graph-3f9e21c7";

/** The whole graph in LLM mode against a loopback chat-completions server. */
describe("LLM mode through the graph", () => {
  let root: string;
  let server: TestServer;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "nc-llm-graph-"));
    cpSync(SAMPLE, root, { recursive: true });
    writeFileSync(
      path.join(root, "env.toml"),
      `[lepton]\nexecutor = "lepton"\napi_token = "${CANARY}"\n`,
    );
  });
  afterEach(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function run(
    llm: Awaited<ReturnType<typeof testClient>>["client"] | undefined,
  ): Promise<AgentResult> {
    const graph = compileAgentGraph(
      createAgentDeps({ path: "", llm: async () => llm }),
      new MemorySaver(),
    );
    return ask(graph, { threadId: "t", request: LORA, checkout: { root, source: "flag" } });
  }

  const shape = (r: AgentResult) =>
    r.plan?.stages.map((s) => ({ step: s.step, params: s.params })) ?? r.commands;

  for (const [name, options, replies] of [
    [
      "prose replies",
      {},
      Array.from({ length: 8 }, () => ({ kind: "text" as const, text: "Sure! I would use LoRA." })),
    ],
    [
      "HTTP 400 for json_schema, then prose",
      { rejectJsonSchema: true },
      Array.from({ length: 8 }, () => ({ kind: "text" as const, text: "no JSON here" })),
    ],
  ] as const) {
    it(`${name}: same plan as offline, a WARNING, at most 6 calls, no secret sent`, async () => {
      const offline = await run(undefined);
      server = await startTestServer(options);
      server.script(...replies);
      const { client } = await testClient(server);
      const result = await run(client);
      expect(shape(result)).toEqual(shape(offline));
      expect(result.route).toBe(offline.route);
      expect(result.usage.llmCalls).toBeGreaterThanOrEqual(1);
      expect(server.calls).toBeLessThanOrEqual(6);
      expect(result.markdown).toMatch(/WARNING:.*model output was unusable/);
      expect(allBodies(server)).not.toContain(CANARY);
      expect(JSON.stringify(result)).not.toContain(CANARY);
    });
  }
});
