import { loadCatalog } from "../src/catalog/index.js";
import { fmt, summarize, timeIt } from "./stats.js";

/** In-process catalog load from source (no cache). */
export function benchCatalog(checkout: string, repeats: number): string[] {
  const load = summarize(timeIt(() => loadCatalog(checkout), repeats));
  return [`catalog load (in-process, warm)      median ${fmt(load.median)}  min ${fmt(load.min)}`];
}
