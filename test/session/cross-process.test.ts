import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { type AgentGraph, compileAgentGraph } from "../../src/graph/graph.js";
import { type AgentResult, AgentResultSchema } from "../../src/planner/result.js";
import {
  type CheckpointStore,
  migrateStore,
  openCheckpointer,
} from "../../src/session/checkpointer.js";
import { ask } from "../../src/session/session.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { SAMPLE } from "../helpers/snapshot.js";
import { BACKENDS, freshStore, type TestStore } from "./backends.js";
import { type CliRun, runCli } from "./cli.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";
const THREAD_EXIT = 6;

function resultOf(run: CliRun): AgentResult {
  expect(run.code, run.stderr).toBe(0);
  return AgentResultSchema.parse(JSON.parse(run.stdout));
}

/** One line on stderr; with --json, stdout holds only the failure object. */
function expectOneLineError(run: CliRun, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(JSON.parse(run.stdout)).toMatchObject({ status: "failed", error: { code } });
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const paths = (result: AgentResult) => result.files.map((file) => file.path).sort();

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`sessions across processes on ${backend.name}`, () => {
    let store: TestStore;
    /** This process's own connection to the store the CLI processes use. */
    let local: CheckpointStore;
    let graph: AgentGraph;
    beforeAll(async () => {
      store = await freshStore(backend.name);
      await migrateStore(store.db);
      local = await openCheckpointer(store.db);
      graph = compileAgentGraph(createAgentDeps({ path: "" }), local.saver);
    });
    afterAll(async () => {
      await local?.close();
      await store?.cleanup();
    });

    /**
     * A scratch checkout with a thread stopped at approval: asked by a CLI
     * process of its own, or in this process where only the resume is under test.
     */
    async function pausedThread(threadId: string, askedBy: "cli" | "this process") {
      const checkout = await scratchCheckout(SAMPLE);
      const before = treeSnapshot(checkout.root);
      const cliArgs = [
        "--db",
        store.db,
        "--repo",
        checkout.root,
        "--json",
        "ask",
        "--thread",
        threadId,
        NANO3,
      ];
      const first =
        askedBy === "cli"
          ? resultOf(await runCli(cliArgs))
          : await ask(graph, {
              threadId,
              request: NANO3,
              checkout: { root: checkout.root, source: "flag" },
            });
      expect(first.status).toBe("awaiting_approval");
      expect(addedFiles(before, treeSnapshot(checkout.root))).toEqual([]);
      const planned = (first.plan?.stages ?? []).map((stage) => stage.configPath).sort();
      expect(planned.length).toBeGreaterThan(1);
      return { ...checkout, before, planned };
    }

    // Another working directory and no --repo: the thread remembers its checkout.
    const approve = (threadId: string) =>
      runCli(["--db", store.db, "--json", "resume", threadId, "--approve"], os.tmpdir());

    it("asks in one process and approves from another, which writes the planned configs", async () => {
      const thread = await pausedThread("t-cross", "cli");
      try {
        const done = resultOf(await approve("t-cross"));
        expect(done.status).toBe("done");
        expect(addedFiles(thread.before, treeSnapshot(thread.root))).toEqual(thread.planned);
        expect(paths(done)).toEqual(thread.planned);
        for (const file of done.files)
          expect(sha256(path.join(thread.root, file.path))).toBe(file.sha256);

        const again = await approve("t-cross");
        expectOneLineError(
          again,
          THREAD_EXIT,
          /^error: thread t-cross has nothing waiting for approval/,
        );
      } finally {
        thread.cleanup();
      }
    });

    it("two concurrent approvals of one thread: one acts, the other is refused and writes nothing", async () => {
      const thread = await pausedThread("t-race", "this process");
      try {
        const runs = await Promise.all([approve("t-race"), approve("t-race")]);
        const winners = runs.filter((run) => run.code === 0);
        const losers = runs.filter((run) => run.code !== 0);
        expect(winners, runs.map((run) => run.stderr).join("\n")).toHaveLength(1);
        expect(losers).toHaveLength(1);
        const [winner] = winners;
        const [loser] = losers;
        if (!winner || !loser) throw new Error("expected one winner and one loser");
        expectOneLineError(loser, THREAD_EXIT, /is busy|has nothing waiting for approval/);
        expect(paths(resultOf(winner))).toEqual(thread.planned);
        expect(addedFiles(thread.before, treeSnapshot(thread.root))).toEqual(thread.planned);

        // The thread's history holds exactly one pass through Act.
        let actRuns = 0;
        const config = { configurable: { thread_id: "t-race" } };
        for await (const snapshot of graph.getStateHistory(config)) {
          if (snapshot.next.includes("act")) actRuns++;
        }
        expect(actRuns).toBe(1);
      } finally {
        thread.cleanup();
      }
    });

    it("a resume while another holder has the thread says busy and writes nothing", async () => {
      const thread = await pausedThread("t-held", "this process");
      try {
        const release = await local.lockThread("t-held");
        const blocked = await approve("t-held").finally(release);
        expectOneLineError(blocked, THREAD_EXIT, /^error: thread t-held is busy: another process/);
        expect(addedFiles(thread.before, treeSnapshot(thread.root))).toEqual([]);

        expect(resultOf(await approve("t-held")).status).toBe("done");
        expect(addedFiles(thread.before, treeSnapshot(thread.root))).toEqual(thread.planned);
      } finally {
        thread.cleanup();
      }
    });
  });
}
