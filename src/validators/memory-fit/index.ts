import type { Catalog } from "../../catalog/index.js";
import type { PlanContext } from "../../planner/context.js";
import type { Hardware } from "../../planner/intent.js";
import type { MemoryFitRow } from "../../planner/memory-fit.js";
import type { ComposedPlan, Finding } from "../../planner/plan.js";
import type { PlanningRules } from "../../planner/rules/index.js";
import { asConcrete, type ConfiguredStage, effectiveValue } from "../../planner/stage-config.js";
import { info, warning } from "../finding.js";
import { type MemoryFitData, modelFacts } from "./data.js";
import { estimateMemory, verdictOf } from "./estimate.js";
import { fixLadder, ladderText } from "./ladder.js";
import { describeLayout, readLayout } from "./layout.js";

export {
  loadMemoryFitData,
  MEMORY_FIT_FILE,
  type MemoryFitData,
  MemoryFitDataError,
  MODEL_FACTS_FILE,
  modelFacts,
  parseMemoryFitData,
} from "./data.js";
export { estimateMemory, type Layout, type MemoryEstimate, verdictOf } from "./estimate.js";
export { bestLayout, fixLadder, type Rung } from "./ladder.js";
export { describeLayout, readLayout } from "./layout.js";

/** What one stage is estimated against. */
export interface FitTarget {
  catalog: Catalog;
  rules: PlanningRules;
  data: MemoryFitData;
  gpus: number;
  hardware: Hardware;
}

export interface StageFit {
  row: MemoryFitRow;
  /** The fix ladder, when the stage does not fit; empty otherwise. */
  ladder: string;
}

/** The model a stage trains: the plan's, else a concrete value of the step's model key. */
function stageModel(
  catalog: Catalog,
  rules: PlanningRules,
  stage: ConfiguredStage & { model?: string | undefined },
) {
  if (stage.model) return stage.model;
  const key = rules.steps[stage.step]?.keys.model;
  return key ? asConcrete(effectiveValue(catalog, stage, key)) : undefined;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Estimate one training stage on the target's GPUs. Undefined when the step
 * is not a training step the estimate knows, or the stage names no model.
 */
export function fitStage(
  target: FitTarget,
  stage: ConfiguredStage & { id: string; model?: string | undefined },
): StageFit | undefined {
  const fit = target.data.steps[stage.step];
  const model = stageModel(target.catalog, target.rules, stage);
  if (!fit || !model) return undefined;
  const { layout, assumptions, concepts } = readLayout(
    target.catalog,
    target.rules,
    fit,
    target.data.constants,
    stage,
    target.gpus,
  );
  const facts = modelFacts(target.data, model);
  const capacity = target.hardware.gpuMemoryGb;
  const estimate = facts
    ? estimateMemory(layout, facts, target.data.constants)
    : {
        parts: [],
        totalGb: 0,
        complete: false,
        unknown: [`facts for ${model} (not in references/models.yaml)`],
      };
  const verdict = facts ? verdictOf(estimate, capacity) : "unknown";
  const row: MemoryFitRow = {
    stage: stage.id,
    step: stage.step,
    model,
    mode: layout.lora ? "lora" : "full",
    layout: describeLayout(layout),
    estimateGb: round(estimate.totalGb),
    complete: estimate.complete,
    capacityGb: capacity ?? null,
    // A lower bound gives no headroom, only a verdict once it already exceeds memory.
    headroomGb:
      capacity === undefined || (!estimate.complete && verdict !== "does_not_fit")
        ? null
        : round(capacity - estimate.totalGb),
    verdict,
    parts: estimate.parts.map((p) => ({ name: p.name, gb: p.gb === null ? null : round(p.gb) })),
    unknown: estimate.unknown,
    assumptions,
  };
  if (verdict !== "does_not_fit" || !facts || capacity === undefined) return { row, ladder: "" };
  const step = target.catalog.step(stage.step);
  const smallerModels = (step?.models ?? [])
    .filter((m) => m.name.toLowerCase() !== model.toLowerCase())
    .map((m) => ({ name: m.name, facts: modelFacts(target.data, m.name) }))
    .filter((m): m is { name: string; facts: NonNullable<typeof facts> } => m.facts !== undefined)
    .filter((m) => (m.facts.totalParamsB ?? Infinity) < (facts.totalParamsB ?? 0))
    .sort((a, b) => (b.facts.totalParamsB ?? 0) - (a.facts.totalParamsB ?? 0));
  const rungs = fixLadder({
    layout,
    facts,
    constants: target.data.constants,
    capacityGb: capacity,
    concepts,
    fixes: fit.fixes,
    maxTp: target.rules.hardware.gpusPerNode,
    smallerModels,
  });
  return { row, ladder: ladderText(rungs, capacity) };
}

function gpuText(hardware: Hardware, capacity: number) {
  return `${capacity} GB${hardware.gpuType ? ` ${hardware.gpuType}` : ""} GPUs`;
}

function breakdown(row: MemoryFitRow): string {
  return row.parts
    .filter((p) => p.gb === null || p.gb >= 0.05)
    .map((p) => `${p.name} ${p.gb === null ? "unknown" : p.gb.toFixed(1)}`)
    .join(", ");
}

/** The finding for a stage's estimate: a WARNING with the ladder when it does not fit. */
export function memoryFinding(fit: StageFit, hardware: Hardware): Finding | undefined {
  const { row } = fit;
  const mode = row.mode === "lora" ? "LoRA" : "full";
  if (row.verdict === "does_not_fit" && row.capacityGb !== null) {
    const bound = row.complete ? "about" : "at least";
    return warning(
      "memory_fit",
      `${row.model} (${mode}) needs ${bound} ${row.estimateGb.toFixed(1)} GB per GPU on ${gpuText(hardware, row.capacityGb)} with ${row.layout} (${breakdown(row)}); it does not fit.`,
      fit.ladder
        ? `Try, in order: ${fit.ladder}.`
        : "Plan GPUs with more memory, or a smaller model.",
      row.stage,
    );
  }
  if (!row.complete && row.unknown.length > 0) {
    return info(
      "memory_unknown",
      `${row.stage}: the memory estimate for ${row.model} is incomplete: ${row.unknown.join(", ")} unknown.`,
      "Measure peak memory with a short run of the step's tiny config before the full run.",
      row.stage,
    );
  }
  return undefined;
}

/** Estimate every training stage of a plan on the request's GPUs; no rows without a GPU count. */
export function checkMemoryFit(
  { draft, facts }: ComposedPlan,
  ctx: PlanContext,
  rules: PlanningRules,
  data: MemoryFitData,
): { rows: MemoryFitRow[]; findings: Finding[] } {
  const { gpus } = facts;
  if (gpus === undefined) return { rows: [], findings: [] };
  const hardware = ctx.intent.hardware;
  const target: FitTarget = { catalog: ctx.catalog, rules, data, gpus, hardware };
  const rows: MemoryFitRow[] = [];
  const findings: Finding[] = [];
  for (const stage of draft.stages) {
    const fit = fitStage(target, stage);
    if (!fit) continue;
    rows.push(fit.row);
    const finding = memoryFinding(fit, hardware);
    if (finding) findings.push(finding);
  }
  return { rows, findings };
}
export { modesOf, stepStage, type TrainingMode } from "./step-stage.js";
