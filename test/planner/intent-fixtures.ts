import { existsSync } from "node:fs";
import path from "node:path";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import type { Intent } from "../../src/planner/intent.js";
import { loadIntentRules, readIntent } from "../../src/planner/intent-reader/index.js";
import { hasSnapshot, SAMPLE, SNAPSHOT } from "../helpers/snapshot.js";

/** Whether the bundled sample checkout has been laid out. */
export const sampleReady = existsSync(path.join(SAMPLE, "src/nemotron/steps/types.toml"));

/** The real snapshot first, then the bundled sample checkout; each is skipped when absent. */
export const CATALOGS = [
  { name: "snapshot", root: SNAPSHOT, present: hasSnapshot },
  { name: "sample-checkout", root: SAMPLE, present: sampleReady },
];

/** One catalog to read against: the real snapshot, else the sample, else none. */
export const PREFERRED_ROOT = hasSnapshot ? SNAPSHOT : sampleReady ? SAMPLE : undefined;

/** Say which of `CATALOGS` is absent, so a skipped run is visible. */
export function warnAbsentCatalogs(what: string): void {
  for (const c of CATALOGS) {
    if (!c.present) console.warn(`[tests] ${c.root} is absent: ${what} on ${c.name} are skipped.`);
  }
}

export const NANO3 = "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16";
export const SUPER3 = "nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16";
export const LLAMA8B = "meta-llama/Llama-3.1-8B-Instruct";

/** A request and the parts of the Intent it must produce (checked with toMatchObject). */
export interface IntentCase {
  text: string;
  expect: Partial<Record<keyof Intent, unknown>>;
  /** Fields that must be absent from the Intent. */
  absent?: Array<keyof Intent>;
}

const loaded = new Map<string, Catalog>();
/** The catalog at `root`, loaded on first use and shared by every reader in the file. */
export function catalogAt(root: string): Catalog {
  const found = loaded.get(root) ?? loadCatalog(root);
  loaded.set(root, found);
  return found;
}

/**
 * `readIntent` with the bundled rules on the catalog at `root`; the catalog
 * loads on the first read, so a skipped block never touches a missing root.
 */
export function intentReader(root: string): (text: string, previous?: Intent) => Intent {
  const rules = loadIntentRules();
  return (text, previous) => readIntent(text, catalogAt(root), rules, previous);
}
