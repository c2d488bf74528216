import type { Catalog } from "../catalog/index.js";
import type { Finding } from "../planner/plan.js";

/** A step the catalog could not read is named, never dropped without a word. */
export function checkCatalogEntries(catalog: Catalog): Finding[] {
  return catalog.unreadable.map((entry) => ({
    level: "warning",
    code: "step_unreadable",
    message: `${entry}.`,
    fix: "Replace the link or file with a regular step folder holding a regular step.toml.",
  }));
}
