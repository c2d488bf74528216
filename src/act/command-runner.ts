import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

export interface CommandOutcome {
  exitCode: number;
  /** The last lines of combined output, for the report when the command fails. */
  tail: string;
}

/** Runs one program with arguments (no shell) in a directory. */
export type CommandRunner = (
  program: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number },
) => Promise<CommandOutcome>;

export const spawnCommandRunner: CommandRunner = (program, args, options) =>
  new Promise((resolve) => {
    const child = spawn(program, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, tail: error.message });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, tail: output.split("\n").slice(-12).join("\n") });
    });
  });

/** The absolute path of an executable found on `pathValue`, if any. */
export function findOnPath(program: string, pathValue: string | undefined): string | undefined {
  for (const dir of (pathValue ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
