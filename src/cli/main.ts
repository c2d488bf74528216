import { CommanderError } from "commander";
import { CatalogError } from "../catalog/errors.js";
import { ExitCode, UserFacingError } from "./exit-codes.js";
import { printJson, processIo } from "./io.js";
import { buildProgram } from "./program.js";

/** Exit-code names for the JSON error object. */
const KINDS: Record<number, string> = Object.fromEntries(
  Object.entries(ExitCode).map(([name, code]) => [code, name]),
);

const io = processIo;
const program = buildProgram(io);
const debug = process.argv.includes("--debug");
const json = process.argv.includes("--json");

// Not awaited at the top level: the bundle's lazily loaded chunks import what they share
// from this module, so it must finish evaluating before the first command loads one.
program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = reportError(error);
});

/**
 * One clear line on stderr and a stable exit code; stacks only with --debug.
 * With --json, stdout still gets one object: `{"status": "failed", "error": {...}}`.
 */
function reportError(error: unknown): number {
  const code = classify(error);
  if (json && code !== ExitCode.ok) {
    const message = error instanceof Error ? error.message.replace(/^error: /, "") : String(error);
    printJson(io, { status: "failed", error: { code, kind: KINDS[code] ?? "internal", message } });
  }
  return code;
}

function classify(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (and the help) on stderr.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof UserFacingError) {
    io.err(`error: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === "LlmUnavailableError") {
    io.err(`error: ${error.message}`);
    return ExitCode.failed;
  }
  if (error instanceof Error && error.name === "ThreadError") {
    io.err(`error: ${error.message}`);
    return ExitCode.thread;
  }
  // A malformed eval case or check file is bad input, like a malformed manifest.
  if (error instanceof CatalogError || (error instanceof Error && error.name === "CaseFileError")) {
    io.err(`error: ${error.message}`);
    return ExitCode.input;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`error: ${message}`);
  if (debug && error instanceof Error && error.stack) io.err(error.stack);
  else io.err("(rerun with --debug for details)");
  return ExitCode.internal;
}
