import { existsSync, readdirSync, statSync } from "node:fs";
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

export interface FoundManifests {
  /** Absolute paths of every readable `step.toml`, depth first, in directory order. */
  manifests: string[];
  /** What looks like a step but is not read (a symlinked folder, a `step.toml` that is no file). */
  skipped: { path: string; reason: string }[];
  /** Every directory listed on the way: a change to one of them is a change to the result. */
  dirs: string[];
}

/**
 * Every `step.toml` under `stepsDir`. Symbolic links are not followed (a link
 * could lead outside the checkout or loop), and a `step.toml` that is not a
 * regular file is not opened; both are reported, never dropped silently.
 */
export function findManifests(stepsDir: string, found?: FoundManifests): FoundManifests {
  const out = found ?? { manifests: [], skipped: [], dirs: [] };
  const entries = readdirSync(stepsDir, { withFileTypes: true });
  out.dirs.push(stepsDir);
  const manifest = entries.find((e) => e.name === "step.toml");
  if (manifest?.isFile()) out.manifests.push(path.join(stepsDir, "step.toml"));
  else if (manifest) {
    out.skipped.push({
      path: path.join(stepsDir, "step.toml"),
      reason: manifest.isSymbolicLink()
        ? "step.toml is a symbolic link; it is not followed"
        : "step.toml is not a regular file",
    });
  }
  for (const entry of entries) {
    if (entry.name.startsWith(".") || NON_STEP_DIRS.has(entry.name)) continue;
    if (entry.isDirectory()) findManifests(path.join(stepsDir, entry.name), out);
    else if (entry.isSymbolicLink() && linksToDirectory(path.join(stepsDir, entry.name))) {
      out.skipped.push({
        path: path.join(stepsDir, entry.name),
        reason:
          "a symbolic link in the steps tree; it is not followed, so any step behind it is not read",
      });
    }
  }
  return out;
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

function linksToDirectory(link: string): boolean {
  return statSync(link, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
