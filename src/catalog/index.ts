export { ArtifactGraph, consumersOf, producersOf } from "./artifacts.js";
export {
  catalogUnchanged,
  type KeyedCatalog,
  loadCatalogCached,
  loadCatalogKeyed,
} from "./cached-catalog.js";
export { catalogCacheDir } from "./catalog-cache.js";
export { CatalogError } from "./errors.js";
export { Catalog, loadCatalog } from "./load.js";
export {
  type CheckoutLocation,
  type CheckoutSource,
  locateCheckout,
  packageRoot,
  sampleCheckoutRoot,
} from "./locate-checkout.js";
export { onFirstUse } from "./on-first-use.js";
export {
  checkYamlData,
  parseTomlText,
  parseYamlText,
  parseYamlWith,
  readYamlData,
  type YamlData,
} from "./parse.js";
export { isCheckout, STEPS_DIR, toPosix } from "./paths.js";
export { CONTEXT_INDEX } from "./patterns.js";
export { MAX_CHECKOUT_FILE_BYTES, readRegularFile } from "./read-file.js";
export * from "./schema.js";
