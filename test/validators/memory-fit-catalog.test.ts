import { describe, expect, it } from "vitest";
import {
  checkMemoryFit,
  fitStage,
  loadMemoryFitData,
  modesOf,
  stepStage,
  type TrainingMode,
} from "../../src/validators/memory-fit/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, NANO3, plan, requireCatalog, rules, SUPER3 } from "./fixtures.js";

const data = loadMemoryFitData();
const H100 = { gpuType: "H100", gpuMemoryGb: 80 };
type Verdict = "fits" | "does_not_fit" | "unknown";

/** The step's strategy layout for Super3 ("start from a 32-GPU plan with tp=8, pp=4, cp=1"). */
const SUPER3_STRATEGY = {
  "model.tensor_model_parallel_size": 8,
  "model.pipeline_model_parallel_size": 4,
};

/**
 * Where the estimate and a catalog minimum part ways, the fact that explains
 * it: the expected verdicts on min_gpus and on half of them.
 */
const LORA_BELOW_MINIMUM =
  "LoRA keeps only the frozen bf16 weights and a small adapter, and min_gpus is the minimum for full training";
const exceptions: Record<string, { min: Verdict; half: Verdict; because: string }> = {
  "sft/megatron_bridge|nvidia/NVIDIA-Nemotron-3.5-Lightning-30B-A3B-BF16|full": {
    min: "unknown",
    half: "does_not_fit",
    because: "no layer count or hidden size is published for Lightning, so activations are unknown",
  },
  "sft/megatron_bridge|nvidia/NVIDIA-Nemotron-3.5-Lightning-30B-A3B-BF16|lora": {
    min: "unknown",
    half: "unknown",
    because: "no layer count or hidden size is published for Lightning, so activations are unknown",
  },
  "sft/automodel|meta-llama/Llama-3.1-8B-Instruct|full": {
    min: "fits",
    half: "fits",
    because:
      "FSDP with bf16 AdamW holds 8 bytes per parameter, so 2 GPUs carry an 8B model at 4096 tokens; the minimum of 4 leaves room for longer sequences",
  },
};
for (const key of [
  "sft/megatron_bridge|nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16|lora",
  "sft/megatron_bridge|nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16|lora",
  "sft/automodel|Qwen/Qwen3-30B-A3B|lora",
  "sft/automodel|mistralai/Mistral-7B-Instruct-v0.3|lora",
  "sft/automodel|meta-llama/Llama-3.1-8B-Instruct|lora",
  "peft/automodel|Qwen/Qwen3-30B-A3B|lora",
  "peft/automodel|meta-llama/Llama-3.1-8B-Instruct|lora",
]) {
  exceptions[key] = { min: "fits", half: "fits", because: LORA_BELOW_MINIMUM };
}

function verdict(step: string, model: string, mode: TrainingMode, gpus: number) {
  const catalog = requireCatalog();
  const params = model === SUPER3.name && mode === "full" ? SUPER3_STRATEGY : {};
  const stage = stepStage(catalog, rules, step, model, gpus, mode, params);
  const fit = fitStage({ catalog, rules, data, gpus, hardware: H100 }, stage);
  if (!fit) throw new Error(`no estimate for ${step} ${model}`);
  return fit.row.verdict;
}

describe.skipIf(!hasSnapshot)("memory estimate against the catalog's GPU minimums", () => {
  const cases = hasSnapshot
    ? requireCatalog().steps.flatMap((step) =>
        step.models
          .filter((m) => m.min_gpus !== undefined)
          .flatMap((m) =>
            modesOf(data, rules, step.id).map((mode) => ({
              step: step.id,
              model: m.name,
              mode,
              min: m.min_gpus ?? 0,
            })),
          ),
      )
    : [];

  it("covers every step model with a min_gpus, full and LoRA where the step has both", () => {
    expect(cases).toHaveLength(16);
    expect(cases.filter((c) => c.step === "sft/megatron_bridge").map((c) => c.mode)).toContain(
      "full",
    );
    for (const key of Object.keys(exceptions)) {
      expect(cases.map((c) => `${c.step}|${c.model}|${c.mode}`)).toContain(key);
    }
  });

  it.each(cases)(
    "$step $model ($mode): fits on min_gpus H100, not on half (or the named exception)",
    (c) => {
      const expected = exceptions[`${c.step}|${c.model}|${c.mode}`] ?? {
        min: "fits",
        half: "does_not_fit",
      };
      expect(verdict(c.step, c.model, c.mode, c.min)).toBe(expected.min);
      if (c.min >= 2) expect(verdict(c.step, c.model, c.mode, c.min / 2)).toBe(expected.half);
    },
  );
});

