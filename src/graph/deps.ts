import type { Catalog } from "../catalog/index.js";
import { catalogCacheDir, loadCatalogCached, locateCheckout } from "../catalog/index.js";
import type { LlmClient } from "../llm/index.js";
import { type IntentRules, loadIntentRules } from "../planner/intent-reader/index.js";
import { loadPlanningRules, type PlanningRules } from "../planner/rules/index.js";
import { loadMemoryFitData, type MemoryFitData } from "../validators/memory-fit/index.js";
import { type CommandRunner, spawnCommandRunner } from "./command-runner.js";
import type { Checkout } from "./state.js";

/**
 * Everything the graph's nodes use from the outside world, injected so tests
 * run without globals: the catalog loader, rule data, the clock, the process
 * environment that matters, and how dry-run commands are executed.
 */
export interface AgentDeps {
  catalogFor(root: string): Catalog;
  /** Where validated catalogs are cached between processes; undefined reads every checkout from source. */
  catalogCacheDir: string | undefined;
  intentRules(): IntentRules;
  planningRules(): PlanningRules;
  /** Model facts and step knobs for the per-GPU memory estimate (`references/`). */
  memoryFitData(): MemoryFitData;
  now(): Date;
  /** `PATH`, used to find `uv` for Verified dry-runs. */
  path: string | undefined;
  runCommand: CommandRunner;
  /** Re-plans allowed on one thread (revisions, answers, follow-ups). */
  maxReplans: number;
  /** The model client in LLM mode; undefined plans offline with the rules alone. */
  llm?: LlmClient | undefined;
  /** The checkout for a thread started without one (e.g. from a chat UI through the server). */
  defaultCheckout(): Checkout;
}

export function createAgentDeps(overrides: Partial<AgentDeps> = {}): AgentDeps {
  const catalogs = new Map<string, Catalog>();
  let intentRules: IntentRules | undefined;
  let planningRules: PlanningRules | undefined;
  let memoryFitData: MemoryFitData | undefined;
  const cacheDir =
    "catalogCacheDir" in overrides ? overrides.catalogCacheDir : catalogCacheDir(process.env);
  return {
    catalogFor(root) {
      let catalog = catalogs.get(root);
      if (!catalog) {
        catalog = loadCatalogCached(root, cacheDir);
        catalogs.set(root, catalog);
      }
      return catalog;
    },
    catalogCacheDir: cacheDir,
    intentRules() {
      intentRules ??= loadIntentRules();
      return intentRules;
    },
    planningRules() {
      planningRules ??= loadPlanningRules();
      return planningRules;
    },
    memoryFitData() {
      memoryFitData ??= loadMemoryFitData();
      return memoryFitData;
    },
    now: () => new Date(),
    path: process.env.PATH,
    runCommand: spawnCommandRunner,
    maxReplans: 6,
    defaultCheckout() {
      const location = locateCheckout({ envRepo: process.env.NEMOTRON_REPO, cwd: process.cwd() });
      const envFile = process.env.NEMOTRON_ENV_FILE;
      return { root: location.root, source: location.source, ...(envFile ? { envFile } : {}) };
    },
    ...overrides,
  };
}
