import type { ConceptKeys } from "../../planner/rules/index.js";
import type { FixKeys, MemoryFitConstants, ModelFacts } from "./data.js";
import { estimateMemory, type Layout, type MemoryEstimate, verdictOf } from "./estimate.js";
import { describeLayout } from "./layout.js";

/** One fix tried on the way to a layout that fits, with the estimate after it. */
export interface Rung {
  fix: string;
  layout: Layout;
  estimate: MemoryEstimate;
  fits: boolean;
}

export interface LadderInput {
  layout: Layout;
  facts: ModelFacts;
  constants: MemoryFitConstants;
  capacityGb: number;
  concepts: ConceptKeys;
  fixes: FixKeys;
  /** Largest tensor-parallel size worth trying (GPUs per node). */
  maxTp: number;
  /** Other models the step lists, with their facts, largest first. */
  smallerModels: ReadonlyArray<{ name: string; facts: ModelFacts }>;
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

function largestCommonDivisor(a: number, b: number): number {
  let [x, y] = [Math.floor(a), Math.floor(b)];
  while (y > 0) [x, y] = [y, x % y];
  return Math.max(1, x);
}

const gb = (n: number) => `${n.toFixed(1)} GB`;

/**
 * The smallest-memory layout reachable by changing only the parallel sizes
 * that have config keys, keeping the GPU count and context parallelism.
 */
export function bestLayout(input: LadderInput, base: Layout): Layout {
  const { concepts, fixes, facts, constants } = input;
  const moe = (facts.experts ?? 0) > 0;
  const tps = concepts.tp ? divisors(base.gpus).filter((t) => t <= input.maxTp) : [base.tp];
  let best = base;
  let bestGb = estimateMemory(base, facts, constants).totalGb;
  for (const tp of tps) {
    if ((base.gpus / base.cp) % tp !== 0) continue;
    const pps = concepts.pp ? divisors(base.gpus / (tp * base.cp)) : [base.pp];
    for (const pp of pps) {
      if (base.gpus % (tp * pp * base.cp) !== 0) continue;
      const perStage = base.gpus / pp;
      const canEp = moe && base.ep !== null && (concepts.ep || fixes.ep);
      // Memory never grows with expert parallelism, so the largest valid size is the one to try:
      // it divides the ranks of a pipeline stage and the expert count.
      const eps = canEp
        ? [largestCommonDivisor(perStage / base.etp, facts.experts ?? 1)]
        : [base.ep];
      for (const ep of eps) {
        const candidate: Layout = { ...base, tp, pp, ep };
        const total = estimateMemory(candidate, facts, constants).totalGb;
        // Ties go to the smaller model-parallel product (less communication).
        if (
          total < bestGb - 0.05 ||
          (Math.abs(total - bestGb) <= 0.05 && tp * pp < best.tp * best.pp)
        ) {
          best = candidate;
          bestGb = total;
        }
      }
    }
  }
  return best;
}

function layoutChange(input: LadderInput, from: Layout, to: Layout): string {
  const { concepts, fixes } = input;
  const sets: string[] = [];
  if (to.tp !== from.tp && concepts.tp) sets.push(`${concepts.tp}=${to.tp}`);
  if (to.pp !== from.pp && concepts.pp) sets.push(`${concepts.pp}=${to.pp}`);
  const epKey = concepts.ep ?? fixes.ep;
  if (to.ep !== from.ep && epKey) sets.push(`${epKey}=${to.ep}`);
  return sets.join(", ");
}

/**
 * The workflow's ladder for a stage that does not fit, cheapest first and
 * cumulative: recomputation, micro batch 1, more TP/PP/EP within the GPUs,
 * the distributed optimizer, LoRA, then a smaller model or more GPUs. Stops
 * at the first rung that fits.
 */
export function fixLadder(input: LadderInput): Rung[] {
  const rungs: Rung[] = [];
  let current = input.layout;
  const { facts, constants, capacityGb, fixes, concepts } = input;
  const push = (fix: string, layout: Layout) => {
    const estimate = estimateMemory(layout, facts, constants);
    const fits = verdictOf(estimate, capacityGb) === "fits";
    rungs.push({ fix, layout, estimate, fits });
    current = layout;
    return fits;
  };
  if (!current.recompute && fixes.recompute) {
    const { key, value } = fixes.recompute;
    if (
      push(`full activation recomputation (${key}=${String(value)})`, {
        ...current,
        recompute: true,
      })
    )
      return rungs;
  }
  if (current.microBatch > 1 && fixes.microBatch) {
    if (push(`micro batch 1 (${fixes.microBatch}=1)`, { ...current, microBatch: 1 })) return rungs;
  }
  const best = bestLayout(input, current);
  const change = layoutChange(input, current, best);
  if (change && push(`more model parallelism within ${current.gpus} GPUs (${change})`, best))
    return rungs;
  if (
    current.engine === "megatron" &&
    !current.distributedOptimizer &&
    !current.lora &&
    fixes.distributedOptimizer
  ) {
    if (
      push(`the distributed optimizer (${fixes.distributedOptimizer}=true)`, {
        ...current,
        distributedOptimizer: true,
      })
    )
      return rungs;
  }
  if (!current.lora && concepts.lora) {
    const lora = { ...current, lora: true };
    if (push(`LoRA (${concepts.lora.key}=${String(concepts.lora.on)})`, lora)) return rungs;
  }
  for (const smaller of input.smallerModels) {
    const estimate = estimateMemory(current, smaller.facts, constants);
    if (verdictOf(estimate, capacityGb) !== "fits") continue;
    rungs.push({ fix: `a smaller model: ${smaller.name}`, layout: current, estimate, fits: true });
    return rungs;
  }
  for (const factor of [2, 4, 8]) {
    const gpus = input.layout.gpus * factor;
    const wider = bestLayout(input, { ...input.layout, gpus });
    const estimate = estimateMemory(wider, facts, constants);
    if (verdictOf(estimate, capacityGb) !== "fits") continue;
    rungs.push({
      fix: `${gpus} GPUs (${describeLayout(wider)})`,
      layout: wider,
      estimate,
      fits: true,
    });
    return rungs;
  }
  return rungs;
}

/** The ladder as one line: each rung with its estimate, and whether it fits. */
export function ladderText(rungs: readonly Rung[], capacityGb: number): string {
  return rungs
    .map((r, i) => {
      const verdict = r.fits ? "fits" : `still over ${capacityGb} GB`;
      return `${i + 1}) ${r.fix}: ${gb(r.estimate.totalGb)}, ${verdict}`;
    })
    .join("; ");
}
