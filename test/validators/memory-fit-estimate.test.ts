import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  estimateMemory,
  type Layout,
  loadMemoryFitData,
  MemoryFitDataError,
  parseMemoryFitData,
  verdictOf,
} from "../../src/validators/memory-fit/index.js";
import { repoRoot } from "../helpers/snapshot.js";

const data = loadMemoryFitData();
const c = data.constants;

const dense = {
  totalParamsB: 8,
  activeParamsB: 8,
  layers: 32,
  hiddenSize: 4096,
  vocabSize: 128256,
  experts: 0,
  expertsPerToken: null,
};
const moe = {
  totalParamsB: 31.6,
  activeParamsB: 3.2,
  layers: 52,
  hiddenSize: 2688,
  vocabSize: 131072,
  experts: 128,
  expertsPerToken: 6,
};

const pow2 = (max: number) => fc.integer({ min: 0, max }).map((e) => 2 ** e);

/** Layouts whose parallel sizes divide the GPU count, as a runnable plan's do. */
const layouts = fc
  .record({
    engine: fc.constantFrom<Layout["engine"]>("megatron", "fsdp"),
    tp: pow2(3),
    pp: pow2(2),
    cp: pow2(1),
    dp: pow2(3),
    epShare: pow2(3),
    sequenceParallel: fc.boolean(),
    microBatch: fc.integer({ min: 1, max: 4 }),
    seqLength: fc.integer({ min: 256, max: 65536 }),
    recompute: fc.boolean(),
    distributedOptimizer: fc.boolean(),
    lora: fc.boolean(),
    sequencesPerSample: fc.constantFrom(1, 2),
    microBatchesPerStep: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
  })
  .map((r): Layout => {
    const gpus = r.tp * r.pp * r.cp * r.dp;
    return {
      engine: r.engine,
      gpus,
      tp: r.tp,
      pp: r.pp,
      cp: r.cp,
      ep: Math.min(r.epShare, gpus / r.pp),
      etp: 1,
      sequenceParallel: r.sequenceParallel,
      microBatch: r.microBatch,
      seqLength: r.seqLength,
      recompute: r.recompute,
      distributedOptimizer: r.distributedOptimizer,
      lora: r.lora,
      loraRank: 16,
      loraTargets: 4,
      residentBytes: 2,
      sequencesPerSample: r.sequencesPerSample,
      microBatchesPerStep: r.microBatchesPerStep,
    };
  });
const facts = fc.constantFrom(dense, moe);
const total = (layout: Layout, f: typeof dense | typeof moe) =>
  estimateMemory(layout, f, c).totalGb;
const EPS = 1e-9;

describe("memory estimate properties", () => {
  it("more tensor parallelism never increases memory", () => {
    fc.assert(
      fc.property(layouts, facts, (layout, f) => {
        // Doubling tp on twice the GPUs keeps the data-parallel size.
        const wider = { ...layout, tp: layout.tp * 2, gpus: layout.gpus * 2 };
        const ep = layout.ep ?? 1;
        const same = { ...layout, gpus: wider.gpus, ep };
        expect(total({ ...wider, ep }, f)).toBeLessThanOrEqual(total(same, f) + EPS);
      }),
    );
  });

  it("more tensor parallelism on the same GPUs never increases memory", () => {
    fc.assert(
      fc.property(layouts, facts, (layout, f) => {
        if ((layout.gpus / (layout.pp * layout.cp)) % (layout.tp * 2) !== 0) return;
        expect(total({ ...layout, tp: layout.tp * 2 }, f)).toBeLessThanOrEqual(
          total(layout, f) + EPS,
        );
      }),
    );
  });

  it("recomputation never increases memory", () => {
    fc.assert(
      fc.property(layouts, facts, (layout, f) => {
        const on = total({ ...layout, recompute: true }, f);
        expect(on).toBeLessThanOrEqual(total({ ...layout, recompute: false }, f) + EPS);
      }),
    );
  });

  it("longer sequences never decrease memory", () => {
    fc.assert(
      fc.property(layouts, facts, fc.integer({ min: 1, max: 8192 }), (layout, f, extra) => {
        const longer = total({ ...layout, seqLength: layout.seqLength + extra }, f);
        expect(longer).toBeGreaterThanOrEqual(total(layout, f) - EPS);
      }),
    );
  });

  it("more pipeline or expert parallelism never increases memory", () => {
    fc.assert(
      fc.property(layouts, facts, (layout, f) => {
        const perStage = layout.gpus / layout.pp;
        if (layout.ep !== null && perStage % (layout.ep * 2) === 0) {
          expect(total({ ...layout, ep: layout.ep * 2 }, f)).toBeLessThanOrEqual(
            total(layout, f) + EPS,
          );
        }
        if ((layout.gpus / (layout.tp * layout.cp)) % (layout.pp * 2) === 0) {
          const ep = Math.min(layout.ep ?? 1, layout.gpus / (layout.pp * 2));
          expect(total({ ...layout, pp: layout.pp * 2, ep }, f)).toBeLessThanOrEqual(
            total({ ...layout, ep }, f) + EPS,
          );
        }
      }),
    );
  });

  it("LoRA never needs more than full training of the same layout", () => {
    fc.assert(
      fc.property(layouts, facts, (layout, f) => {
        expect(total({ ...layout, lora: true }, f)).toBeLessThanOrEqual(
          total({ ...layout, lora: false }, f) + EPS,
        );
      }),
    );
  });
});

