import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, cliEnv } from "../helpers/cli.js";
import { hasSnapshot, repoRoot, SNAPSHOT } from "../helpers/snapshot.js";

const UNBUNDLED = path.join(repoRoot, "dist/src/cli/main.js");
const BUNDLE = path.join(repoRoot, "dist/cli/nemotron-customize.js");
const scratch = mkdtempSync(path.join(os.tmpdir(), "nc-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(entry: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [entry, ...args], {
    env,
    cwd: scratch,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the bundled command-line entry", () => {
  it("is what bin/ runs, built with a source map", () => {
    expect(readFileSync(BIN, "utf8")).toContain("../dist/cli/nemotron-customize.js");
    expect(existsSync(BUNDLE)).toBe(true);
    expect(readFileSync(BUNDLE, "utf8")).toMatch(/sourceMappingURL=nemotron-customize\.js\.map/);
  });

  it("maps --debug stack traces to the TypeScript sources", () => {
    // A store path below a device cannot be created: an unexpected failure, reported as exit 1.
    // (A file that is not a database is bad input instead: exit 3, naming it.)
    const db = "/dev/null/threads.sqlite";
    const env = cliEnv();
    const plain = run(BIN, ["--db", db, "sessions"], env);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toContain("(rerun with --debug for details)");
    const debug = run(BIN, ["--db", db, "--debug", "sessions"], env);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/src\/(cli|session)\/[\w/-]+\.ts:\d+:\d+/);
    expect(debug.stderr).not.toMatch(/dist\/cli\/[^\s)]*\.js:\d+/);
  });

  it.skipIf(!hasSnapshot)(
    "answers as the unbundled build does (same JSON but the thread id)",
    () => {
      const requests = [
        "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft",
        "Give me the command to translate /data/news/*.jsonl to Hindi",
        "Write me a poem about GPUs",
      ];
      for (const request of requests) {
        const args = ["--repo", SNAPSHOT, "--offline", "--json", "ask", request];
        const answers = [BIN, UNBUNDLED].map((entry) => {
          const out = run(entry, args, cliEnv());
          expect(out.stderr).not.toMatch(/error:/);
          const { threadId: _thread, ...rest } = JSON.parse(out.stdout);
          return rest;
        });
        expect(answers[0], request).toEqual(answers[1]);
      }
    },
  );
});
