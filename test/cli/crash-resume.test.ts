import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentResultSchema } from "../../src/planner/result.js";
import { cliEnv, runCli } from "../helpers/cli.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

/** Runs the CLI and SIGKILLs it right after its first config write (see the script). */
const KILLER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "kill-after-first-write.mjs",
);

describe.skipIf(!hasSnapshot)("a crash during Act", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
  });
  afterEach(() => cleanup());

  it("SIGKILL after the first of several writes, then resume: each file is written exactly once", async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-db-")), "threads.sqlite");
    const env = cliEnv();
    const before = treeSnapshot(root);
    const asked = runCli(["--repo", root, "--db", db, "ask", NANO3, "--json"], { env });
    const first = AgentResultSchema.parse(JSON.parse(asked.stdout));
    const planned = first.plan?.stages.map((s) => s.configPath) ?? [];
    expect(planned.length).toBeGreaterThan(1);

    const killed = spawnSync(
      process.execPath,
      [KILLER, "--repo", root, "--db", db, "resume", first.threadId, "--approve", "--json"],
      {
        env,
        encoding: "utf8",
      },
    );
    expect(killed.signal).toBe("SIGKILL");
    const partial = planned.filter((p) => existsSync(path.join(root, p)));
    expect(partial).toHaveLength(1);

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
