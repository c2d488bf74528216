import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeLargeCatalog } from "./large-catalog.js";
import { benchEnv, CLI_BIN, runNode } from "./process.js";
import { fmt, summarize } from "./stats.js";

/** The request of the README's quick start. */
export const README_REQUEST =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

interface Probe {
  label: string;
  args: string[];
}

/**
 * Whole-process start-up, every probe run in turn in each round so a busy
 * machine slows them alike: the figures are ratios of medians from this run.
 * The 10x catalog shows how start-up scales with the size of a checkout.
 */
export function benchStartup(checkout: string, repeats: number): string[] {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "nc-bench-startup-"));
  try {
    const large = makeLargeCatalog(checkout, path.join(scratch, "large"), 10);
    const env = benchEnv({
      XDG_CACHE_HOME: path.join(scratch, "cache"),
      XDG_STATE_HOME: path.join(scratch, "state"),
    });
    const ask = (repo: string): string[] => [
      CLI_BIN,
      "--repo",
      repo,
      "--offline",
      "--json",
      "ask",
      README_REQUEST,
    ];
    const list = (repo: string): string[] => [CLI_BIN, "--repo", repo, "steps", "list", "--json"];
    const probes: Probe[] = [
      { label: "bare", args: ["-e", ""] },
      {
        label: "floor",
        args: ["--input-type=module", "-e", "await import('@langchain/langgraph')"],
      },
      { label: "ask", args: ask(checkout) },
      { label: "list", args: list(checkout) },
      { label: "askLarge", args: ask(large.root) },
      { label: "listLarge", args: list(large.root) },
    ];
    // One untimed round fills the catalog caches, as any earlier use would.
    for (const probe of probes) runNode(probe.args, env);
    const wall = new Map<string, number[]>(probes.map((p) => [p.label, []]));
    const cpu = new Map<string, number[]>(probes.map((p) => [p.label, []]));
    for (let round = 0; round < repeats; round++) {
      for (const probe of probes) {
        const run = runNode(probe.args, env);
        wall.get(probe.label)?.push(run.ms);
        if (run.cpuMs !== undefined) cpu.get(probe.label)?.push(run.cpuMs);
      }
    }
    const median = (label: string) => summarize(wall.get(label) ?? []).median;
    const cpuMedian = (label: string) => summarize(cpu.get(label) ?? []).median;
    const ratio = (a: string, b: string) => {
      const cpuRatio =
        cpuMedian(b) > 0 ? ` (CPU ${(cpuMedian(a) / cpuMedian(b)).toFixed(2)}x)` : "";
      return `${(median(a) / median(b)).toFixed(2)}x${cpuRatio}`;
    };
    return [
      `whole-process start-up (${repeats} interleaved rounds, medians of wall time; CPU time in brackets)`,
      `  node -e ''                              ${fmt(median("bare"))}`,
      `  import('@langchain/langgraph') (floor)  ${fmt(median("floor"))}`,
      `  ask --offline (README request)          ${fmt(median("ask"))}  = ${ratio("ask", "floor")} the LangGraph import floor (goal <= 1.2x)`,
      `  steps list --json                       ${fmt(median("list"))}  = ${ratio("list", "bare")} bare node (goal <= 1.5x)`,
      `  ask --offline, 10x catalog (${large.steps} steps)   ${fmt(median("askLarge"))}  = ${ratio("askLarge", "ask")} the real catalog`,
      `  steps list --json, 10x catalog          ${fmt(median("listLarge"))}  = ${ratio("listLarge", "list")} the real catalog`,
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
