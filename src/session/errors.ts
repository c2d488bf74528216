/** A thread that cannot take the requested action (unknown, busy, or nothing to approve). */
export class ThreadError extends Error {
  override readonly name = "ThreadError";
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
