import { randomBytes } from "node:crypto";
import { closeSync, linkSync, mkdirSync, openSync, readSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { lockThread } from "../thread-lock.js";
import { type CheckpointStore, type MigrateReport, StoreError } from "./types.js";

/** The first 16 bytes of every SQLite database file. */
const SQLITE_MAGIC = "SQLite format 3\u0000";

function notAStore(file: string, why: string): StoreError {
  return new StoreError(
    `${path.resolve(file)} ${why}, not a checkpoint store: move it aside (a new store is created on first use) or pass another --db`,
    "unavailable",
  );
}

/**
 * An existing store file must be a SQLite database: an empty file or one with
 * another header would otherwise be used as, or fail deep inside, a store.
 */
function checkStoreFile(file: string): void {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isFile()) throw notAStore(file, "is not a regular file");
  if (stat.size === 0) throw notAStore(file, "is an empty file");
  const header = Buffer.alloc(16);
  const fd = openSync(file, "r");
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString("latin1") !== SQLITE_MAGIC) throw notAStore(file, "is not a SQLite database");
}

/**
 * A new store appears whole: an empty database with its header is made under
 * a temp name and linked into place (a no-op when another process was first).
 * So a store file this program made is never empty, even for a moment, and an
 * empty file at the path is always someone else's.
 */
async function createStoreFile(file: string): Promise<void> {
  if (statSync(file, { throwIfNoEntry: false })) return;
  const { default: Database } = await import("better-sqlite3");
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.new`;
  try {
    const db = new Database(temp);
    db.pragma("journal_mode = WAL");
    db.close();
    linkSync(temp, file);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${temp}${suffix}`, { force: true });
  }
}

/** A SQLite file; the saver creates its tables on first use, so there is nothing to migrate. */
export async function openSqliteStore(file: string): Promise<CheckpointStore> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await createStoreFile(file);
  checkStoreFile(file);
  const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");
  const saver = SqliteSaver.fromConnString(file);
  try {
    saver.db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (error) {
    saver.db.close();
    const why = error instanceof Error ? error.message : String(error);
    throw notAStore(file, `cannot be read as a database (${why})`);
  }
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
