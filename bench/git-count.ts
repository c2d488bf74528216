import { execFileSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchEnv, CLI_BIN, runNode } from "./process.js";
import { README_REQUEST } from "./startup.js";

/**
 * How many `git` processes one `resume --approve` starts: the README's plan
 * against a committed copy of the checkout, with a logging `git` first on PATH.
 */
export function benchGitPerApprove(checkout: string): string[] {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "nc-bench-git-"));
  try {
    const realGit = execFileSync("sh", ["-c", "command -v git"]).toString().trim();
    if (!realGit) return ["git processes per approve: skipped (no git on PATH)"];
    const repo = path.join(scratch, "repo");
    cpSync(checkout, repo, { recursive: true });
    const gitEnv = {
      ...process.env,
      GIT_AUTHOR_NAME: "bench",
      GIT_AUTHOR_EMAIL: "bench@example.invalid",
      GIT_COMMITTER_NAME: "bench",
      GIT_COMMITTER_EMAIL: "bench@example.invalid",
    };
    for (const args of [
      ["init", "-q"],
      ["add", "-A"],
      ["commit", "-q", "-m", "snapshot"],
    ]) {
      execFileSync(realGit, args, { cwd: repo, env: gitEnv });
    }
    const shimDir = path.join(scratch, "bin");
    const log = path.join(scratch, "git.log");
    mkdirSync(shimDir);
    const shim = path.join(shimDir, "git");
    writeFileSync(shim, `#!/bin/sh\necho "$*" >> "${log}"\nexec "${realGit}" "$@"\n`);
    chmodSync(shim, 0o755);
    const env = benchEnv({
      PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ""}`,
      XDG_CACHE_HOME: path.join(scratch, "cache"),
      XDG_STATE_HOME: path.join(scratch, "state"),
    });
    const asked = JSON.parse(
      runNode([CLI_BIN, "--repo", repo, "--offline", "--json", "ask", README_REQUEST], env).stdout,
    );
    writeFileSync(log, "");
    const approved = JSON.parse(
      runNode([CLI_BIN, "--offline", "--json", "resume", asked.threadId, "--approve"], env).stdout,
    );
    const calls = readFileSync(log, "utf8").split("\n").filter(Boolean);
    return [
      `git processes per approve (${approved.status}, ${approved.files?.length ?? 0} files written): ${calls.length} (goal <= 3)`,
      ...calls.map((c) => `  git ${c}`),
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
