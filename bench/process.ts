import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../src/catalog/index.js";

/** The published command-line entry, as a user runs it. */
export const CLI_BIN = path.join(packageRoot(), "bin", "nemotron-customize.js");

/** An environment with no model endpoint or key, so every run is offline and the same. */
export function benchEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/API_KEY|BASE_URL|NEMOTRON_|OPENAI|XDG_/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface ProcessRun {
  ms: number;
  /** CPU time (user + system) the child used; undefined where the OS does not report it. */
  cpuMs: number | undefined;
  stdout: string;
}

/**
 * CPU time of this process's waited-for children, from /proc (Linux): on a busy
 * machine wall time includes waiting for a core, CPU time does not.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // cutime and cstime (fields 16 and 17 of stat), in clock ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Run `node <args>` to completion; an exit status outside `ok` (default: 0 and
 * 4, a Blocked answer) stops the bench with its stderr.
 */
export function runNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ok: readonly number[] = [0, 4],
): ProcessRun {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {
    env,
    cwd: packageRoot(),
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  const cpuAfter = childrenCpuMs();
  if (result.status === null || !ok.includes(result.status)) {
    throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr.toString()}`);
  }
  const cpuMs =
    cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  return { ms, cpuMs, stdout: result.stdout.toString() };
}
