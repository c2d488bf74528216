import path from "node:path";
import { programVersion, readCatalogCache, writeCatalogCache } from "./catalog-cache.js";
import { Catalog, loadCatalog } from "./load.js";

/**
 * The catalog of `root` from the validated cache in `cacheDir` when it matches
 * the checkout, else loaded from source and cached; no `cacheDir`, no cache.
 * Pattern ids are cached too, so planning reads no pattern file until one is shown.
 */
export function loadCatalogCached(checkout: string, cacheDir: string | undefined): Catalog {
  const root = path.resolve(checkout);
  if (!cacheDir) return loadCatalog(root);
  const { fingerprint, index: cached } = readCatalogCache(root, cacheDir, programVersion());
  if (cached?.patternIds) {
    return new Catalog(cached.root, cached.steps, cached.artifacts, cached.patternIds);
  }
  const catalog = cached
    ? new Catalog(cached.root, cached.steps, cached.artifacts)
    : loadCatalog(root);
  // A catalog with unreadable entries is not cached: its warnings come from reading the tree.
  if (catalog.unreadable.length > 0) return catalog;
  writeCatalogCache(cacheDir, fingerprint, {
    root: catalog.root,
    steps: catalog.steps,
    artifacts: catalog.artifacts,
    patternIds: patternIdsOrUndefined(catalog),
  });
  return catalog;
}

/** A pattern file that does not validate is reported when the plan first needs it, as without a cache. */
function patternIdsOrUndefined(catalog: Catalog): readonly string[] | undefined {
  try {
    return catalog.patternIds;
  } catch {
    return undefined;
  }
}
