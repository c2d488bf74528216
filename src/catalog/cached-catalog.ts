import path from "node:path";
import {
  fingerprintCheckout,
  programVersion,
  readCatalogCache,
  writeCatalogCache,
} from "./catalog-cache.js";
import { configStoreBuild, openConfigStore } from "./config-cache.js";
import { Catalog, loadCatalog } from "./load.js";

/** A catalog and the fingerprint of the checkout it was read from (taken before reading). */
export interface KeyedCatalog {
  catalog: Catalog;
  fingerprint: string;
}

/**
 * Whether the checkout at `root` still has the fingerprint `known`: one stat
 * per probe while the tree has settled, the same check the cache makes.
 */
export function catalogUnchanged(root: string, known: string): boolean {
  return fingerprintCheckout(path.resolve(root), programVersion()) === known;
}

/**
 * The catalog of `root` from the validated cache in `cacheDir` when it matches
 * the checkout, else loaded from source and cached; no `cacheDir`, no cache.
 * Pattern ids are cached too, so planning reads no pattern file until one is
 * shown, and so is the plain data of each shipped config planning reads.
 */
export function loadCatalogCached(checkout: string, cacheDir: string | undefined): Catalog {
  return loadCatalogKeyed(checkout, cacheDir).catalog;
}

/**
 * `loadCatalogCached` with the fingerprint it checked the cache against, so a
 * long-lived caller can tell later whether the checkout changed without
 * listing the tree a second time.
 */
export function loadCatalogKeyed(checkout: string, cacheDir: string | undefined): KeyedCatalog {
  const root = path.resolve(checkout);
  if (!cacheDir) {
    // Taken before reading: an edit made while the catalog loads shows as a change next time.
    const fingerprint = fingerprintCheckout(root, programVersion());
    return { catalog: loadCatalog(root), fingerprint };
  }
  const { fingerprint, index: cached } = readCatalogCache(root, cacheDir, programVersion());
  const configStore = openConfigStore(cacheDir, root, configStoreBuild(programVersion()));
  if (cached?.patternIds) {
    const catalog = new Catalog(cached.root, cached.steps, cached.artifacts, {
      patternIds: cached.patternIds,
      configStore,
    });
    return { catalog, fingerprint };
  }
  const catalog = cached
    ? new Catalog(cached.root, cached.steps, cached.artifacts, { configStore })
    : loadCatalog(root, configStore);
  // A catalog with unreadable entries is not cached: its warnings come from reading the tree.
  if (catalog.unreadable.length > 0) return { catalog, fingerprint };
  writeCatalogCache(cacheDir, fingerprint, {
    root: catalog.root,
    steps: catalog.steps,
    artifacts: catalog.artifacts,
    patternIds: patternIdsOrUndefined(catalog),
  });
  return { catalog, fingerprint };
}

/** A pattern file that does not validate is reported when the plan first needs it, as without a cache. */
function patternIdsOrUndefined(catalog: Catalog): readonly string[] | undefined {
  try {
    return catalog.patternIds;
  } catch {
    return undefined;
  }
}
