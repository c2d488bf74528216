import type { Engine, MemoryFitConstants, ModelFacts } from "./data.js";

/** How one training stage runs on its GPUs: everything the estimate depends on. */
export interface Layout {
  engine: Engine;
  gpus: number;
  tp: number;
  pp: number;
  cp: number;
  /** Expert parallel size; null when the recipe sets it and the config does not say. */
  ep: number | null;
  etp: number;
  sequenceParallel: boolean;
  microBatch: number;
  seqLength: number;
  /** Full activation recomputation (activation checkpointing). */
  recompute: boolean;
  distributedOptimizer: boolean;
  lora: boolean;
  loraRank: number;
  /** Adapted projections per layer. */
  loraTargets: number;
  /** Bytes per weight as the framework holds it (FSDP); Megatron uses its engine constants. */
  residentBytes: number;
  /** Sequences in one sample (2 for a chosen/rejected preference pair). */
  sequencesPerSample: number;
  /** Micro batches per optimizer step on one data-parallel rank, when the global batch is known. */
  microBatchesPerStep?: number | undefined;
}

export interface MemoryPart {
  name:
    | "weights"
    | "gradients"
    | "optimizer"
    | "adapter"
    | "activations"
    | "logits"
    | "gather"
    | "reserve";
  /** GiB per GPU; null when a fact it needs is unknown. */
  gb: number | null;
}

export interface MemoryEstimate {
  parts: MemoryPart[];
  /** Sum of the known parts: the estimate when complete, a lower bound otherwise. */
  totalGb: number;
  complete: boolean;
  /** Facts the estimate lacked, in words. */
  unknown: string[];
}

const GIB = 2 ** 30;
const B = 1e9;

type Facts = Pick<
  ModelFacts,
  | "totalParamsB"
  | "activeParamsB"
  | "layers"
  | "hiddenSize"
  | "vocabSize"
  | "experts"
  | "expertsPerToken"
>;

/** Dense and routed-expert parameter counts; the skipped experts hold total - active. */
function paramSplit(facts: Facts): { dense: number; expert: number } | null {
  const total = facts.totalParamsB;
  if (total == null) return null;
  if (facts.experts === 0) return { dense: total * B, expert: 0 };
  const { experts, expertsPerToken: k, activeParamsB: active } = facts;
  if (experts == null || k == null || active == null || experts <= k) return null;
  const expert = Math.min(total, (experts * (total - active)) / (experts - k));
  return { dense: (total - expert) * B, expert: expert * B };
}

const known = (n: number | null | undefined): n is number => typeof n === "number" && n > 0;

/** Activation bytes per GPU kept for the backward pass, and the fp32 logits. */
function activationBytes(layout: Layout, facts: Facts, c: MemoryFitConstants) {
  const { layers, hiddenSize: h, vocabSize: vocab } = facts;
  const tokens = (layout.seqLength / layout.cp) * layout.microBatch * layout.sequencesPerSample;
  const a = c.activations;
  let activations: number | null = null;
  if (known(layers) && known(h)) {
    const sp = layout.sequenceParallel && layout.tp > 1;
    const split = sp ? layout.tp : 1;
    const perToken = sp
      ? a.perLayer / layout.tp
      : a.perLayer - a.tensorParallelShare + a.tensorParallelShare / layout.tp;
    const routed =
      (facts.experts ?? 0) > 0 ? (a.routedCopies * (facts.expertsPerToken ?? 0)) / split : 0;
    const fullLayer = tokens * h * (perToken + routed);
    // 1F1B: the first pipeline stage holds up to pp micro batches of its layers.
    const inFlight = Math.min(layout.pp, layout.microBatchesPerStep ?? layout.pp);
    const stored = (layers / layout.pp) * Math.max(1, inFlight);
    const checkpoint = (tokens * h * a.checkpointed) / split;
    activations =
      layout.recompute && stored >= 1 ? (stored - 1) * checkpoint + fullLayer : stored * fullLayer;
  }
  const logits = known(vocab) ? (tokens * vocab * a.logits) / layout.tp : null;
  return { activations, logits };
}

function adapterBytes(layout: Layout, facts: Facts, c: MemoryFitConstants, shards: number) {
  const { layers, hiddenSize: h } = facts;
  if (!known(layers) || !known(h)) return null;
  const params = layout.loraRank * 2 * h * layout.loraTargets * layers;
  return (params * c.adapterBytesPerParam) / shards;
}

interface ModelState {
  weights: number;
  gradients: number;
  optimizer: number;
  /** Gathered full-layer weights (FSDP only); null when a fact it needs is unknown. */
  gather?: number | null;
}

