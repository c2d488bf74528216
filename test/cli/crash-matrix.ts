import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { compileAgentGraph } from "../../src/graph/graph.js";
import { type AgentResult, AgentResultSchema } from "../../src/planner/result.js";
import {
  type CheckpointStore,
  openCheckpointer,
  type ReleaseThread,
} from "../../src/session/checkpointer.js";
import { resume } from "../../src/session/session.js";
import { cliEnv, runCli } from "../helpers/cli.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { BACKENDS, type BackendName, freshStore, type TestStore } from "../session/backends.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

/** Runs the CLI and SIGKILLs it at the n-th file or checkpoint event (see the script). */
const KILLER = path.join(path.dirname(fileURLToPath(import.meta.url)), "kill-at-event.mjs");

function killedRun(args: string[], env: NodeJS.ProcessEnv, extra: Record<string, string>) {
  return spawnSync(process.execPath, [KILLER, ...args], {
    env: { ...env, ...extra },
    encoding: "utf8",
    timeout: 120_000,
  });
}

/**
 * The thread's guard, once free. A killed PostgreSQL client's advisory lock
 * lasts until the server notices the closed connection, a moment later (longer
 * on a busy machine); a SQLite lock ends with the process.
 */
async function lockWhenFree(store: CheckpointStore, threadId: string): Promise<ReleaseThread> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.lockThread(threadId);
    } catch (error) {
      const busy = error instanceof Error && error.name === "ThreadError";
      if (!busy || attempt >= 600) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Wait until no process holds the thread (the killed one may, for a moment). */
async function guardFreed(db: string, threadId: string): Promise<void> {
  const store = await openCheckpointer(db);
  try {
    await (await lockWhenFree(store, threadId))();
  } finally {
    await store.close();
  }
}

/**
 * `resume <thread> --approve` in this process: the session code the CLI runs,
 * on the same store, under the same thread guard, with the CLI's environment.
 * Only the killed run needs a process of its own.
 */
async function approveInProcess(
  db: string,
  threadId: string,
  env: NodeJS.ProcessEnv,
): Promise<{ result: AgentResult } | { refused: string }> {
  const store = await openCheckpointer(db);
  try {
    const deps = createAgentDeps({
      path: env.PATH,
      catalogCacheDir: env.NEMOTRON_CUSTOMIZE_CACHE_DIR,
    });
    const graph = compileAgentGraph(deps, store.saver);
    const release = await lockWhenFree(store, threadId);
    try {
      return { result: await resume(graph, threadId, { type: "approve" }) };
    } catch (error) {
      if (error instanceof Error && error.name === "ThreadError") return { refused: error.message };
      throw error;
    } finally {
      await release();
    }
  } finally {
    await store.close();
  }
}

/** Temp files of the writer anywhere under the steps tree. */
function tempFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".tmp")) out.push(path.relative(root, full));
    }
  };
  walk(path.join(root, "src/nemotron/steps"));
  return out;
}

/**
 * The crash matrix of one backend (one test file each, so the two can run in
 * parallel): SIGKILL at every file and checkpoint event of an approved run.
 */
export function describeCrashMatrix(name: BackendName): void {
  const backend = BACKENDS.find((b) => b.name === name);
  if (!backend) throw new Error(`unknown backend ${name}`);
  describe.skipIf(!hasSnapshot || !backend.available)(`crash matrix on ${backend.name}`, () => {
    let root: string;
    let cleanup: () => void;
    let store: TestStore;
    const env = cliEnv();
    beforeAll(async () => {
      ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
      store = await freshStore(backend.name);
      if (backend.name === "postgres") {
        expect(runCli(["--db", store.db, "db", "migrate"], { env }).status).toBe(0);
      }
    }, 120_000);
    afterAll(async () => {
      cleanup?.();
      await store?.cleanup();
    });

    function ask() {
      const asked = runCli(["--repo", root, "--db", store.db, "ask", NANO3, "--json"], { env });
      expect(asked.status, asked.stderr).toBe(0);
      const result = AgentResultSchema.parse(JSON.parse(asked.stdout));
      return {
        threadId: result.threadId,
        paths: result.plan?.stages.map((s) => s.configPath) ?? [],
      };
    }

    it("SIGKILL at every file and checkpoint event of an approved run, then resume: done, each file once, no temp left", async () => {
      const events = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-events-")), "events.log");
      const before = treeSnapshot(root);
      const first = ask();
      await store.keep();
      const approve = (threadId: string) => [
        "--repo",
        root,
        "--db",
        store.db,
        "resume",
        threadId,
        "--approve",
        "--json",
      ];
      const counted = killedRun(approve(first.threadId), env, { NC_EVENT_LOG: events });
      expect(counted.status, counted.stderr).toBe(0);
      const names = readFileSync(events, "utf8").trim().split("\n");
      rmSync(path.dirname(events), { recursive: true, force: true });
      // Every stage file is created as a temp file, written, then linked into place.
      expect(names.filter((n) => n === "after link")).toHaveLength(first.paths.length);
      expect(names.filter((n) => n === "after temp write")).toHaveLength(first.paths.length);
      expect(names.some((n) => n.endsWith("put"))).toBe(true);
      const reached: string[] = [];
      for (let n = 1; n <= names.length; n++) {
        for (const file of addedFiles(before, treeSnapshot(root))) rmSync(path.join(root, file));
        // The thread waiting for approval, as the store was right after the first plan
        // (planning again would cost a run).
        await store.restore();
        const { threadId, paths } = first;
        const killed = killedRun(approve(threadId), env, { NC_KILL_AT: String(n) });
        const at = `a kill at event ${n} (${names[n - 1]})`;
        expect(killed.signal, at).toBe("SIGKILL");
        if (n < names.length) {
          const resumed = await approveInProcess(store.db, threadId, env);
          if ("refused" in resumed) {
            // Killed after the final checkpoint: the run had finished; there is nothing left to approve.
            expect(resumed.refused, at).toMatch(/has nothing waiting for approval \(status done\)/);
          } else {
            expect(resumed.result.status, at).toBe("done");
          }
        } else {
          // The last kill is resumed by the CLI itself, as a user would after a crash.
          await guardFreed(store.db, threadId);
          const resumed = runCli(approve(threadId), { env });
          if (resumed.status === 6) {
            expect(resumed.stderr, at).toMatch(/has nothing waiting for approval \(status done\)/);
          } else {
            expect(resumed.status, `${at}: ${resumed.stderr}`).toBe(0);
            expect(AgentResultSchema.parse(JSON.parse(resumed.stdout)).status, at).toBe("done");
          }
        }
        expect(addedFiles(before, treeSnapshot(root)), at).toEqual([...paths].sort());
        expect(tempFiles(root), at).toEqual([]);
        reached.push(at);
      }
      expect(reached).toHaveLength(names.length);
    }, 1_200_000);
  });
}
