import { describe, expect, it } from "vitest";
import { composePlan } from "../../src/planner/compose/index.js";
import type { Goal } from "../../src/planner/intent.js";
import { checkPlanGraph } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import {
  CHAT_DATA,
  contextFor,
  type IntentInput,
  LLAMA,
  NANO3,
  plan,
  rules,
  SUPER3,
} from "../validators/fixtures.js";

const edges = (p: ReturnType<typeof plan>) =>
  p.draft.stages.flatMap((s) =>
    s.consumes
      .filter((c) => c.from !== "user")
      .map((c) => {
        const from = p.draft.stages.find((u) => u.id === c.from)?.step;
        return `${from} -${c.type}-> ${s.step}`;
      }),
  );

describe.skipIf(!hasSnapshot)("composePlan acceptance (real catalog)", () => {
  it("Nano3 SFT on chat JSONL and one 8x H100 node, quality claimed: pack -> Megatron-Bridge -> eval", () => {
    const p = plan({
      goals: ["sft"],
      model: NANO3,
      hardware: { nodes: 1, gpusPerNode: 8, gpuType: "H100" },
      data: CHAT_DATA,
      outputDir: "/runs/nano3",
      qualityClaim: true,
    });
    expect(p.steps).toEqual(["data_prep/sft_packing", "sft/megatron_bridge", "eval/model_eval"]);
    expect(p.draft.stages.map((s) => s.id)).toEqual([
      "01_sft_packing",
      "02_megatron_bridge",
      "03_model_eval",
    ]);
    expect(edges(p)).toEqual([
      "data_prep/sft_packing -packed_parquet-> sft/megatron_bridge",
      "sft/megatron_bridge -checkpoint_megatron-> eval/model_eval",
    ]);
    expect(p.draft.name).toBe("nano3-sft");
    expect(p.stage("data_prep/sft_packing").patterns).toContain("sft-sequence-packing");
    expect(p.stage("eval/model_eval").patterns).toContain("eval-bookends");
    expect(p.findings.filter((f) => f.level !== "info")).toEqual([]);
    expect(p.draft.requiredInputs).toEqual([]);
  });

  it("eval bookends follow a quality claim or a recipe-model fine-tune, and are absent otherwise", () => {
    const llama: Partial<IntentInput> = {
      goals: ["sft"],
      lora: true,
      model: LLAMA,
      hardware: { totalGpus: 2 },
      data: CHAT_DATA,
    };
    expect(plan(llama).steps).not.toContain("eval/model_eval");
    expect(plan({ ...llama, qualityClaim: true }).steps.at(-1)).toBe("eval/model_eval");
    const nano: Partial<IntentInput> = {
      goals: ["sft"],
      model: NANO3,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    };
    // Fine-tuning a recipe model into a Megatron checkpoint implies a measured outcome...
    expect(plan(nano).steps).toEqual([
      "data_prep/sft_packing",
      "sft/megatron_bridge",
      "eval/model_eval",
    ]);
    // ...unless the user listed the stages themselves.
    expect(plan({ ...nano, goals: ["data_prep", "sft"] }).steps).toEqual([
      "data_prep/sft_packing",
      "sft/megatron_bridge",
    ]);
    expect(plan({ ...nano, goals: ["data_prep", "sft"], qualityClaim: true }).steps.at(-1)).toBe(
      "eval/model_eval",
    );
  });

  it("LoRA on an HF model with 2 GPUs routes to peft/automodel and no Megatron step", () => {
    const p = plan({
      goals: ["sft"],
      lora: true,
      model: LLAMA,
      hardware: { totalGpus: 2 },
      data: CHAT_DATA,
    });
    expect(p.steps).toEqual(["peft/automodel"]);
    expect(p.steps.some((s) => s.includes("megatron"))).toBe(false);
    expect(p.stage("peft/automodel").params).toMatchObject({
      "model.pretrained_model_name_or_path": LLAMA.name,
      "dataset.path_or_dataset_id": "/data/chat/*.jsonl",
    });
  });

  it("a BYOB goal with a Hindi target stays in byob/mcq and never uses translate/nemo_curator", () => {
    const goalSets: Goal[][] = [["byob"], ["byob", "translate"]];
    for (const goals of goalSets) {
      const p = plan({
        goals,
        translation: { target: "hi" },
        data: { paths: ["/bench/mcq.parquet"], kind: "mcq" },
        outputDir: "/out",
      });
      expect(p.steps).toEqual(["byob/mcq"]);
      expect(p.stage("byob/mcq").baseConfig).toBe("translate");
      expect(p.stage("byob/mcq").params).toMatchObject({
        dataset_path: "/bench/mcq.parquet",
        target_language: "hi-IN",
      });
      expect(p.stage("byob/mcq").patterns).toContain("custom-mcq-benchmark-byob");
    }
    const docs = plan({
      goals: ["byob"],
      translation: { target: "hi" },
      data: { paths: ["/docs"], kind: "documents" },
    });
    expect(docs.steps).toEqual(["byob/mcq", "byob/mcq"]);
    expect(docs.draft.stages.map((s) => s.baseConfig)).toEqual(["default", "translate"]);
  });

  it("Super3 full SFT on 8 GPUs warns gpu_min with the fix ladder", () => {
    const p = plan({
      goals: ["sft"],
      lora: false,
      model: SUPER3,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    const finding = p.findings.find((f) => f.code === "gpu_min");
    expect(finding?.level).toBe("warning");
    expect(finding?.message).toMatch(/^WARNING: /);
    expect(finding?.message).toContain("32");
    const fix = finding?.fix ?? "";
    expect(fix).toContain("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16");
    expect(fix).toContain("sft/automodel");
    expect(fix).toContain("peft/automodel");
    expect(fix.indexOf("smaller model")).toBeLessThan(fix.indexOf("AutoModel"));
    expect(fix.indexOf("AutoModel")).toBeLessThan(fix.indexOf("LoRA"));
    expect(p.stage("sft/megatron_bridge").params.peft).toBeNull();
    const strategies = p.stage("sft/megatron_bridge").strategies;
    expect(strategies.some((s) => s.startsWith("user selects Super3 model: "))).toBe(true);
  });

  it("AutoModel backend on 4 GPUs for Nano3 SFT uses sft/automodel and skips packing", () => {
    const p = plan({
      goals: ["sft"],
      backend: "automodel",
      model: NANO3,
      hardware: { totalGpus: 4 },
      data: CHAT_DATA,
    });
    expect(p.steps[0]).toBe("sft/automodel");
    expect(p.steps).not.toContain("data_prep/sft_packing");
    expect(p.steps).not.toContain("sft/megatron_bridge");
  });

  it("SFT then RLVR warm-starts RL from the SFT stage's checkpoint_megatron", () => {
    const p = plan({
      goals: ["sft", "rlvr"],
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: CHAT_DATA,
    });
    const sft = p.stage("sft/megatron_bridge");
    const rl = p.stage("rl/nemo_rl/rlvr");
    expect(rl.consumes).toContainEqual({
      type: "checkpoint_megatron",
      from: sft.id,
      required: true,
    });
    expect(p.draft.stages.indexOf(sft)).toBeLessThan(p.draft.stages.indexOf(rl));
    expect(p.findings.filter((f) => f.code === "rl_warm_start")).toEqual([]);
    // The chat data trains SFT; RL needs its own prompt data with verifier fields.
    expect(p.draft.requiredInputs).toContainEqual(
      expect.objectContaining({ key: "data.path", stage: rl.id }),
    );
  });

  it("RL without an SFT stage or checkpoint asks for a warm start instead of converting the base model", () => {
    const p = plan({
      goals: ["dpo"],
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: { paths: ["/p.jsonl"], kind: "preference" },
    });
    expect(p.steps[0]).toBe("rl/nemo_rl/dpo");
    expect(p.steps).not.toContain("convert/hf_to_megatron");
    const ask = p.draft.requiredInputs.find((r) => r.stage === p.draft.stages[0]?.id);
    expect(ask).toMatchObject({ key: "model" });
    expect(ask?.question).toContain("fine-tuned policy");
    expect(p.findings.some((f) => f.code === "rl_warm_start")).toBe(true);
  });

  it("an HF model on Megatron-Bridge SFT loads HF weights directly; PEFT over Megatron converts first", () => {
    const sft = plan({
      goals: ["sft"],
      backend: "megatron_bridge",
      model: LLAMA,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    // Training ends with an eval of the Megatron checkpoint it produces.
    expect(sft.steps).toEqual(["data_prep/sft_packing", "sft/megatron_bridge", "eval/model_eval"]);
    expect(sft.stage("sft/megatron_bridge").params.hf_model_path).toBe(LLAMA.name);
    const peft = plan({
      goals: ["peft"],
      backend: "megatron_bridge",
      model: LLAMA,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    expect(peft.steps).toContain("convert/hf_to_megatron");
    expect(peft.stage("convert/hf_to_megatron").params.hf_model_id).toBe(LLAMA.name);
    expect(peft.stage("peft/megatron_bridge").consumes).toContainEqual({
      type: "checkpoint_megatron",
      from: peft.stage("convert/hf_to_megatron").id,
      required: true,
    });
  });

  it("later stages take the trained checkpoint (converted if needed), not the base model", () => {
    const p = plan({
      goals: ["sft", "quantize"],
      model: NANO3,
      hardware: { totalGpus: 8, gpuType: "H100" },
      data: CHAT_DATA,
      qualityClaim: true,
    });
    expect(p.steps).toEqual([
      "data_prep/sft_packing",
      "sft/megatron_bridge",
      "convert/megatron_to_hf",
      "optimize/modelopt/quantize",
      "eval/model_eval",
    ]);
    expect(p.stage("optimize/modelopt/quantize").baseConfig).toBe("fp8");
    expect(edges(p)).toContain(
      "convert/megatron_to_hf -checkpoint_hf-> optimize/modelopt/quantize",
    );
    expect(edges(p)).toContain("optimize/modelopt/quantize -checkpoint_megatron-> eval/model_eval");
  });

  it("gives user files to required inputs first and unwires optional ones left without a path", () => {
    const p = plan({
      goals: ["sdg", "sft", "dpo"],
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: CHAT_DATA,
      outputDir: "/o",
    });
    expect(p.stage("data_prep/sft_packing").params.blend_path).toBe("/data/chat/*.jsonl");
    expect(p.stage("sdg/data_designer").consumes).toEqual([]);
    expect(p.stage("sdg/data_designer").baseConfig).toBe("rl_pref");
    expect(edges(p)).toContain("sdg/data_designer -synthetic_jsonl-> rl/nemo_rl/dpo");
  });

  it("a Megatron checkpoint as base is loaded by key, and its tokenizer is asked for", () => {
    const p = plan({
      goals: ["sft"],
      model: { name: "/ckpt/nano/iter_0000100", format: "megatron", inCatalog: false },
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    expect(p.draft.name).toBe("sft");
    expect(p.stage("sft/megatron_bridge").params["checkpoint.pretrained_checkpoint"]).toBe(
      "/ckpt/nano/iter_0000100",
    );
    const tokenizer = p.draft.requiredInputs.find((r) => r.question.includes("tokenizer"));
    expect(tokenizer?.key).toBe("model");
    expect(p.findings.filter((f) => f.level !== "info")).toEqual([]);
  });

  it("pretraining starts with data_prep/pretrain_prep", () => {
    const p = plan({
      goals: ["pretrain"],
      model: NANO3,
      hardware: { nodes: 4, gpusPerNode: 8 },
      data: { paths: ["/corpus/*.jsonl"], kind: "text", format: "jsonl" },
    });
    expect(p.steps[0]).toBe("data_prep/pretrain_prep");
    expect(p.steps[1]).toMatch(/^pretrain\//);
    expect(edges(p)[0]).toBe(`data_prep/pretrain_prep -binidx-> ${p.steps[1]}`);
  });

  it("a direct edge that does not type-check is repaired and reported as type_mismatch", () => {
    const p = plan({
      goals: ["sft"],
      model: NANO3,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
      directEdges: [{ from: "training_jsonl", toStep: "sft/megatron_bridge" }],
    });
    const finding = p.draft.findings.find((f) => f.code === "type_mismatch");
    expect(finding?.level).toBe("warning");
    expect(finding?.message).toMatch(/^WARNING: type mismatch/);
    expect(finding?.fix).toContain("data_prep/sft_packing");
    expect(p.steps.slice(0, 2)).toEqual(["data_prep/sft_packing", "sft/megatron_bridge"]);
  });

  it("a single-step answer plans only the named step and asks for what it needs", () => {
    const p = plan({
      route: "single_step",
      goals: ["sft"],
      explicitSteps: ["sft/megatron_bridge"],
      model: NANO3,
      hardware: { totalGpus: 8 },
    });
    expect(p.steps).toEqual(["sft/megatron_bridge"]);
    expect(p.draft.requiredInputs.map((r) => r.key)).toContain("data.path");
  });

  it("explorer and out-of-scope routes plan no stages", () => {
    for (const route of ["explorer", "out_of_scope"] as const) {
      expect(
        composePlan(contextFor({ route, goals: ["sft"], model: NANO3 }), rules).draft.stages,
      ).toEqual([]);
    }
  });

  // Plan time is measured by `npm run bench`, not asserted here: a busy machine is no measure.
  it("is deterministic once the catalog is loaded", () => {
    const ctx = contextFor({
      goals: ["sft", "rlvr"],
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: CHAT_DATA,
      outputDir: "/o",
    });
    const first = composePlan(ctx, rules);
    for (let i = 0; i < 50; i++) expect(composePlan(ctx, rules)).toEqual(first);
    expect(checkPlanGraph(first.draft.stages, ctx.catalog)).toEqual([]);
  });
});
