import { fitShape, gcd, parallelShape, roundUpTo } from "../parallel.js";
import {
  asConcrete,
  asNumber,
  effectiveValue,
  keyAccepted,
  parseOverride,
} from "../stage-config.js";
import { type Entry, writeParam } from "./entry.js";
import type { ParamContext } from "./params.js";

/**
 * Sequence length: both ends of a tokenizer-locked edge (prep -> train) get
 * the same value on every seq-length key; the user's value wins, else the
 * trainer's shipped default. A value the user gave also goes to every other
 * stage that has a seq-length key.
 */
export function alignSeqLength(pc: ParamContext) {
  const wanted = pc.facts.intent.seqLength;
  const locked = new Set(pc.compiled.rules.alignment.lockedTypes);
  const grouped = new Set<Entry>();
  for (const consumer of pc.entries) {
    for (const input of consumer.node.inputs) {
      const { source } = input;
      if (source.kind !== "stage" || !locked.has(source.type)) continue;
      const producer = pc.byNode.get(source.node);
      if (!producer) continue;
      const length = wanted ?? anchorLength(pc, consumer) ?? anchorLength(pc, producer);
      if (length === undefined) continue;
      for (const entry of [producer, consumer]) {
        setSeqLength(pc, entry, length);
        grouped.add(entry);
      }
    }
  }
  if (wanted === undefined) return;
  for (const entry of pc.entries) if (!grouped.has(entry)) setSeqLength(pc, entry, wanted);
}

/**
 * Tokenizer: prepared data is tokenized for the model that trains on it. When
 * the request names no HF model, the trainer's own model (its shipped default)
 * decides, so the plan never contradicts itself across a prep -> train edge.
 */
export function alignTokenizer(pc: ParamContext) {
  if (pc.facts.modelFormat === "megatron") return;
  const locked = new Set(pc.compiled.rules.alignment.lockedTypes);
  for (const consumer of pc.entries) {
    const modelKey = consumer.node.rule.keys.model;
    const trained =
      consumer.stage.model ??
      (modelKey ? asConcrete(effectiveValue(pc.catalog, consumer.stage, modelKey)) : undefined);
    if (!trained) continue;
    for (const input of consumer.node.inputs) {
      const { source } = input;
      if (source.kind !== "stage" || !locked.has(source.type)) continue;
      const producer = pc.byNode.get(source.node);
      if (!producer) continue;
      for (const key of producer.node.rule.keys.tokenizer) {
        if (asConcrete(effectiveValue(pc.catalog, producer.stage, key)) !== trained) {
          writeParam(pc.catalog, producer, key, trained, pc.collector);
        }
      }
    }
  }
}

function setSeqLength(pc: ParamContext, entry: Entry, length: number) {
  for (const key of entry.node.rule.keys.seqLength) {
    writeParam(pc.catalog, entry, key, length, pc.collector);
  }
}

/** The stage's own sequence length: its first seq-length key, else the manifest default. */
function anchorLength(pc: ParamContext, entry: Entry): number | undefined {
  for (const key of entry.node.rule.keys.seqLength) {
    const value = asNumber(effectiveValue(pc.catalog, entry.stage, key));
    if (value !== undefined) return value;
  }
  const declared = entry.node.step.parameters.find((p) => p.name === "seq_length");
  return asNumber(declared?.default);
}

/**
 * Fit the parallel layout to the GPU count: shrink tp/cp/pp to divisors of
 * it, keep expert parallelism within a pipeline stage, and round the global
 * batch up to a multiple of the data-parallel size.
 */
export function fitParallel(pc: ParamContext) {
  const gpus = pc.facts.gpus;
  if (gpus === undefined) return;
  for (const entry of pc.entries) {
    const { keys } = entry.node.rule;
    if (!keys.globalBatch && !keys.tp) continue;
    const shape = parallelShape(pc.catalog, entry.stage, keys, gpus);
    const fit = fitShape(shape, gpus);
    const changes: string[] = [];
    const update = (key: string | undefined, from: number, to: number) => {
      if (!key || from === to) return;
      if (writeParam(pc.catalog, entry, key, to, pc.collector)) changes.push(`${key}=${to}`);
    };
    update(keys.tp, shape.tp, fit.tp);
    update(keys.cp, shape.cp, fit.cp);
    update(keys.pp, shape.pp, fit.pp);
    const perStage = gpus / fit.pp;
    if (shape.ep !== undefined && shape.ep > 1 && perStage % shape.ep !== 0) {
      update(keys.ep, shape.ep, Math.max(1, gcd(shape.ep, perStage)));
    }
    if (shape.globalBatch !== undefined && shape.globalBatch % fit.dp !== 0) {
      update(keys.globalBatch, shape.globalBatch, roundUpTo(shape.globalBatch, fit.dp));
    }
    if (changes.length > 0) {
      pc.collector.info(
        "parallel_fitted",
        `${entry.stage.id}: set ${changes.join(", ")} so the layout and global batch divide ${gpus} GPUs.`,
        undefined,
        entry.stage.id,
      );
    }
  }
}

/** `key=value` overrides go to every stage whose config has the key; unmatched ones are reported. */
export function applyOverrides(pc: ParamContext) {
  for (const [key, raw] of Object.entries(pc.facts.intent.overrides)) {
    const value = parseOverride(raw);
    const targets = pc.entries.filter((e) =>
      keyAccepted(pc.catalog, e.stage.step, e.stage.baseConfig, key),
    );
    for (const entry of targets)
      writeParam(pc.catalog, entry, key, value, pc.collector, "override");
    if (targets.length === 0 && pc.entries.length > 0) {
      pc.collector.warn(
        "override_unmatched",
        `the override ${key} matches no key of any planned stage's config, so it is not applied.`,
        "Check the key against the step's shipped config (nemotron steps show <step>).",
      );
    }
  }
}
