import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { compileAgentGraph } from "../../src/graph/graph.js";
import {
  type CheckpointStore,
  migrateStore,
  openCheckpointer,
} from "../../src/session/checkpointer.js";
import { ask, listSessions, resume } from "../../src/session/session.js";
import { SAMPLE } from "../helpers/snapshot.js";
import { BACKENDS, freshStore, type TestStore } from "./backends.js";

const THREADS = 20;
const ids = Array.from({ length: THREADS }, (_, i) => `par-${i}`);
/** Each thread gets its own data path, so a config landing in the wrong thread's checkout shows. */
const requestFor = (i: number) =>
  `Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/part-${i}.jsonl on one local node of 8x H100, outputs under /out/run-${i}`;

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`${THREADS} threads in parallel on ${backend.name}`, () => {
    let testStore: TestStore;
    let store: CheckpointStore;
    let parent = "";
    const rootOf = (i: number) => path.join(parent, `user-${i}`);

    beforeAll(async () => {
      testStore = await freshStore(backend.name);
      await migrateStore(testStore.db);
      store = await openCheckpointer(testStore.db);
      // One checkout per user, copied without git: twenty repositories cost seconds of file
      // creation, and the tracked-file rules are exercised by the cross-process suite.
      parent = mkdtempSync(path.join(os.tmpdir(), "nc-parallel-"));
      for (let i = 0; i < THREADS; i++) cpSync(SAMPLE, rootOf(i), { recursive: true });
    });
    afterAll(async () => {
      if (parent) rmSync(parent, { recursive: true, force: true });
      await store?.close();
      await testStore?.cleanup();
    });

    /** One turn under the thread's guard, as the CLI runs it. */
    async function guarded<T>(threadId: string, turn: () => Promise<T>): Promise<T> {
      const release = await store.lockThread(threadId);
      try {
        return await turn();
      } finally {
        await release();
      }
    }

    it("plans all of them at once, then approves all of them at once", async () => {
      const graph = compileAgentGraph(createAgentDeps({ path: "" }), store.saver);
      const asked = await Promise.all(
        ids.map((threadId, i) =>
          guarded(threadId, () =>
            ask(graph, {
              threadId,
              request: requestFor(i),
              checkout: { root: rootOf(i), source: "flag" },
            }),
          ),
        ),
      );
      expect(asked.map((result) => result.status)).toEqual(ids.map(() => "awaiting_approval"));

      const done = await Promise.all(
        ids.map((threadId) =>
          guarded(threadId, () => resume(graph, threadId, { type: "approve" })),
        ),
      );
      done.forEach((result, i) => {
        expect(result.threadId).toBe(ids[i]);
        expect(result.status).toBe("done");
        const planned = (asked[i]?.plan?.stages ?? []).map((stage) => stage.configPath).sort();
        expect(result.files.map((file) => file.path).sort()).toEqual(planned);
        const packing = result.files.find((file) => file.path.includes("sft_packing"));
        if (!packing) throw new Error(`thread ${ids[i]} wrote no packing config`);
        const text = readFileSync(path.join(rootOf(i), packing.path), "utf8");
        expect(text).toContain(`/data/chat/part-${i}.jsonl`);
        expect(text).not.toMatch(new RegExp(`/data/chat/part-(?!${i}\\.)\\d+\\.jsonl`));
      });

      const sessions = await listSessions(graph, store.saver);
      expect(sessions.map((s) => s.threadId).sort()).toEqual([...ids].sort());
      expect(new Set(sessions.map((s) => s.status))).toEqual(new Set(["done"]));
    });
  });
}