/** Weights, gradients and optimizer state under Megatron-Core (TP/PP/EP split, distributed optimizer). */
function megatronState(layout: Layout, facts: Facts, c: MemoryFitConstants): ModelState | null {
  const e = c.engines.megatron;
  const split = paramSplit(facts);
  const ep = split && split.expert === 0 ? 1 : layout.ep;
  if (!split || ep === null) return null;
  const dense = split.dense / (layout.tp * layout.pp);
  const expert = split.expert / (ep * layout.etp * layout.pp);
  const denseShards = Math.max(1, Math.floor(layout.gpus / (layout.tp * layout.pp)));
  const expertShards = Math.max(1, Math.floor(layout.gpus / (ep * layout.etp * layout.pp)));
  const shard = (n: number) => (layout.distributedOptimizer ? n : 1);
  const local = dense + expert;
  return {
    weights: local * e.weightBytes,
    gradients: layout.lora ? 0 : local * e.gradBytes,
    optimizer: layout.lora
      ? 0
      : (dense * e.optimizerBytes) / shard(denseShards) +
        (expert * e.optimizerBytes) / shard(expertShards),
  };
}

/** FSDP shards everything over all ranks and gathers a few layers' full weights while computing. */
function fsdpState(layout: Layout, facts: Facts, c: MemoryFitConstants): ModelState | null {
  const total = facts.totalParamsB;
  if (total == null) return null;
  const local = (total * B) / layout.gpus;
  const bytes = layout.residentBytes;
  const split = paramSplit(facts);
  const { layers, hiddenSize: h, vocabSize: vocab } = facts;
  let gather: number | null = null;
  if (split && known(layers) && known(h) && known(vocab)) {
    const ep = layout.ep ?? 1;
    const layer = split.dense / layers / layout.tp + split.expert / layers / ep;
    gather = (c.engines.fsdp.gatheredLayers * layer + vocab * h) * c.engines.fsdp.gatherBytes;
  }
  return {
    weights: local * bytes,
    gradients: layout.lora ? 0 : local * bytes,
    // torch.optim AdamW keeps two moments in the weights' dtype.
    optimizer: layout.lora ? 0 : local * 2 * bytes,
    gather,
  };
}

/** Per-GPU memory of one training stage; pure. */
export function estimateMemory(
  layout: Layout,
  facts: Facts,
  c: MemoryFitConstants,
): MemoryEstimate {
  const unknown = new Set<string>();
  if (facts.totalParamsB == null) unknown.add("total parameter count");
  if (!known(facts.layers)) unknown.add("layer count");
  if (!known(facts.hiddenSize)) unknown.add("hidden size");
  if (!known(facts.vocabSize)) unknown.add("vocabulary size");
  if (facts.experts == null) unknown.add("expert count");
  else if (facts.experts > 0 && (facts.expertsPerToken == null || facts.activeParamsB == null))
    unknown.add("active parameters and experts per token");
  const moe = (facts.experts ?? 1) > 0;
  if (layout.engine === "megatron" && moe && layout.ep === null)
    unknown.add("expert parallel size (set by the recipe, not the config)");

  const parts: MemoryPart[] = [];
  const add = (name: MemoryPart["name"], bytes: number | null | undefined) => {
    if (bytes === undefined) return;
    parts.push({ name, gb: bytes === null ? null : bytes / GIB });
  };
  const state =
    layout.engine === "megatron" ? megatronState(layout, facts, c) : fsdpState(layout, facts, c);
  add("weights", state?.weights ?? null);
  if (!layout.lora) {
    add("gradients", state?.gradients ?? null);
    add("optimizer", state?.optimizer ?? null);
  } else {
    const shards = layout.engine === "megatron" ? layout.tp : layout.gpus;
    add("adapter", adapterBytes(layout, facts, c, shards));
  }
  if (layout.engine === "fsdp") add("gather", state ? state.gather : null);
  const { activations, logits } = activationBytes(layout, facts, c);
  add("activations", activations);
  add("logits", logits);
  const allocated = parts.reduce((sum, p) => sum + (p.gb ?? 0), 0);
  parts.push({ name: "reserve", gb: c.runtimeReserveGb + allocated * c.allocatorSlack });
  const complete = parts.every((p) => p.gb !== null);
  return {
    parts,
    totalGb: parts.reduce((sum, p) => sum + (p.gb ?? 0), 0),
    complete,
    unknown: complete ? [] : [...unknown],
  };
}

export type Verdict = "fits" | "does_not_fit" | "unknown";

/** Fits only when complete and within memory; a lower bound above memory already does not fit. */
export function verdictOf(estimate: MemoryEstimate, capacityGb: number | undefined): Verdict {
  if (capacityGb === undefined) return "unknown";
  if (estimate.totalGb > capacityGb) return "does_not_fit";
  return estimate.complete ? "fits" : "unknown";
}
