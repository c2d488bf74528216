import type { Catalog } from "../../catalog/index.js";
import { parallelShape } from "../../planner/parallel.js";
import type { ConceptKeys, PlanningRules } from "../../planner/rules/index.js";
import { asNumber, type ConfiguredStage, effectiveValue } from "../../planner/stage-config.js";
import type { MemoryFitConstants, StepFit } from "./data.js";
import type { Layout } from "./estimate.js";

/** A stage's layout, plus the values it took from recipe defaults rather than a config. */
export interface StageLayout {
  layout: Layout;
  assumptions: string[];
  /** The planning rules' concept keys of the step (tp, pp, cp, ep, LoRA switch). */
  concepts: ConceptKeys;
}

/** The value a stage runs with: the plan's, the shipped config's, else the manifest default. */
function runValue(catalog: Catalog, stage: ConfiguredStage, key: string | undefined): unknown {
  if (!key) return undefined;
  const value = effectiveValue(catalog, stage, key);
  if (value !== undefined) return value;
  return catalog.step(stage.step)?.parameters.find((p) => p.name === key)?.default;
}

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === "true";
  return undefined;
}

const positive = (n: number | undefined) => (n !== undefined && n >= 1 ? Math.floor(n) : undefined);

/** LoRA is on when the step only trains adapters, or its LoRA key holds the `on` value. */
function loraOn(catalog: Catalog, stage: ConfiguredStage, fit: StepFit, concepts: ConceptKeys) {
  if (fit.lora === "always") return true;
  const lora = concepts.lora;
  if (!lora) return false;
  const value = runValue(catalog, stage, lora.key);
  return value !== undefined && value !== null && String(value) === String(lora.on);
}

/** Read the layout a stage runs with on `gpus` GPUs from the plan, the shipped config and the data. */
export function readLayout(
  catalog: Catalog,
  rules: PlanningRules,
  fit: StepFit,
  constants: MemoryFitConstants,
  stage: ConfiguredStage,
  gpus: number,
): StageLayout {
  const concepts = rules.steps[stage.step]?.keys ?? { tokenizer: [], seqLength: [] };
  const assumptions: string[] = [];
  const read = (key: string | undefined) => runValue(catalog, stage, key);
  const shape = parallelShape(catalog, stage, concepts, gpus);
  const epKey = concepts.ep ?? fit.keys.ep;
  const epValue = positive(asNumber(read(epKey)));
  const ep = epValue ?? (fit.unknownWhenAbsent.includes("ep") ? null : 1);

  let seqLength: number | undefined;
  for (const key of concepts.seqLength) {
    seqLength = positive(asNumber(read(key)));
    if (seqLength !== undefined) break;
  }
  if (seqLength === undefined) {
    seqLength = constants.assumedSeqLength;
    assumptions.push(`sequence length ${seqLength} (no key caps it)`);
  }

  const recomputeValue = read(fit.keys.recompute);
  const recompute =
    recomputeValue === true || (typeof recomputeValue === "string" && recomputeValue === "full");

  const lora = loraOn(catalog, stage, fit, concepts);
  let distributedOptimizer = asBoolean(read(fit.keys.distributedOptimizer));
  if (distributedOptimizer === undefined) {
    distributedOptimizer = fit.defaults.distributedOptimizer ?? false;
    // A frozen LoRA base has no optimizer state, so the default matters for full training only.
    if (fit.engine === "megatron" && !lora)
      assumptions.push(
        `distributed optimizer ${distributedOptimizer ? "on" : "off"} (recipe default)`,
      );
  }

  const rankValue = positive(asNumber(read(fit.keys.loraRank)));
  const loraRank = rankValue ?? fit.defaults.loraRank ?? 16;
  const targetsValue = read(fit.keys.loraTargets);
  const loraTargets = Array.isArray(targetsValue)
    ? Math.max(1, targetsValue.length)
    : (fit.defaults.loraTargets ?? 4);
  if (lora && rankValue === undefined) assumptions.push(`LoRA rank ${loraRank} (recipe default)`);

  const dtypeValue = read(fit.keys.dtype);
  const dtype = typeof dtypeValue === "string" ? dtypeValue : (fit.defaults.dtype ?? "bfloat16");
  const residentBytes = constants.dtypeBytes[dtype.replace(/^torch\./, "").toLowerCase()];
  if (residentBytes === undefined)
    assumptions.push(`weights held as fp32 (dtype ${dtype} not known)`);

  const microBatch = positive(asNumber(read(fit.keys.microBatch))) ?? 1;
  const dp = shape.dp;
  const microBatchesPerStep =
    shape.globalBatch !== undefined && dp !== undefined
      ? Math.max(1, Math.floor(shape.globalBatch / (dp * microBatch)))
      : undefined;

  const layout: Layout = {
    engine: fit.engine,
    gpus,
    tp: shape.tp,
    pp: shape.pp,
    cp: shape.cp,
    ep,
    etp: positive(asNumber(read(fit.keys.etp))) ?? 1,
    sequenceParallel: asBoolean(read(fit.keys.sequenceParallel)) ?? false,
    microBatch,
    seqLength,
    recompute,
    distributedOptimizer,
    lora,
    loraRank,
    loraTargets,
    residentBytes: residentBytes ?? 4,
    sequencesPerSample: fit.sequencesPerSample,
    microBatchesPerStep,
  };
  return { layout, assumptions, concepts };
}

/** The layout in words, for the plan row and the warning. */
export function describeLayout(layout: Layout): string {
  const dp = layout.gpus / (layout.tp * layout.pp * layout.cp);
  const parts = [
    `tp${layout.tp} pp${layout.pp} cp${layout.cp} ep${layout.ep ?? "?"}${layout.etp > 1 ? ` etp${layout.etp}` : ""} dp${Number.isInteger(dp) ? dp : dp.toFixed(2)}`,
    `mbs ${layout.microBatch}`,
    `seq ${layout.seqLength}`,
    layout.recompute ? "recompute" : "no recompute",
  ];
  if (layout.engine === "megatron" && !layout.lora)
    parts.push(layout.distributedOptimizer ? "dist. optimizer" : "no dist. optimizer");
  if (layout.lora) parts.push(`LoRA r${layout.loraRank}`);
  return parts.join(", ");
}
