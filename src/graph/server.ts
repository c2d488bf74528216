import { createAgentDeps, modelFromEnv } from "./deps.js";
import { buildAgentGraph } from "./graph.js";

/**
 * The graph for the LangGraph server and Studio (`langgraph.json`). It is
 * compiled without a checkpointer: the server supplies its own store. A new
 * thread plans against the run's `repo`, else `$NEMOTRON_REPO`, else the
 * bundled sample; the model comes from the same settings as the CLI's.
 */
export const graph = buildAgentGraph(createAgentDeps({ llm: modelFromEnv(process.env) })).compile();
