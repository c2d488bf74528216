/** Why no scaffold could be derived offline; stable so the graph can explain it. */
export type ExplorerErrorCode =
  /** The intent names no goal to build a step for. */
  | "no_goal"
  /** No catalog step serves the goal, so there is no shape to mirror. */
  | "no_goal_shape"
  /** An existing step already covers the goal on the asked backend and model format. */
  | "no_gap"
  /** Only model support is missing; a new step cannot add an architecture. */
  | "model_only_gap"
  /** No shared runner with a known call shape exists in the checkout for the backend. */
  | "no_runner";

/** A refusal from the scaffold builder; the message says what is missing and why. */
export class ExplorerError extends Error {
  override readonly name = "ExplorerError";

  constructor(
    readonly code: ExplorerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
