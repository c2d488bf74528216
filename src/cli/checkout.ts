import type { ArtifactGraph } from "../catalog/artifacts.js";
import {
  type CatalogIndex,
  catalogCacheDir,
  programVersion,
  readCatalogCache,
  writeCatalogCache,
} from "../catalog/catalog-cache.js";
import type { Catalog } from "../catalog/load.js";
import { type CheckoutLocation, locateCheckout } from "../catalog/locate-checkout.js";
import type { Checkout } from "../graph/state.js";
import type { Io } from "./io.js";

export interface GlobalOptions {
  repo?: string;
  offline?: boolean;
  model?: string;
  baseUrl?: string;
  outputMethod?: string;
  db?: string;
  json?: boolean;
  yes?: boolean;
  debug?: boolean;
}

/** Locate the checkout named by the global options; say on stderr when it is the bundled sample. */
export function findCheckout(
  options: GlobalOptions,
  io: Io,
  env: NodeJS.ProcessEnv,
): CheckoutLocation {
  const location = locateCheckout({
    repo: options.repo,
    envRepo: env.NEMOTRON_REPO,
    cwd: process.cwd(),
  });
  if (location.source === "sample") {
    io.err(
      "note: no --repo, $NEMOTRON_REPO or Nemotron checkout here; using the bundled sample checkout",
    );
  }
  return location;
}

/** The checkout a new thread works on: the located root plus `$NEMOTRON_ENV_FILE` when set. */
export function threadCheckout(options: GlobalOptions, io: Io, env: NodeJS.ProcessEnv): Checkout {
  const location = findCheckout(options, io, env);
  const envFile = env.NEMOTRON_ENV_FILE;
  return { root: location.root, source: location.source, ...(envFile ? { envFile } : {}) };
}

/** Load the full catalog (patterns, configs); this path loads the TOML parser and zod. */
export async function openCatalog(
  options: GlobalOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ catalog: Catalog; location: CheckoutLocation }> {
  const location = findCheckout(options, io, env);
  const { loadCatalog } = await import("../catalog/load.js");
  return { catalog: loadCatalog(location.root), location };
}

/**
 * Steps and artifact types only, from the user's cache when it matches the
 * checkout, else loaded (and validated) from source and cached for next time.
 */
export async function openCatalogIndex(
  options: GlobalOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ steps: CatalogIndex["steps"]; artifacts: ArtifactGraph }> {
  const location = findCheckout(options, io, env);
  const cacheDir = catalogCacheDir(env);
  const { fingerprint, index } = cacheDir
    ? readCatalogCache(location.root, cacheDir, programVersion())
    : { fingerprint: "", index: undefined };
  if (index) return index;
  const { loadCatalog } = await import("../catalog/load.js");
  const catalog = loadCatalog(location.root);
  if (cacheDir)
    writeCatalogCache(cacheDir, fingerprint, {
      root: catalog.root,
      steps: catalog.steps,
      artifacts: catalog.artifacts,
    });
  return catalog;
}
