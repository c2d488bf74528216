import type { Catalog } from "../../catalog/index.js";
import type { CatalogIndex } from "./catalog-index.js";
import type { Hit } from "./matcher.js";
import type { IntentRules } from "./rules.js";

/**
 * The request text plus a working copy in which consumed spans (paths, URLs,
 * overrides, secrets, model names ...) are blanked out, so later extractors
 * never re-read them. Blanking keeps offsets aligned with the original.
 */
export class Scan {
  private readonly units: string[];
  private cached: string;
  private dirty = false;

  constructor(readonly original: string) {
    this.units = original.split("");
    this.cached = original;
  }

  /** The text with every masked span blanked (joined lazily: masking is frequent, reading is not). */
  get text(): string {
    if (this.dirty) {
      this.cached = this.units.join("");
      this.dirty = false;
    }
    return this.cached;
  }

  mask(start: number, end: number): void {
    for (let i = Math.max(0, start); i < Math.min(end, this.units.length); i++) this.units[i] = " ";
    if (end > start) this.dirty = true;
  }

  maskAll(hits: readonly Hit[]): void {
    for (const hit of hits) this.mask(hit.start, hit.end);
  }
}

/** What every extractor receives. */
export interface ReadContext {
  rules: IntentRules;
  catalog: Catalog;
  index: CatalogIndex;
  scan: Scan;
}
