import type { Catalog } from "../catalog/index.js";
import { CatalogError } from "../catalog/index.js";

/** Longest slug kept from a plan name, so file names stay readable. */
const MAX_SLUG = 60;

/** `Super3 SFT (4 nodes)` → `super3_sft_4_nodes`: lower case, `[a-z0-9_-]`, never empty. */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/_{2,}/g, "_")
    .slice(0, MAX_SLUG)
    .replace(/^[_-]+|[_-]+$/g, "");
  return slug === "" ? "custom" : slug;
}

/**
 * Where a plan's new config for `stepId` goes, relative to the checkout root:
 * `<step dir>/config/<plan slug>.yaml`. A slug equal to a shipped config name
 * (`default`, `tiny`, …) gets a `_custom` suffix, then a number, so a shipped
 * file is never the target.
 */
export function configFileName(planName: string, stepId: string, catalog: Catalog): string {
  const step = catalog.step(stepId);
  if (!step) throw new CatalogError("src/nemotron/steps", `unknown step ${stepId}`);
  const shipped = new Set(step.configs.map((name) => name.toLowerCase()));
  const slug = slugify(planName);
  let name = slug;
  for (let n = 1; shipped.has(name); n++) name = n === 1 ? `${slug}_custom` : `${slug}_custom${n}`;
  return `${step.path}/config/${name}.yaml`;
}
