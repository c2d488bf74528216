import { existsSync } from "node:fs";
import path from "node:path";
import { packageRoot, sampleCheckoutRoot } from "../src/catalog/index.js";
import { benchCatalog } from "./catalog.js";
import { benchGitPerApprove } from "./git-count.js";
import { benchLlmBudget } from "./llm.js";
import { benchPlanning } from "./plan.js";
import { benchScaling } from "./scaling.js";
import { benchStartup } from "./startup.js";
import { benchWarmAsk } from "./warm.js";

/**
 * `npm run bench`: performance targets live here, not in timed tests.
 * Uses the real snapshot beside the project when present, else the bundled sample.
 */
const snapshot = path.resolve(packageRoot(), "../shared/nemotron-snapshot");
const checkout =
  process.env.NEMOTRON_REPO ?? (existsSync(snapshot) ? snapshot : sampleCheckoutRoot());
const repeats = Number(process.env.BENCH_REPEATS ?? 15);
const only = process.env.BENCH_ONLY?.split(",");
const wanted = (part: string) => !only || only.includes(part);

console.log(`checkout: ${checkout}\n`);
const sections: [string, () => Promise<string[]> | string[]][] = [
  ["startup", () => benchStartup(checkout, repeats)],
  ["warm", () => benchWarmAsk(checkout, 3, Number(process.env.BENCH_EVAL_REPEATS ?? 3))],
  ["git", () => benchGitPerApprove(checkout)],
  ["catalog", () => benchCatalog(checkout, repeats)],
  ["plan", () => benchPlanning(checkout, repeats)],
  ["scaling", () => benchScaling(checkout, repeats)],
  ["llm", () => benchLlmBudget(checkout)],
];
for (const [name, run] of sections) {
  if (!wanted(name)) continue;
  for (const line of await run()) console.log(line);
  console.log("");
}
