import type { BaseCheckpointSaver } from "@langchain/langgraph";

export { busyError, StoreError } from "../errors.js";

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

/** What `db migrate` did, for the terminal and `--json`. */
export interface MigrateReport {
  kind: CheckpointStore["kind"];
  /** The store, with any password removed. */
  target: string;
  /** Schema migrations applied by this run (0 when it was already up to date). */
  applied: number;
  message: string;
}
