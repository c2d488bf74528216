import type { StepManifest } from "../../catalog/schema.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";

/** The error for a step id the catalog lacks, naming near matches. */
export function unknownStep(steps: readonly StepManifest[], id: string): UserFacingError {
  const near = steps.filter((s) => s.id.includes(id) || id.includes(s.id.split("/").pop() ?? ""));
  const hint = near.length ? ` Did you mean: ${near.map((s) => s.id).join(", ")}?` : "";
  return new UserFacingError(`no step "${id}" in the catalog.${hint}`, ExitCode.input);
}
