import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CheckpointStore,
  migrateStore,
  openCheckpointer,
} from "../../src/session/checkpointer.js";
import { threadLockFile } from "../../src/session/thread-lock.js";
import { repoRoot } from "../helpers/snapshot.js";
import { BACKENDS, freshStore, type TestStore } from "./backends.js";
import "./cli.js";

const BUSY = /^thread .+ is busy: another process is working on it/;

/** A separate process that takes the guard of one thread, says so, and then waits to be killed. */
async function holdInChild(db: string, threadId: string) {
  const module = pathToFileURL(path.join(repoRoot, "dist/src/session/checkpointer.js")).href;
  const code = `
    const { openCheckpointer } = await import(${JSON.stringify(module)});
    const store = await openCheckpointer(process.argv[1]);
    await store.lockThread(process.argv[2]);
    process.stdout.write("locked\\n");
    setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code, db, threadId], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = await once(child.stdout, "data");
  expect(String(chunk)).toBe("locked\n");
  return child;
}

/** Take the guard, retrying: a server notices a dead client's connection a moment later (longer on a busy machine). */
async function lockSoon(store: CheckpointStore, threadId: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.lockThread(threadId);
    } catch (error) {
      if (attempt >= 400) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`per-thread guard on ${backend.name}`, () => {
    let testStore: TestStore;
    let store: CheckpointStore;
    beforeAll(async () => {
      testStore = await freshStore(backend.name);
      await migrateStore(testStore.db);
      store = await openCheckpointer(testStore.db);
    });
    afterAll(async () => {
      await store?.close();
      await testStore?.cleanup();
    });

    it("admits one holder per thread, others only after release; other threads are free", async () => {
      const release = await store.lockThread("g-1");
      await expect(store.lockThread("g-1")).rejects.toThrow(BUSY);
      await expect(store.lockThread("g-1")).rejects.toMatchObject({ name: "ThreadError" });
      const other = await store.lockThread("g-2");
      await release();
      const again = await store.lockThread("g-1");
      await again();
      await other();
    });

    it("keeps similar-looking thread ids apart", async () => {
      const slash = await store.lockThread("team/a b");
      const underscore = await store.lockThread("team_a_b");
      await slash();
      await underscore();
    });

    it("is held by another process, and freed when that process is killed", async () => {
      const child = await holdInChild(testStore.db, "g-crash");
      try {
        await expect(store.lockThread("g-crash")).rejects.toThrow(BUSY);
      } finally {
        child.kill("SIGKILL");
        await once(child, "exit");
      }
      const release = await lockSoon(store, "g-crash");
      await release();
    });
  });
}

describe("per-thread guard on sqlite, while another taker is on its way in", () => {
  let testStore: TestStore;
  beforeAll(async () => {
    testStore = await freshStore("sqlite");
  });
  afterAll(() => testStore?.cleanup());

  // A taker holds the lock file's shared lock for a moment before its own
  // guard is granted or refused; that moment must not turn anyone away.
  it("is granted, and the arriving taker is the one refused", async () => {
    const store = await openCheckpointer(testStore.db);
    try {
      const first = await store.lockThread("g-arriving");
      await first();
      const arriving = new Database(threadLockFile(testStore.db, "g-arriving"), { timeout: 0 });
      try {
        arriving.exec("BEGIN");
        arriving.prepare("SELECT count(*) FROM sqlite_master").get();
        const release = await store.lockThread("g-arriving");
        arriving.exec("ROLLBACK");
        expect(() => arriving.exec("BEGIN IMMEDIATE")).toThrow(
          expect.objectContaining({ code: "SQLITE_BUSY" }),
        );
        await release();
      } finally {
        arriving.close();
      }
    } finally {
      await store.close();
    }
  });
});
