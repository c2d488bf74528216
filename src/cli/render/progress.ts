import type { Io } from "../io.js";

/**
 * Progress for long runs: a redrawn bar on a terminal, one plain line per
 * item otherwise (CI logs, pipes).
 */
export function createProgress(io: Io, total: number, tty: boolean) {
  const width = 30;
  return {
    tick(label: string, ok: boolean, done: number, all: number) {
      if (!tty) {
        io.err(`[${done}/${all}] ${ok ? "pass" : "FAIL"} ${label}`);
        return;
      }
      const filled = Math.round((done / Math.max(all, total)) * width);
      const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
      process.stderr.write(
        `\r[${bar}] ${done}/${all} ${ok ? "" : `FAIL ${label}`}`.padEnd(width + 60),
      );
    },
    end() {
      if (tty) process.stderr.write("\n");
    },
  };
}
