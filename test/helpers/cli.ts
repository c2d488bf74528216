import { type SpawnOptions, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./snapshot.js";

export const BIN = path.join(repoRoot, "bin/nemotron-customize.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a spawned CLI: private cache and state dirs, no inherited checkout or env file. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(os.tmpdir(), "nc-cli-home-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEMOTRON_CUSTOMIZE_CACHE_DIR: path.join(home, "cache"),
    XDG_STATE_HOME: path.join(home, "state"),
    CI: "true",
  };
  for (const key of [
    "NEMOTRON_REPO",
    "NEMOTRON_ENV_FILE",
    "NEMOTRON_CUSTOMIZE_DB",
    "NVIDIA_API_KEY",
    "OPENAI_API_KEY",
  ]) {
    delete env[key];
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: options.env,
    cwd: options.cwd ?? repoRoot,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Spawn without waiting (for kill and concurrency tests). */
export function startCli(args: string[], options: SpawnOptions) {
  return spawn(process.execPath, [BIN, ...args], { ...options, stdio: ["ignore", "pipe", "pipe"] });
}

/** Collect a spawned process's output and exit status. */
export function finished(child: ReturnType<typeof startCli>): Promise<CliRun> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
