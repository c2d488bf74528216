import type { Catalog } from "../catalog/index.js";
import type { ConceptKeys } from "./rules/index.js";
import { asNumber, type ConfiguredStage, effectiveValue } from "./stage-config.js";

/** The parallel layout a stage runs with on a given GPU count. */
export interface ParallelShape {
  tp: number;
  pp: number;
  cp: number;
  ep: number | undefined;
  /** Data-parallel size; undefined when the GPUs do not divide by tp*pp*cp. */
  dp: number | undefined;
  globalBatch: number | undefined;
}

export function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

/** Read tp/pp/cp/ep and the global batch from the plan or the shipped config (1 when absent). */
export function parallelShape(
  catalog: Catalog,
  stage: ConfiguredStage,
  keys: ConceptKeys,
  gpus: number,
): ParallelShape {
  const read = (key: string | undefined) =>
    key ? asNumber(effectiveValue(catalog, stage, key)) : undefined;
  const positive = (n: number | undefined) => (n !== undefined && n >= 1 ? Math.floor(n) : 1);
  const tp = positive(read(keys.tp));
  const pp = positive(read(keys.pp));
  const cp = positive(read(keys.cp));
  const model = tp * pp * cp;
  return {
    tp,
    pp,
    cp,
    ep: read(keys.ep),
    dp: gpus % model === 0 ? gpus / model : undefined,
    globalBatch: read(keys.globalBatch),
  };
}

/** The largest layout not above the given one that divides the GPU count. */
export function fitShape(shape: ParallelShape, gpus: number) {
  const tp = gcd(shape.tp, gpus);
  const cp = gcd(shape.cp, gpus / tp);
  const pp = gcd(shape.pp, gpus / (tp * cp));
  return { tp, pp, cp, dp: gpus / (tp * pp * cp) };
}

/** The smallest multiple of `dp` that is at least `batch`. */
export function roundUpTo(batch: number, dp: number): number {
  return Math.max(dp, Math.ceil(batch / dp) * dp);
}
