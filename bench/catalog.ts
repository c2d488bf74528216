import { spawnSync } from "node:child_process";
import path from "node:path";
import { loadCatalog, packageRoot } from "../src/catalog/index.js";
import { fmt, summarize, timeIt } from "./stats.js";

/** In-process catalog load, and the whole-process `steps list --json` next to a bare node start. */
export function benchCatalog(checkout: string, repeats: number): string[] {
  const load = summarize(timeIt(() => loadCatalog(checkout), repeats));
  const bin = path.join(packageRoot(), "bin", "nemotron-customize.js");
  const spawn = (args: string[]) => () => {
    const result = spawnSync(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    if (result.status !== 0)
      throw new Error(`${args.join(" ")} failed: ${result.stderr.toString()}`);
  };
  const bare = summarize(timeIt(spawn(["-e", ""]), repeats));
  const list = summarize(
    timeIt(spawn([bin, "--repo", checkout, "steps", "list", "--json"]), repeats),
  );
  const ratio = list.median / bare.median;
  return [
    `catalog load (in-process, warm)      median ${fmt(load.median)}  min ${fmt(load.min)}`,
    `node -e '' (whole process)           median ${fmt(bare.median)}`,
    `steps list --json (whole process)    median ${fmt(list.median)}  = ${ratio.toFixed(2)}x bare node (goal <= 2.5x)`,
  ];
}
