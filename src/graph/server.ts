import { createAgentDeps } from "./deps.js";
import { buildAgentGraph } from "./graph.js";

/**
 * The graph for the LangGraph server and Studio (`langgraph.json`). It is
 * compiled without a checkpointer: the server supplies its own store. A thread
 * started from a chat UI plans against `$NEMOTRON_REPO` (else the bundled sample).
 */
export const graph = buildAgentGraph(createAgentDeps()).compile();
