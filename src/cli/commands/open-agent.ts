import type { LlmClient } from "../../llm/index.js";
import type { GlobalOptions } from "../checkout.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";

/** A store problem as one line for the user: bad `--db` value (2) or a store not ready (3). */
export function storeErrorToUser(error: unknown): unknown {
  if (error instanceof Error && error.name === "StoreError" && "reason" in error) {
    return new UserFacingError(
      error.message,
      error.reason === "usage" ? ExitCode.usage : ExitCode.input,
    );
  }
  return error;
}

/**
 * Open the graph with its checkpoint store. LangGraph and the store's driver
 * load here, only for the commands that need them. Call `close()` when done so
 * database pools do not hold the process open.
 */
export async function openAgent(opts: GlobalOptions, env: NodeJS.ProcessEnv, llm?: LlmClient) {
  const { resolveDb, openCheckpointer } = await import("../../session/checkpointer.js");
  const { compileAgentGraph } = await import("../../graph/graph.js");
  const { createAgentDeps } = await import("../../graph/deps.js");
  const db = resolveDb(opts.db, env);
  const store = await openCheckpointer(db).catch((error: unknown) => {
    throw storeErrorToUser(error);
  });
  const graph = compileAgentGraph(createAgentDeps({ llm: async () => llm }), store.saver);
  /** Exclusive right to advance one thread; a ThreadError (exit 6) when another process has it. */
  const lock = (threadId: string) =>
    store.lockThread(threadId).catch((error: unknown) => {
      throw storeErrorToUser(error);
    });
  return { graph, checkpointer: store.saver, db, lock, close: () => store.close() };
}
