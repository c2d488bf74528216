import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** Where the step catalog lives inside a checkout. */
export const STEPS_DIR = "src/nemotron/steps";

/** True when `dir` looks like a Nemotron checkout (it holds the step catalog). */
export function isCheckout(dir: string): boolean {
  return existsSync(path.join(dir, STEPS_DIR));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Folders inside the steps tree that hold step assets, never steps themselves. */
const NON_STEP_DIRS = new Set([
  "config",
  "data",
  "patterns",
  "references",
  "_runners",
  "__pycache__",
]);

/** Absolute paths of every `step.toml` under `stepsDir`, depth first, in directory order. */
export function findManifests(stepsDir: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(stepsDir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name === "step.toml")) {
    found.push(path.join(stepsDir, "step.toml"));
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith(".") && !NON_STEP_DIRS.has(entry.name)) {
      found.push(...findManifests(path.join(stepsDir, entry.name)));
    }
  }
  return found;
}

/** Names (without `.yaml`) of the configs a step ships, sorted. */
export function listConfigs(stepDir: string): string[] {
  const dir = path.join(stepDir, "config");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => name.slice(0, -".yaml".length))
    .sort();
}
