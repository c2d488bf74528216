import { type CommandRunner, findSecretValues, spawnCommandRunner } from "../act/index.js";
import type { Catalog, KeyedCatalog } from "../catalog/index.js";
import {
  catalogCacheDir,
  catalogUnchanged,
  loadCatalogKeyed,
  locateCheckout,
} from "../catalog/index.js";
import type * as ExplorerModule from "../explorer/index.js";
import type { LlmClient } from "../llm/index.js";
import { type IntentRules, loadIntentRules } from "../planner/intent-reader/index.js";
import { loadPlanningRules, type PlanningRules } from "../planner/rules/index.js";
import type { KnownSecrets } from "../secrets/index.js";
import { loadMemoryFitData, type MemoryFitData } from "../validators/memory-fit/index.js";
import type { Checkout } from "./state.js";

/** The Explorer functions the graph calls (previewing at plan time, writing after approval). */
export type ExplorerApi = Pick<typeof ExplorerModule, "previewScaffold" | "writeScaffold">;

/**
 * Everything the graph's nodes use from the outside world, injected so tests
 * run without globals: the catalog loader, rule data, the model, the Explorer,
 * the clock, the process environment that matters, and how dry-runs execute.
 */
export interface AgentDeps {
  /** The catalog of a checkout, reloaded when its manifests or config listings change. */
  catalogFor(root: string): Catalog;
  /** Where validated catalogs are cached between processes; undefined reads every checkout from source. */
  catalogCacheDir: string | undefined;
  intentRules(): IntentRules;
  planningRules(): PlanningRules;
  /** Model facts and step knobs for the per-GPU memory estimate (`references/`). */
  memoryFitData(): MemoryFitData;
  /** The model client in LLM mode; undefined plans offline with the rules alone. */
  llm(): Promise<LlmClient | undefined>;
  explorer(): Promise<ExplorerApi>;
  /** The literal secret values of a checkout's env files, as a filter for all text sent out. */
  secretsFor(checkout: Checkout): KnownSecrets;
  now(): Date;
  /** `PATH`, used to find `uv` for Verified dry-runs. */
  path: string | undefined;
  runCommand: CommandRunner;
  /** Re-plans allowed on one thread (revisions, answers, follow-ups). */
  maxReplans: number;
  /** The checkout for a new thread: `repo` from the run's input, else the environment's default. */
  checkoutFor(repo: string | undefined): Checkout;
}

export function createAgentDeps(overrides: Partial<AgentDeps> = {}): AgentDeps {
  const catalogs = new Map<string, KeyedCatalog>();
  let intentRules: IntentRules | undefined;
  let planningRules: PlanningRules | undefined;
  let memoryFitData: MemoryFitData | undefined;
  const cacheDir =
    "catalogCacheDir" in overrides ? overrides.catalogCacheDir : catalogCacheDir(process.env);
  const deps: AgentDeps = {
    catalogFor(root) {
      // A long-lived server notices a changed checkout; the cache spares the parse when unchanged.
      const known = catalogs.get(root);
      if (known && catalogUnchanged(root, known.fingerprint)) return known.catalog;
      const loaded = loadCatalogKeyed(root, cacheDir);
      catalogs.set(root, loaded);
      return loaded.catalog;
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
    llm: async () => undefined,
    // Only Explorer routes need the scaffold builder: offline catalog plans never load it.
    explorer: () => import("../explorer/index.js"),
    secretsFor: (checkout) => ({ values: findSecretValues(checkout.root, checkout.envFile) }),
    now: () => new Date(),
    path: process.env.PATH,
    runCommand: spawnCommandRunner,
    maxReplans: 6,
    checkoutFor(repo) {
      const location = locateCheckout({
        repo,
        envRepo: process.env.NEMOTRON_REPO,
        cwd: process.cwd(),
      });
      const envFile = process.env.NEMOTRON_ENV_FILE;
      return { root: location.root, source: location.source, ...(envFile ? { envFile } : {}) };
    },
    ...overrides,
  };
  return deps;
}

/**
 * The model the environment configures, with the CLI's rules
 * (`NEMOTRON_CUSTOMIZE_BASE_URL`, `NEMOTRON_CUSTOMIZE_MODEL`, `NVIDIA_API_KEY`,
 * …): undefined (offline) only when none is set. Opened once, on first use.
 */
export function modelFromEnv(env: NodeJS.ProcessEnv): () => Promise<LlmClient | undefined> {
  let client: Promise<LlmClient | undefined> | undefined;
  return () => {
    client ??= (async () => {
      const { openLlmClient, resolveModelConfig } = await import("../llm/model-factory.js");
      const config = resolveModelConfig({ flags: {}, env });
      return config.mode === "offline" ? undefined : openLlmClient(config, env);
    })();
    return client;
  };
}
