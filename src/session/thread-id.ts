import { randomUUID } from "node:crypto";

/**
 * A new thread id: `nc-` and the first 8 hex digits of a random UUID, short
 * enough to type in `resume <thread>`. Every command that starts a thread
 * takes its id from here; `uuid` is injectable for tests.
 */
export function newThreadId(uuid: () => string = randomUUID): string {
  return `nc-${uuid().slice(0, 8)}`;
}
