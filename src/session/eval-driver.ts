import { MemorySaver } from "@langchain/langgraph";
import type { AgentDriver } from "../eval/run-case.js";
import type { AgentDeps } from "../graph/deps.js";
import { compileAgentGraph } from "../graph/graph.js";
import { ask, resume } from "./session.js";

/**
 * An eval driver on the real graph with its own in-memory checkpoint store,
 * so cases are isolated from each other and from the user's threads.
 */
export function createGraphDriver(deps: AgentDeps): AgentDriver {
  const saver = new MemorySaver();
  const graph = compileAgentGraph(deps, saver);
  return {
    ask: (threadId, request, checkout) =>
      ask(graph, {
        threadId,
        request,
        checkout: {
          root: checkout.root,
          source: "flag",
          ...(checkout.envFile ? { envFile: checkout.envFile } : {}),
        },
      }),
    resume: (threadId, reply) => resume(graph, threadId, reply),
    async dumpThread(threadId) {
      const parts: string[] = [];
      for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
        parts.push(JSON.stringify(tuple.checkpoint), JSON.stringify(tuple.pendingWrites ?? []));
      }
      return parts.join("\n");
    },
  };
}
