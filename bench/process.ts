import { spawnSync } from "node:child_process";
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
  stdout: string;
}

/** Run `node <args>` to completion; a failing run stops the bench with its stderr. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): ProcessRun {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {
    env,
    cwd: cwd ?? packageRoot(),
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 4) {
    throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr.toString()}`);
  }
  return { ms, stdout: result.stdout.toString() };
}
