/** Why Act refused to build or write something; stable so the graph can turn it into a finding. */
export type ActErrorCode =
  | "unknown_key"
  | "artifact_reference"
  | "secret_value"
  | "secret_key"
  | "invalid_value"
  | "path_outside"
  | "path_in_git"
  | "path_tracked"
  | "path_symlink"
  | "no_free_name"
  | "write_failed";

/**
 * A refusal from the config builder or writer. Messages name keys and paths,
 * never the offending value, so they are safe to show and to log.
 */
export class ActError extends Error {
  override readonly name = "ActError";

  constructor(
    readonly code: ActErrorCode,
    message: string,
    /** The config key or file path the refusal concerns. */
    readonly subject?: string,
  ) {
    super(message);
  }
}
