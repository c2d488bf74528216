import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AgentResultSchema } from "../../src/planner/result.js";
import { cliEnv, runCli } from "../helpers/cli.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";
const KILLER = path.join(path.dirname(fileURLToPath(import.meta.url)), "kill-at-event.mjs");

function temps(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name.endsWith(".tmp")) out.push(entry.name);
    }
  };
  walk(path.join(root, "src/nemotron/steps"));
  return out;
}

describe.skipIf(!hasSnapshot)(
  "replies to a thread whose Act was killed after its first file",
  () => {
    let root: string;
    let cleanup: () => void;
    let db: string;
    let kept: string;
    let state: { threadId: string; before: Map<string, string>; written: string };
    const env = cliEnv();

    /** A plan approved and then killed right after its first config is linked into place. */
    function interrupt() {
      const before = treeSnapshot(root);
      const asked = runCli(["--repo", root, "--db", db, "ask", NANO3, "--json"], { env });
      const plan = AgentResultSchema.parse(JSON.parse(asked.stdout));
      const killed = spawnSync(
        process.execPath,
        [KILLER, "--repo", root, "--db", db, "resume", plan.threadId, "--approve", "--json"],
        { env: { ...env, NC_KILL_ON: "after link" }, encoding: "utf8" },
      );
      expect(killed.signal).toBe("SIGKILL");
      const written = addedFiles(before, treeSnapshot(root)).filter((f) => !f.endsWith(".tmp"));
      expect(written).toHaveLength(1);
      expect(temps(root).length).toBeGreaterThan(0);
      return { threadId: plan.threadId, before, written: written[0] ?? "" };
    }

    // Interrupted once; each test gets the checkout and the store back as the kill left them
    // (the thread remembers its checkout's path, so the copy goes back to the same place).
    beforeAll(async () => {
      ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
      db = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-db-")), "threads.sqlite");
      state = interrupt();
      kept = mkdtempSync(path.join(os.tmpdir(), "nc-interrupted-"));
      cpSync(root, path.join(kept, "checkout"), { recursive: true });
      cpSync(path.dirname(db), path.join(kept, "db"), { recursive: true });
    }, 180_000);
    beforeEach(() => {
      const copies: [string, string][] = [
        [path.join(kept, "checkout"), root],
        [path.join(kept, "db"), path.dirname(db)],
      ];
      for (const [from, to] of copies) {
        rmSync(to, { recursive: true, force: true });
        cpSync(from, to, { recursive: true });
      }
    });
    afterAll(() => {
      cleanup?.();
      for (const dir of [kept, db && path.dirname(db)]) {
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
    const interrupted = () => state;

    it("--reject keeps the written file, says so, writes nothing more and sweeps the temp files", () => {
      const { threadId, before, written } = interrupted();
      const run = runCli(["--repo", root, "--db", db, "resume", threadId, "--reject", "--json"], {
        env,
      });
      expect(run.status, run.stderr).toBe(0);
      const result = AgentResultSchema.parse(JSON.parse(run.stdout));
      expect(result.status).toBe("done");
      expect(result.markdown).toContain("Plan rejected");
      expect(result.markdown).toContain(written);
      expect(result.files.map((f) => f.path)).toEqual([written]);
      expect(addedFiles(before, treeSnapshot(root))).toEqual([written]);
      expect(temps(root)).toEqual([]);
      const again = runCli(["--repo", root, "--db", db, "resume", threadId, "--approve"], { env });
      expect(again.status).toBe(6);
    }, 180_000);

    it("--revise re-plans and names the file already written", () => {
      const { threadId, written } = interrupted();
      const run = runCli(
        [
          "--repo",
          root,
          "--db",
          db,
          "resume",
          threadId,
          "--revise",
          "use 4 GPUs instead",
          "--json",
        ],
        { env },
      );
      expect(run.status, run.stderr).toBe(0);
      const result = AgentResultSchema.parse(JSON.parse(run.stdout));
      expect(result.status).toBe("awaiting_approval");
      expect(result.markdown).toContain("Files already written by the interrupted Act");
      expect(result.markdown).toContain(written);
      expect(temps(root)).toEqual([]);
    }, 180_000);

    it("`ask --thread` moves on without leaving a temp file behind", () => {
      const { threadId } = interrupted();
      const run = runCli(
        [
          "--repo",
          root,
          "--db",
          db,
          "ask",
          "--thread",
          threadId,
          "Add RL with GRPO after SFT",
          "--json",
        ],
        { env },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(temps(root)).toEqual([]);
    }, 180_000);
  },
);
