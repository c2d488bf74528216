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

function isBusy(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "SQLITE_BUSY";
}

/**
 * Exclusive per-thread guard for a SQLite store: an open `BEGIN EXCLUSIVE`
 * transaction on a small lock database beside the store, one per thread.
 * SQLite's file locks are held by the operating system for the open handle, so
 * a crashed process releases its guard with no stale-lock cleanup (a pid file
 * cannot break a dead owner's lock without racing a second taker). Lock files
 * are kept, empty: removing one while another process has it open would let two
 * holders lock different files under the same name.
 */
export function lockThread(db: string, threadId: string): () => void {
  const dir = `${path.resolve(db)}.locks`;
  mkdirSync(dir, { recursive: true });
  const handle = new Database(path.join(dir, lockFileName(threadId)), { timeout: 0 });
  try {
    handle.exec("BEGIN EXCLUSIVE");
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
