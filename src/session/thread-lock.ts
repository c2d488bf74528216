import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { busyError } from "./stores/types.js";

/** A file name for a thread id: readable, and unique through a short hash of the exact id. */
function lockFileName(threadId: string): string {
  const readable = threadId.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 80);
  const digest = createHash("sha256").update(threadId).digest("hex").slice(0, 12);
  return `${readable}-${digest}.lock`;
}

/** The lock database of one thread of a SQLite store, in a folder beside the store. */
export function threadLockFile(db: string, threadId: string): string {
  return path.join(`${path.resolve(db)}.locks`, lockFileName(threadId));
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "SQLITE_BUSY";
}

/**
 * Exclusive per-thread guard for a SQLite store: an open write transaction on a
 * small lock database beside the store, one per thread. SQLite's file locks are
 * held by the operating system for the open handle, so a crashed process
 * releases its guard with no stale-lock cleanup (a pid file cannot break a dead
 * owner's lock without racing a second taker). Lock files are kept, empty:
 * removing one while another process has it open would let two holders lock
 * different files under the same name.
 *
 * `BEGIN IMMEDIATE` takes SQLite's RESERVED lock, which one connection at a
 * time can hold and which readers do not block. `BEGIN EXCLUSIVE` would not
 * do: it must also wait out every shared lock, and each taker holds one for a
 * moment on its way in, so two takers arriving together could both be refused
 * and nobody would hold the thread.
 */
export function lockThread(db: string, threadId: string): () => void {
  const file = threadLockFile(db, threadId);
  mkdirSync(path.dirname(file), { recursive: true });
  const handle = new Database(file, { timeout: 0 });
  try {
    handle.exec("BEGIN IMMEDIATE");
  } catch (error) {
    handle.close();
    if (isBusy(error)) throw busyError(threadId);
    throw error;
  }
  return () => {
    if (!handle.open) return;
    handle.exec("ROLLBACK");
    handle.close();
  };
}
