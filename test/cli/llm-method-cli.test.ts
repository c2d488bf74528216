import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AgentResultSchema } from "../../src/planner/result.js";
import { cliEnv, finished, runCli, startCli } from "../helpers/cli.js";
import { repoRoot, SAMPLE } from "../helpers/snapshot.js";
import { startTestServer, type TestServer } from "../llm/openai-test-server.js";

const REQUEST =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";
const REPLIES = [
  { kind: "json" as const, value: { route: "pipeline", goals: ["sft"] } },
  {
    kind: "json" as const,
    value: { why: "Packing feeds the trainer.", avoid: "Keep the lengths equal." },
  },
];

let server: TestServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dbIn(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nc-method-db-"));
  dirs.push(dir);
  return path.join(dir, "threads.sqlite");
}

/** `ask --json` in a child process (async, so the loopback server in this one can answer). */
async function ask(db: string, baseUrl: string, ...extra: string[]) {
  const child = startCli(
    [
      "--repo",
      SAMPLE,
      "--db",
      db,
      "--base-url",
      baseUrl,
      "--model",
      "m",
      ...extra,
      "ask",
      REQUEST,
      "--json",
    ],
    { env: cliEnv(), cwd: repoRoot },
  );
  return finished(child);
}

const modes = (s: TestServer) => s.requests.map((r) => `${r.mode} ${r.status}`);

describe("the structured-output method across CLI runs", () => {
  it("probes a server that refuses json_schema once, says so in usage, and keeps the lesson beside --db", async () => {
    server = await startTestServer({ rejectJsonSchema: true });
    server.script(...REPLIES, ...REPLIES);
    const db = dbIn();
    const first = await ask(db, server.baseUrl);
    expect(first.status, first.stderr).toBe(0);
    expect(AgentResultSchema.parse(JSON.parse(first.stdout)).usage.llmCalls).toBe(3);
    const file = path.join(path.dirname(db), "llm-endpoints.json");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toContain('"functionCalling"');
    const later = await ask(db, server.baseUrl);
    expect(later.status, later.stderr).toBe(0);
    expect(AgentResultSchema.parse(JSON.parse(later.stdout)).usage.llmCalls).toBe(2);
    expect(modes(server)).toEqual([
      "json_schema 400",
      "tools 200",
      "tools 200",
      "tools 200",
      "tools 200",
    ]);
  });

  it("uses --output-method from the first call, and refuses an unknown one with exit 2", async () => {
    server = await startTestServer({ rejectJsonSchema: true });
    server.script(...REPLIES);
    const run = await ask(dbIn(), server.baseUrl, "--output-method", "function_calling");
    expect(run.status, run.stderr).toBe(0);
    expect(AgentResultSchema.parse(JSON.parse(run.stdout)).usage.llmCalls).toBe(2);
    expect(modes(server)).toEqual(["tools 200", "tools 200"]);
    const bad = await ask(dbIn(), server.baseUrl, "--output-method", "xml");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      "--output-method must be one of json_schema, function_calling, json_mode",
    );
    expect(server.calls).toBe(2);
  });

  it("explains the setting in --help", () => {
    const help = runCli(["--help"], { env: cliEnv() });
    expect(help.stdout).toMatch(
      /--output-method <method>\s+how LLM mode asks for structured replies/,
    );
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "json_schema, function_calling or json_mode (default: learned once per endpoint and model, kept beside --db)",
    );
  });
});
