/** Process exit codes; stable, documented in the README. */
export const ExitCode = {
  ok: 0,
  /** An unexpected internal error (a bug): rerun with --debug for the stack. */
  internal: 1,
  /** Bad command-line usage. */
  usage: 2,
  /** Bad input: not a checkout, malformed manifest/config/env file, unknown step. */
  input: 3,
  /** The answer is Blocked on a missing prerequisite (profile, value, file). */
  blocked: 4,
  /** The agent could not complete (e.g. Act failed twice). */
  failed: 5,
  /** The thread does not exist or another process is resuming it. */
  thread: 6,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: one line, a chosen exit code, no stack trace. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
  }
}
