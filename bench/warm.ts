import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCases } from "../src/eval/index.js";
import { createAgentDeps } from "../src/graph/deps.js";
import { compileAgentGraph } from "../src/graph/graph.js";
import { openCheckpointer } from "../src/session/checkpointer.js";
import { ask } from "../src/session/session.js";
import { benchEnv, CLI_BIN, runNode } from "./process.js";
import { fmt, summarize } from "./stats.js";

/**
 * A warm `ask` per request in one process (SQLite store, as the CLI uses),
 * and the whole `eval` command per case, set against it.
 */
export async function benchWarmAsk(
  checkout: string,
  repeats: number,
  evalRepeats: number,
): Promise<string[]> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "nc-bench-warm-"));
  try {
    const store = await openCheckpointer(path.join(scratch, "threads.sqlite"));
    const graph = compileAgentGraph(createAgentDeps({ path: "" }), store.saver);
    const requests = loadCases().map((c) => c.request);
    let thread = 0;
    // Wall time is what a caller waits; CPU time shows how much of it a busy machine added.
    const askOnce = async (request: string) => {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await ask(graph, {
        threadId: `bench-${thread++}`,
        request,
        checkout: { root: checkout, source: "flag" },
      });
      const cpu = process.cpuUsage(cpuStart);
      return { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
    };
    for (const request of requests) await askOnce(request); // first use: catalog, rules, configs
    const perRequest: number[] = [];
    const cpuPerRequest: number[] = [];
    for (const request of requests) {
      const samples = [];
      for (let i = 0; i < repeats; i++) samples.push(await askOnce(request));
      perRequest.push(summarize(samples.map((s) => s.wall)).median);
      cpuPerRequest.push(summarize(samples.map((s) => s.cpu)).median);
    }
    await store.close();
    const warm = summarize(perRequest);
    const warmCpu = summarize(cpuPerRequest);

    const env = benchEnv({ XDG_CACHE_HOME: path.join(scratch, "cache") });
    const evalRuns: number[] = [];
    let cases = 0;
    let passed = 0;
    for (let i = 0; i < evalRepeats; i++) {
      // Exit 5 (a case failed) still times the run; the line says how many passed.
      const run = runNode(
        [CLI_BIN, "--repo", checkout, "eval", "--json", "--no-blind", "--no-metamorphic"],
        env,
        [0, 5],
      );
      const report: { total?: number; passed?: number } = JSON.parse(run.stdout);
      cases = report.total ?? requests.length;
      passed = report.passed ?? 0;
      evalRuns.push(run.ms);
    }
    const perCase = summarize(evalRuns).median / Math.max(1, cases);
    return [
      `warm ask in one process (${requests.length} eval requests x ${repeats}, SQLite store)`,
      `  per request: median ${fmt(warm.median)}  max ${fmt(warm.max)} (goal <= 20 ms)`,
      `  CPU per request: median ${fmt(warmCpu.median)}  max ${fmt(warmCpu.max)}`,
      `eval (whole process, ${cases} cases, ${passed} passed, median of ${evalRepeats})`,
      `  per case: ${fmt(perCase)}  = ${(perCase / warm.median).toFixed(2)}x a warm ask`,
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
