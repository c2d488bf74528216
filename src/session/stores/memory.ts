import { MemorySaver } from "@langchain/langgraph";
import { busyError, type CheckpointStore } from "./types.js";

/** An in-process store for tests; the guard only sees callers in this process. */
export function openMemoryStore(): CheckpointStore {
  const busy = new Set<string>();
  return {
    kind: "memory",
    saver: new MemorySaver(),
    async lockThread(threadId) {
      if (busy.has(threadId)) throw busyError(threadId);
      busy.add(threadId);
      return async () => {
        busy.delete(threadId);
      };
    },
    async close() {},
  };
}
