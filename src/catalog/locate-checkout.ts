import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CatalogError } from "./errors.js";
import { isCheckout, STEPS_DIR } from "./paths.js";

export type CheckoutSource = "flag" | "env" | "cwd" | "sample";

export interface CheckoutLocation {
  root: string;
  source: CheckoutSource;
}

export interface LocateOptions {
  /** `--repo` as given. */
  repo?: string | undefined;
  /** `$NEMOTRON_REPO`. */
  envRepo?: string | undefined;
  cwd: string;
  /** The bundled sample checkout; defaults to the one shipped in `references/`. */
  sampleRoot?: string;
}

/**
 * Pick the checkout to read: `--repo`, else `$NEMOTRON_REPO`, else the current
 * directory or one of its parents, else the bundled sample.
 */
export function locateCheckout(options: LocateOptions): CheckoutLocation {
  const explicit = options.repo ?? options.envRepo;
  if (explicit) {
    const root = path.resolve(options.cwd, explicit);
    const origin = options.repo ? "--repo" : "$NEMOTRON_REPO";
    if (!existsSync(root))
      throw new CatalogError(root, `${origin} points at a path that does not exist`);
    if (!isCheckout(root))
      throw new CatalogError(root, `${origin} is not a Nemotron checkout (no ${STEPS_DIR}/)`);
    return { root, source: options.repo ? "flag" : "env" };
  }
  for (let dir = path.resolve(options.cwd); ; dir = path.dirname(dir)) {
    if (isCheckout(dir)) return { root: dir, source: "cwd" };
    if (path.dirname(dir) === dir) break;
  }
  return { root: options.sampleRoot ?? sampleCheckoutRoot(), source: "sample" };
}

/** The package's own root (the folder holding package.json), from this module's location. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above the program files");
    dir = parent;
  }
  return dir;
}

export function sampleCheckoutRoot(): string {
  return path.join(packageRoot(), "references", "sample-checkout");
}
