import type { z } from "zod";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import type { EnvProfiles, PlanContext } from "../../src/planner/context.js";
import { IntentSchema } from "../../src/planner/intent.js";
import type { PlanDraft } from "../../src/planner/plan.js";
import { type ParamValue, type Stage, StageSchema } from "../../src/planner/plan.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

export type IntentInput = Partial<z.input<typeof IntentSchema>>;

/** How one test file's hand-built plans differ from another's. */
export interface PlanFixtureOptions {
  /** The draft's plan name. */
  name: string;
  /** Prefix of each stage's config file name (`<prefix>_<stage id>.yaml`). */
  configPrefix: string;
  /** Route of the intent when a test gives none. */
  route: z.input<typeof IntentSchema>["route"];
  /** Give each stage its step's first strategy (renderers show it; commands ignore it). */
  firstStrategy: boolean;
}

export interface PlanFixtures {
  /** A schema-valid stage for a real catalog step; inputs come from `user` unless mapped. */
  stageOf(
    catalog: Catalog,
    step: string,
    index: number,
    params?: Record<string, ParamValue>,
    from?: Record<string, string>,
  ): Stage;
  draftOf(route: PlanDraft["route"], stages: Stage[], extra?: Partial<PlanDraft>): PlanDraft;
  ctxOf(catalog: Catalog, intent: IntentInput, profiles?: EnvProfiles | null): PlanContext;
}

/** Builders of stages, drafts and planning contexts, bypassing the composer. */
export function planFixtures(options: PlanFixtureOptions): PlanFixtures {
  return {
    stageOf(catalog, step, index, params = {}, from = {}) {
      const manifest = catalog.step(step);
      if (!manifest) throw new Error(`no step ${step} in the catalog`);
      const id = `${String(index).padStart(2, "0")}_${step.split("/").at(-1)}`;
      return StageSchema.parse({
        id,
        step,
        consumes: manifest.consumes
          .filter((c) => c.required || from[c.type])
          .map((c) => ({ type: c.type, from: from[c.type] ?? "user", required: c.required })),
        produces: manifest.produces.filter((p) => p.required).map((p) => ({ type: p.type })),
        params,
        strategies: options.firstStrategy ? manifest.strategies.slice(0, 1).map((s) => s.when) : [],
        patterns: [],
        baseConfig: "default",
        configPath: `${manifest.path}/config/${options.configPrefix}_${id}.yaml`,
      });
    },
    draftOf(route, stages, extra = {}) {
      return {
        name: options.name,
        route,
        stages,
        findings: [],
        requiredInputs: [],
        infrastructure: [],
        ...extra,
      };
    },
    ctxOf(catalog, intent, profiles = null) {
      return {
        catalog,
        catalogSource: "cwd",
        intent: IntentSchema.parse({ route: options.route, ...intent }),
        profiles,
      };
    },
  };
}

/**
 * The real catalog for a `describe.skipIf(!hasSnapshot)` block: loaded once
 * when the snapshot is present; the getter throws if a skipped test reaches it.
 */
export function snapshotCatalog(): () => Catalog {
  const catalog = hasSnapshot ? loadCatalog(SNAPSHOT) : undefined;
  return () => {
    if (!catalog) throw new Error("snapshot not loaded");
    return catalog;
  };
}

/** The `## ` headings of a rendered answer, in order. */
export function sections(markdown: string): string[] {
  return [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1] ?? "");
}
