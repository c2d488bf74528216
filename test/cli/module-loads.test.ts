import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { BIN, cliEnv } from "../helpers/cli.js";
import { repoRoot, SAMPLE } from "../helpers/snapshot.js";

/**
 * What an offline `ask` loads, read from the process itself: a module hook
 * records every module URL, and for the bundle the build's source list says
 * which sources each bundle file holds.
 */
const UNBUNDLED = path.join(repoRoot, "dist/src/cli/main.js");
const RECORDER = path.join(repoRoot, "test/helpers/module-log-register.mjs");
const BUNDLE_SOURCES = path.join(repoRoot, "dist/cli/sources.json");
const scratch = mkdtempSync(path.join(os.tmpdir(), "nc-module-loads-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PIPELINE =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";
const EXPLORER =
  "Run DPO with AutoModel directly on my HF checkpoint /ckpt/qwen-sft-hf with preference pairs /data/prefs.jsonl, without converting to Megatron";

/** Sources an offline plan has no use for: the Explorer, the LLM tasks, the OpenAI client. */
const EXPLORER_SOURCE = /^src\/explorer\//;
const LLM_TASK_SOURCE = /^src\/llm\/(tasks\/|structured|repair)/;
const OPENAI_SOURCE = /(^|\/)node_modules\/(@langchain\/openai|openai)\//;
/** What browsing the catalog from its cache has no use for: the schema library, the YAML and TOML parsers. */
const PARSER_SOURCE = /(^|\/)node_modules\/(zod|yaml|smol-toml)\//;

let runs = 0;

/** The sources (repository-relative paths) one CLI run loaded, and its exit status. */
function loadedSources(entry: string, args: string[], env = cliEnv()) {
  const log = path.join(scratch, `modules-${runs++}.txt`);
  const result = spawnSync(process.execPath, ["--import", RECORDER, entry, ...args], {
    env: { ...env, NC_MODULE_LOG: log },
    cwd: scratch,
    encoding: "utf8",
    timeout: 120_000,
  });
  const files = readFileSync(log, "utf8")
    .split("\n")
    .filter((url) => url.startsWith("file:"))
    .map((url) => path.relative(repoRoot, fileURLToPath(url)));
  const bundled = z
    .record(z.string(), z.array(z.string()))
    .parse(JSON.parse(readFileSync(BUNDLE_SOURCES, "utf8")));
  const sources = files.flatMap((file) => {
    if (file.startsWith("dist/cli/")) return bundled[file] ?? [file];
    return [file.replace(/^dist\/(src\/.*)\.js$/, "$1.ts")];
  });
  return { status: result.status, stdout: result.stdout, sources, files };
}

describe("the bundle's files", () => {
  it("lists steps from the cache with the entry file and one runtime chunk", () => {
    const home = cliEnv();
    const list = () => loadedSources(BIN, ["--repo", SAMPLE, "steps", "list", "--json"], home);
    expect(list().status).toBe(0); // fills the cache
    const cached = list();
    expect(cached.status).toBe(0);
    const bundleFiles = cached.files.filter((file) => file.startsWith("dist/cli/"));
    expect(bundleFiles).toContain("dist/cli/nemotron-customize.js");
    expect(bundleFiles.length).toBeLessThanOrEqual(2);
  });
});

describe.each([
  ["the bundle", BIN],
  ["the unbundled build", UNBUNDLED],
])("modules an offline ask loads, through %s", (_name, entry) => {
  const ask = (request: string, ...flags: string[]) =>
    loadedSources(entry, ["--repo", SAMPLE, ...flags, "--json", "ask", request]);

  it("plans a pipeline without the Explorer, the LLM tasks or the OpenAI client", () => {
    const run = ask(PIPELINE, "--offline");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe("awaiting_approval");
    // The planner and the graph did load: the log is complete enough to judge.
    expect(run.sources).toContain("src/planner/compose/index.ts");
    expect(run.sources.some((s) => s.includes("node_modules/@langchain/langgraph/"))).toBe(true);
    expect(run.sources.filter((s) => EXPLORER_SOURCE.test(s))).toEqual([]);
    expect(run.sources.filter((s) => LLM_TASK_SOURCE.test(s))).toEqual([]);
    expect(run.sources.filter((s) => OPENAI_SOURCE.test(s))).toEqual([]);
  });

  it("lists steps from the catalog cache without zod or a YAML or TOML parser", () => {
    const list = () => loadedSources(entry, ["--repo", SAMPLE, "steps", "list", "--json"], home);
    const home = cliEnv();
    const first = list(); // fills the cache: the parsers load here
    expect(first.status).toBe(0);
    expect(first.sources.some((s) => PARSER_SOURCE.test(s))).toBe(true);
    const cached = list();
    expect(cached.status).toBe(0);
    expect(cached.sources).toContain("src/catalog/catalog-cache.ts");
    expect(cached.sources.filter((s) => PARSER_SOURCE.test(s))).toEqual([]);
  });

  it("loads the Explorer for a request only a new step can do", () => {
    const run = ask(EXPLORER, "--offline");
    expect(JSON.parse(run.stdout).route).toBe("explorer");
    expect(run.sources.some((s) => EXPLORER_SOURCE.test(s))).toBe(true);
    expect(run.sources.filter((s) => OPENAI_SOURCE.test(s))).toEqual([]);
  });

  it("loads the OpenAI client and the LLM tasks when an endpoint is configured", () => {
    // Nothing listens on port 9: the calls fail and the rule-based plan stands.
    const run = ask(PIPELINE, "--base-url", "http://127.0.0.1:9/v1", "--model", "m");
    expect(run.sources.some((s) => OPENAI_SOURCE.test(s))).toBe(true);
    expect(run.sources.some((s) => LLM_TASK_SOURCE.test(s))).toBe(true);
  });
});
