import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { repoRoot } from "../helpers/snapshot.js";

const BIN = path.join(repoRoot, "bin/nemotron-customize.js");
if (!existsSync(path.join(repoRoot, "dist/src/cli/main.js"))) {
  throw new Error("dist/ is missing: run `npm run build` (npm test does it) before the CLI tests");
}

/** Per-run folders so spawned CLIs never touch the user's cache or state. */
const CACHE_DIR = mkdtempSync(path.join(os.tmpdir(), "nc-session-cache-"));
const STATE_DIR = mkdtempSync(path.join(os.tmpdir(), "nc-session-state-"));
afterAll(() => {
  for (const dir of [CACHE_DIR, STATE_DIR]) rmSync(dir, { recursive: true, force: true });
});

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI in its own process; resolves when it exits. */
export function runCli(args: string[], cwd: string = os.tmpdir()): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEMOTRON_CUSTOMIZE_CACHE_DIR: CACHE_DIR,
    XDG_STATE_HOME: STATE_DIR,
  };
  delete env.NEMOTRON_REPO;
  delete env.NEMOTRON_CUSTOMIZE_DB;
  delete env.NEMOTRON_ENV_FILE;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
