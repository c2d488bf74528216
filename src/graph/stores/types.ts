import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { ThreadError } from "../session.js";

/** Gives up a per-thread guard taken by `lockThread`. */
export type ReleaseThread = () => Promise<void>;

/** A checkpoint saver together with the per-thread guard and cleanup of its backend. */
export interface CheckpointStore {
  kind: "memory" | "sqlite" | "postgres";
  saver: BaseCheckpointSaver;
  /**
   * Take the exclusive right to advance one thread for one turn. Throws a
   * ThreadError at once (never waits) when another holder has it.
   */
  lockThread(threadId: string): Promise<ReleaseThread>;
  /** Close files and connections so a CLI process can exit right away. */
  close(): Promise<void>;
}

/** The store cannot be used as given: a bad value (`usage`) or a store that is not ready. */
export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    message: string,
    readonly reason: "usage" | "unavailable",
  ) {
    super(message);
  }
}

export function busyError(threadId: string): ThreadError {
  return new ThreadError(
    `thread ${threadId} is busy: another process is working on it; try again when it finishes`,
  );
}

/** What `db migrate` did, for the terminal and `--json`. */
export interface MigrateReport {
  kind: CheckpointStore["kind"];
  /** The store, with any password removed. */
  target: string;
  /** Schema migrations applied by this run (0 when it was already up to date). */
  applied: number;
  message: string;
}
