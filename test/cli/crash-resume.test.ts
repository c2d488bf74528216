import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findOnPath } from "../../src/graph/command-runner.js";
import { AgentResultSchema } from "../../src/planner/result.js";
import { cliEnv, runCli, startCli } from "../helpers/cli.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

/** A `git` that answers slowly, so a kill can land while Act is writing. */
function slowGitDir(): string {
  const realGit = findOnPath("git", process.env.PATH);
  if (!realGit) throw new Error("git is required for this test");
  const dir = mkdtempSync(path.join(os.tmpdir(), "nc-slow-git-"));
  writeFileSync(path.join(dir, "git"), `#!/bin/sh\nsleep 0.4\nexec "${realGit}" "$@"\n`);
  chmodSync(path.join(dir, "git"), 0o755);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasSnapshot)("a crash during Act", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
  });
  afterEach(() => cleanup());

  it("SIGKILL mid-write, then resume: each file is written exactly once", async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-db-")), "threads.sqlite");
    const env = cliEnv();
    const before = treeSnapshot(root);
    const asked = runCli(["--repo", root, "--db", db, "ask", NANO3, "--json"], { env });
    const first = AgentResultSchema.parse(JSON.parse(asked.stdout));
    const planned = first.plan?.stages.map((s) => s.configPath) ?? [];
    expect(planned.length).toBeGreaterThan(1);

    const slowEnv = { ...env, PATH: `${slowGitDir()}${path.delimiter}${env.PATH ?? ""}` };
    const child = startCli(
      ["--repo", root, "--db", db, "resume", first.threadId, "--approve", "--json"],
      {
        env: slowEnv,
      },
    );
    // Kill as soon as the first config exists: Act is between its first and last write.
    const deadline = Date.now() + 60_000;
    while (!planned.some((p) => existsSync(path.join(root, p))) && Date.now() < deadline)
      await sleep(20);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));
    const partial = planned.filter((p) => existsSync(path.join(root, p)));
    expect(partial.length).toBeGreaterThan(0);

    const resumed = runCli(
      ["--repo", root, "--db", db, "resume", first.threadId, "--approve", "--json"],
      { env },
    );
    expect(resumed.stderr).toBe("");
    expect(resumed.status).toBe(0);
    const done = AgentResultSchema.parse(JSON.parse(resumed.stdout));
    expect(done.status).toBe("done");
    expect(addedFiles(before, treeSnapshot(root))).toEqual([...planned].sort());
    for (const dir of new Set(planned.map((p) => path.dirname(path.join(root, p))))) {
      expect(readdirSync(dir).filter((name) => /-\d+\.yaml$/.test(name))).toEqual([]);
    }
  }, 120_000);
});
