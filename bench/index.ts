import { existsSync } from "node:fs";
import path from "node:path";
import { packageRoot, sampleCheckoutRoot } from "../src/catalog/index.js";
import { benchCatalog } from "./catalog.js";
import { benchLlmBudget } from "./llm.js";
import { benchPlanning } from "./plan.js";
import { benchScaling } from "./scaling.js";

/**
 * `npm run bench`: performance targets live here, not in timed tests.
 * Uses the real snapshot beside the project when present, else the bundled sample.
 */
const snapshot = path.resolve(packageRoot(), "../shared/nemotron-snapshot");
const checkout =
  process.env.NEMOTRON_REPO ?? (existsSync(snapshot) ? snapshot : sampleCheckoutRoot());
const repeats = Number(process.env.BENCH_REPEATS ?? 15);

console.log(`checkout: ${checkout}\n`);
for (const line of benchCatalog(checkout, repeats)) console.log(line);
console.log("");
for (const line of benchPlanning(checkout, repeats)) console.log(line);
for (const line of ["", ...benchScaling(checkout, repeats)]) console.log(line);
for (const line of ["", ...(await benchLlmBudget(checkout))]) console.log(line);
