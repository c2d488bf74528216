import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CompiledStateGraph } from "@langchain/langgraph";
import { z } from "zod";
import { repoRoot } from "./snapshot.js";

const LanggraphJson = z.object({
  node_version: z.string(),
  dependencies: z.array(z.string()),
  graphs: z.record(z.string(), z.string().regex(/^\.\/.+\.ts:\w+$/)),
});

/**
 * The graph exactly as the LangGraph server loads it: the one `file:export`
 * entry of langgraph.json, imported from its path.
 */
export async function serverGraph() {
  const config = LanggraphJson.parse(
    JSON.parse(readFileSync(path.join(repoRoot, "langgraph.json"), "utf8")),
  );
  const entries = Object.entries(config.graphs);
  if (entries.length !== 1) throw new Error(`langgraph.json lists ${entries.length} graphs, not 1`);
  const [name, spec] = entries[0] ?? ["", ""];
  const [file = "", exportName = ""] = spec.split(":");
  const module: Record<string, unknown> = await import(
    pathToFileURL(path.join(repoRoot, file)).href
  );
  const graph = module[exportName];
  if (!(graph instanceof CompiledStateGraph)) throw new Error(`${spec} is not a compiled graph`);
  return { name, graph };
}
