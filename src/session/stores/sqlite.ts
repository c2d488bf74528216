import { mkdirSync } from "node:fs";
import path from "node:path";
import { lockThread } from "../thread-lock.js";
import type { CheckpointStore, MigrateReport } from "./types.js";

/** A SQLite file; the saver creates its tables on first use, so there is nothing to migrate. */
export async function openSqliteStore(file: string): Promise<CheckpointStore> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");
  const saver = SqliteSaver.fromConnString(file);
  return {
    kind: "sqlite",
    saver,
    async lockThread(threadId) {
      const release = lockThread(file, threadId);
      return async () => release();
    },
    async close() {
      if (saver.db.open) saver.db.close();
    },
  };
}

export function sqliteMigrateReport(file: string): MigrateReport {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  return {
    kind: "sqlite",
    target,
    applied: 0,
    message: `SQLite store ${target} is ready: it creates its tables on first use, nothing to migrate`,
  };
}