describe("memory estimate parts", () => {
  const layout: Layout = {
    engine: "megatron",
    gpus: 8,
    tp: 1,
    pp: 1,
    cp: 1,
    ep: 1,
    etp: 1,
    sequenceParallel: false,
    microBatch: 1,
    seqLength: 4096,
    recompute: false,
    distributedOptimizer: false,
    lora: false,
    loraRank: 16,
    loraTargets: 4,
    residentBytes: 2,
    sequencesPerSample: 1,
  };

  it("holds 18 bytes per parameter without the distributed optimizer, 6 + 12/dp with it", () => {
    const gib = (bytes: number) => bytes / 2 ** 30;
    const state = (l: Layout) => {
      const parts = estimateMemory(l, dense, c).parts;
      const get = (n: string) => parts.find((p) => p.name === n)?.gb ?? Number.NaN;
      return get("weights") + get("gradients") + get("optimizer");
    };
    expect(state(layout)).toBeCloseTo(gib(8e9 * 18), 6);
    expect(state({ ...layout, distributedOptimizer: true })).toBeCloseTo(
      gib(8e9 * (6 + 12 / 8)),
      6,
    );
  });

  it("is a lower bound, never a fit, when a fact is missing", () => {
    const partial = { ...dense, layers: null, hiddenSize: null };
    const estimate = estimateMemory(layout, partial, c);
    expect(estimate.complete).toBe(false);
    expect(estimate.unknown).toEqual(["layer count", "hidden size"]);
    expect(estimate.parts.find((p) => p.name === "activations")?.gb).toBeNull();
    expect(verdictOf(estimate, 10_000)).toBe("unknown");
    expect(verdictOf(estimate, 1)).toBe("does_not_fit");
    expect(verdictOf(estimate, undefined)).toBe("unknown");
  });

  it("leaves the experts unplaced when the recipe sets expert parallelism", () => {
    const estimate = estimateMemory({ ...layout, ep: null }, moe, c);
    expect(estimate.unknown).toEqual(["expert parallel size (set by the recipe, not the config)"]);
    expect(estimate.parts.find((p) => p.name === "weights")?.gb).toBeNull();
  });
});

describe("memory-fit data files", () => {
  const models = readFileSync(path.join(repoRoot, "references/models.yaml"), "utf8");
  const fit = readFileSync(path.join(repoRoot, "references/memory-fit.yaml"), "utf8");

  it("load and key the models by id and alias, case-insensitively", () => {
    expect(data.models.get("nvidia/nvidia-nemotron-3-nano-30b-a3b-base-bf16")?.id).toBe(
      "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16",
    );
  });

  it("name the file and line of a bad fact", () => {
    const broken = models.replace("hiddenSize: 2688", "hiddenSize: wide");
    const line = broken.split("\n").findIndex((l) => l.includes("hiddenSize: wide")) + 1;
    expect(() => parseMemoryFitData(broken, fit)).toThrow(MemoryFitDataError);
    expect(() => parseMemoryFitData(broken, fit)).toThrow(
      new RegExp(
        `references/models\\.yaml:${line}: models\\.nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16\\.hiddenSize`,
      ),
    );
  });

  it("name the file and line of a YAML syntax error and of an unknown engine", () => {
    expect(() => parseMemoryFitData(models, "steps: [")).toThrow(/memory-fit\.yaml/);
    const badEngine = fit.replace("engine: megatron", "engine: deepspeed");
    const line = badEngine.split("\n").findIndex((l) => l.includes("engine: deepspeed")) + 1;
    expect(() => parseMemoryFitData(models, badEngine)).toThrow(
      new RegExp(`memory-fit\\.yaml:${line}: steps\\.sft/megatron_bridge\\.engine`),
    );
  });
});
