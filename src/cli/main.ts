import { CommanderError } from "commander";
import { CatalogError } from "../catalog/errors.js";
import { ExitCode, UserFacingError } from "./exit-codes.js";
import { processIo } from "./io.js";
import { buildProgram } from "./program.js";

const io = processIo;
const program = buildProgram(io).exitOverride();
const debug = process.argv.includes("--debug");

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

/** One clear line on stderr and a stable exit code; stacks only with --debug. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
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
