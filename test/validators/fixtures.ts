import type { z } from "zod";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import { composePlan } from "../../src/planner/compose/index.js";
import type { PlanContext } from "../../src/planner/context.js";
import { type DataSchema, IntentSchema, type ModelRefSchema } from "../../src/planner/intent.js";
import type { ComposedPlan, Finding, PlanDraft, Stage } from "../../src/planner/plan.js";
import { loadPlanningRules } from "../../src/planner/rules/index.js";
import { checkPlan } from "../../src/validators/index.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

export type IntentInput = z.input<typeof IntentSchema>;
type ModelInput = z.input<typeof ModelRefSchema>;
type DataInput = z.input<typeof DataSchema>;

/** The real catalog, loaded once per test file (undefined when the snapshot is absent). */
export const catalog: Catalog | undefined = hasSnapshot ? loadCatalog(SNAPSHOT) : undefined;
export const rules = loadPlanningRules();

export function requireCatalog(): Catalog {
  if (!catalog) throw new Error("the snapshot catalog is not available");
  return catalog;
}

export const NANO3: ModelInput = {
  name: "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16",
  alias: "Nano3",
  format: "hf",
  inCatalog: true,
};
export const SUPER3: ModelInput = {
  name: "nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16",
  alias: "Super3",
  format: "hf",
  inCatalog: true,
};
export const LLAMA: ModelInput = {
  name: "meta-llama/Llama-3.1-8B-Instruct",
  format: "hf",
  inCatalog: true,
};
export const CHAT_DATA: DataInput = {
  paths: ["/data/chat/*.jsonl"],
  format: "jsonl",
  kind: "chat",
};

export function contextFor(intent: Partial<IntentInput>): PlanContext {
  return {
    catalog: requireCatalog(),
    catalogSource: "flag",
    intent: IntentSchema.parse({ route: "pipeline", ...intent }),
    profiles: null,
  };
}

export interface Planned {
  ctx: PlanContext;
  draft: PlanDraft;
  /** The draft with the facts the hard checks judge it against. */
  composed: ComposedPlan;
  /** Composition findings plus every hard check. */
  findings: Finding[];
  steps: string[];
  stage(step: string): Stage;
}

export function plan(intent: Partial<IntentInput>): Planned {
  const ctx = contextFor(intent);
  const composed = composePlan(ctx, rules);
  const { draft } = composed;
  const findings = [...draft.findings, ...checkPlan(composed, ctx, rules)];
  return {
    ctx,
    composed,
    draft,
    findings,
    steps: draft.stages.map((s) => s.step),
    stage(step) {
      const found = draft.stages.find((s) => s.step === step);
      if (!found)
        throw new Error(
          `no stage runs ${step}; stages: ${draft.stages.map((s) => s.step).join(", ")}`,
        );
      return found;
    },
  };
}

/** A stage record for hand-built drafts (validators are tested on plans the composer would not make). */
export function stage(partial: Partial<Stage> & Pick<Stage, "id" | "step">): Stage {
  const step = requireCatalog().step(partial.step);
  return {
    consumes: [],
    produces: step ? step.produces.filter((p) => p.required).map((p) => ({ type: p.type })) : [],
    params: {},
    strategies: [],
    patterns: [],
    baseConfig: "default",
    configPath: `${step?.path ?? partial.step}/config/test-plan.yaml`,
    ...partial,
  };
}

/** A hand-built draft on a GPU count, with no hardware heuristic holding. */
export function composedOf(stages: Stage[], gpus: number | undefined): ComposedPlan {
  return { draft: draftOf(stages), facts: { gpus, heuristics: [] } };
}

export function draftOf(stages: Stage[]): PlanDraft {
  return {
    name: "test-plan",
    route: "pipeline",
    stages,
    findings: [],
    requiredInputs: [],
    infrastructure: [],
  };
}
