import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root, from this file's location (test/helpers/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The real Nemotron catalog snapshot that CI provides beside the project. */
export const SNAPSHOT = path.resolve(repoRoot, "../shared/nemotron-snapshot");
export const hasSnapshot = existsSync(path.join(SNAPSHOT, "src/nemotron/steps"));

/** The sample checkout bundled with the project. */
export const SAMPLE = path.join(repoRoot, "references/sample-checkout");

if (!hasSnapshot) {
  console.warn(`[tests] ${SNAPSHOT} is absent: tests against the real catalog are skipped.`);
}
