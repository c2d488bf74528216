import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { validate } from "@langchain/langgraph-checkpoint-validation";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type CheckpointStore,
  migrateStore,
  openCheckpointer,
} from "../../src/session/checkpointer.js";
import { freshStore, PG_URL, type TestStore } from "./backends.js";

// The conformance suite calls vitest's functions as globals; this project keeps globals off.
Object.assign(globalThis, { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it });

/** Stores behind the savers the suite holds, so each can be closed when the suite drops it. */
const open = new Map<BaseCheckpointSaver, { store: CheckpointStore; cleanup: () => void }>();

async function destroy(saver: BaseCheckpointSaver): Promise<void> {
  const entry = open.get(saver);
  open.delete(saver);
  await entry?.store.close();
  entry?.cleanup();
}

// The names are the packages': the suite keys its documented per-saver exceptions on them.
validate({
  checkpointerName: "@langchain/langgraph-checkpoint-sqlite",
  async createCheckpointer() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nc-validate-"));
    const store = await openCheckpointer(path.join(dir, "threads.sqlite"));
    open.set(store.saver, { store, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
    return store.saver;
  },
  destroyCheckpointer: destroy,
});

if (PG_URL) {
  let database: TestStore | undefined;
  validate({
    checkpointerName: "@langchain/langgraph-checkpoint-postgres",
    beforeAllTimeout: 30_000,
    async beforeAll() {
      database = await freshStore("postgres");
      await migrateStore(database.db);
    },
    async afterAll() {
      await database?.cleanup();
    },
    async createCheckpointer() {
      if (!database) throw new Error("no test database");
      const store = await openCheckpointer(database.db);
      open.set(store.saver, { store, cleanup: () => undefined });
      return store.saver;
    },
    // One database for the whole suite, emptied after each test so savers never see each other's data.
    async destroyCheckpointer(saver) {
      await destroy(saver);
      const client = new pg.Client({ connectionString: database?.db });
      await client.connect();
      await client.query("TRUNCATE checkpoints, checkpoint_blobs, checkpoint_writes");
      await client.end();
    },
  });
} else {
  describe.skip("@langchain/langgraph-checkpoint-postgres conformance (NEMOTRON_TEST_PG_URL unset)", () => {
    it("needs a PostgreSQL server", () => undefined);
  });
}