describe.skipIf(!hasSnapshot)("memory rows and warnings on plans", () => {
  const planMemory = (p: ReturnType<typeof plan>) => checkMemoryFit(p.composed, p.ctx, rules, data);

  it("warns for Super3 full SFT on 16 H100 with the numbers and a ladder", () => {
    const p = plan({
      goals: ["sft"],
      lora: false,
      model: SUPER3,
      data: CHAT_DATA,
      hardware: { nodes: 2, gpusPerNode: 8, totalGpus: 16, ...H100 },
    });
    const { rows, findings } = planMemory(p);
    const sft = p.stage("sft/megatron_bridge");
    expect(rows.map((r) => [r.stage, r.mode, r.verdict])).toEqual([
      [sft.id, "full", "does_not_fit"],
    ]);
    const warning = findings.find((f) => f.code === "memory_fit");
    expect(warning?.level).toBe("warning");
    expect(warning?.stage).toBe(sft.id);
    expect(warning?.message).toMatch(
      /^WARNING: .*Super-120B.* \(full\) needs about \d+\.\d GB per GPU on 80 GB H100 GPUs with tp\d+ .*weights \d+\.\d, gradients \d+\.\d, optimizer \d+\.\d/,
    );
    // The plan already uses the Super3 strategy's parallelism (fitted to 16 GPUs), so the
    // cheapest remaining fix is LoRA.
    expect(warning?.fix).toMatch(/^Try, in order: 1\) LoRA \(peft=lora\): \d+\.\d GB, fits\.$/);
  });

  it("fits Super3 full SFT on 32 H100 with the strategy layout", () => {
    const p = plan({
      goals: ["sft"],
      lora: false,
      model: SUPER3,
      data: CHAT_DATA,
      hardware: { nodes: 4, gpusPerNode: 8, totalGpus: 32, ...H100 },
      overrides: {
        "model.tensor_model_parallel_size": "8",
        "model.pipeline_model_parallel_size": "4",
      },
    });
    const { rows, findings } = planMemory(p);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ mode: "full", verdict: "fits", complete: true });
    expect(rows[0]?.layout).toMatch(/^tp8 pp4 cp1 ep8 dp1/);
    expect(rows[0]?.headroomGb).toBeGreaterThan(0);
    expect(findings).toEqual([]);
  });

  it("on 32 H100 the plan takes the Super3 strategy layout and fits without a warning", () => {
    const p = plan({
      goals: ["sft"],
      lora: false,
      model: SUPER3,
      data: CHAT_DATA,
      hardware: { nodes: 4, gpusPerNode: 8, totalGpus: 32, ...H100 },
    });
    const { rows, findings } = planMemory(p);
    expect(rows[0]).toMatchObject({ mode: "full", verdict: "fits" });
    expect(rows[0]?.layout).toMatch(/^tp8 pp4 cp1/);
    expect(findings.filter((f) => f.code === "memory_fit")).toEqual([]);
  });

  it("fits Nano3 LoRA on one node of 8 H100", () => {
    const p = plan({
      goals: ["sft"],
      lora: true,
      model: NANO3,
      data: CHAT_DATA,
      hardware: { nodes: 1, gpusPerNode: 8, totalGpus: 8, ...H100 },
    });
    const { rows, findings } = planMemory(p);
    expect(rows.map((r) => [r.mode, r.verdict])).toEqual([["lora", "fits"]]);
    expect(rows[0]?.estimateGb).toBeLessThan(40);
    expect(findings).toEqual([]);
  });

  it("says what it cannot know instead of guessing", () => {
    const lightning = {
      name: "nvidia/NVIDIA-Nemotron-3.5-Lightning-30B-A3B-BF16",
      format: "hf" as const,
      inCatalog: true,
    };
    const p = plan({
      goals: ["sft"],
      lora: false,
      model: lightning,
      data: CHAT_DATA,
      hardware: { totalGpus: 8, ...H100 },
    });
    const { rows, findings } = planMemory(p);
    expect(rows[0]).toMatchObject({ verdict: "unknown", complete: false, headroomGb: null });
    expect(rows[0]?.unknown).toEqual(["layer count", "hidden size", "vocabulary size"]);
    expect(findings.map((f) => [f.level, f.code])).toEqual([["info", "memory_unknown"]]);
  });

  it("gives no verdict without the GPU's memory, and no rows without a GPU count", () => {
    const base = { goals: ["sft" as const], lora: false, model: NANO3, data: CHAT_DATA };
    const noMemory = planMemory(plan({ ...base, hardware: { totalGpus: 8, gpuType: "A100" } }));
    expect(noMemory.rows.map((r) => [r.verdict, r.capacityGb])).toEqual([["unknown", null]]);
    expect(noMemory.findings).toEqual([]);
    expect(planMemory(plan(base))).toEqual({ rows: [], findings: [] });
  });
});
