import { describe, expect, it } from "vitest";
import { GRADERS } from "../../../src/eval/index.js";
import { ctxFor, outOfScopeResult, sftPlanResult, stage } from "../fixtures.js";

const plan = ctxFor(sftPlanResult());
const none = ctxFor(outOfScopeResult());

describe("route and status", () => {
  it("pass on a listed value and fail otherwise", () => {
    expect(GRADERS.route("pipeline", plan).pass).toBe(true);
    expect(GRADERS.route(["explorer", "pipeline"], plan).pass).toBe(true);
    const wrong = GRADERS.route("single_step", plan);
    expect(wrong).toMatchObject({ pass: false, grader: "route" });
    expect(wrong.reason).toContain("single_step");
    expect(GRADERS.status(["needs_input", "awaiting_approval"], plan).pass).toBe(true);
    expect(GRADERS.status("done", plan).pass).toBe(false);
  });
});

describe("step graders", () => {
  it("stepsInclude needs every step", () => {
    expect(GRADERS.stepsInclude(["sft/megatron_bridge"], plan).pass).toBe(true);
    const missing = GRADERS.stepsInclude(["sft/megatron_bridge", "eval/model_eval"], plan);
    expect(missing.pass).toBe(false);
    expect(missing.reason).toContain("eval/model_eval");
    expect(GRADERS.stepsInclude(["sft/automodel"], none).pass).toBe(false);
  });

  it("stepsExclude fails when a banned step is planned", () => {
    expect(GRADERS.stepsExclude(["sft/automodel"], plan).pass).toBe(true);
    expect(GRADERS.stepsExclude(["sft/automodel", "data_prep/sft_packing"], plan).pass).toBe(false);
  });

  it("stepsInOrder checks relative order and presence", () => {
    expect(GRADERS.stepsInOrder(["data_prep/sft_packing", "sft/megatron_bridge"], plan).pass).toBe(
      true,
    );
    const reversed = GRADERS.stepsInOrder(["sft/megatron_bridge", "data_prep/sft_packing"], plan);
    expect(reversed.pass).toBe(false);
    expect(reversed.reason).toContain("too early");
    expect(GRADERS.stepsInOrder(["data_prep/sft_packing", "eval/model_eval"], plan).pass).toBe(
      false,
    );
  });

  it("stageCount counts a missing plan as zero", () => {
    expect(GRADERS.stageCount({ min: 2, max: 3 }, plan).pass).toBe(true);
    expect(GRADERS.stageCount({ max: 1 }, plan).pass).toBe(false);
    expect(GRADERS.stageCount({ min: 3 }, plan).pass).toBe(false);
    expect(GRADERS.stageCount({ max: 0 }, none).pass).toBe(true);
    expect(GRADERS.stageCount({ min: 1 }, none).pass).toBe(false);
  });
});

describe("edges", () => {
  const edge = { from: "data_prep/sft_packing", to: "sft/megatron_bridge" };

  it("finds a wired edge, with or without its type", () => {
    expect(GRADERS.edges([edge], plan).pass).toBe(true);
    expect(GRADERS.edges([{ ...edge, type: "packed_parquet" }], plan).pass).toBe(true);
  });

  it("fails on a wrong type, a reversed edge or a missing stage", () => {
    expect(GRADERS.edges([{ ...edge, type: "binidx" }], plan).pass).toBe(false);
    expect(GRADERS.edges([{ from: edge.to, to: edge.from }], plan).pass).toBe(false);
    expect(GRADERS.edges([{ from: "curate/nemo_curator", to: edge.to }], plan).pass).toBe(false);
  });

  it("accepts a produced subtype flowing into a broader port", () => {
    const result = sftPlanResult();
    if (!result.plan) throw new Error("fixture has a plan");
    result.plan.stages = [
      stage(
        "01_translate",
        "translate/nemo_curator",
        [["filtered_jsonl", "user"]],
        ["translated_jsonl"],
      ),
      stage("02_sft", "sft/automodel", [["training_jsonl", "01_translate"]], ["checkpoint_hf"]),
    ];
    const ctx = ctxFor(result);
    const wired = { from: "translate/nemo_curator", to: "sft/automodel" };
    expect(GRADERS.edges([{ ...wired, type: "translated_jsonl" }], ctx).pass).toBe(true);
    expect(GRADERS.edges([{ ...wired, type: "training_jsonl" }], ctx).pass).toBe(true);
    expect(GRADERS.edges([{ ...wired, type: "raw_jsonl" }], ctx).pass).toBe(false);
  });
});

describe("required inputs and findings", () => {
  it("requiredInputs and requiredInputsAbsent read plan.requiredInputs", () => {
    expect(GRADERS.requiredInputs(["hardware.gpus"], plan).pass).toBe(true);
    expect(GRADERS.requiredInputs(["hardware.gpus", "data.path"], plan).pass).toBe(false);
    expect(GRADERS.requiredInputsAbsent(["data.path"], plan).pass).toBe(true);
    expect(GRADERS.requiredInputsAbsent(["hardware.gpus"], plan).pass).toBe(false);
    expect(GRADERS.requiredInputs(["model"], none).pass).toBe(false);
  });

  it("findingCodes and findingCodesAbsent read plan.findings", () => {
    expect(GRADERS.findingCodes(["alignment"], plan).pass).toBe(true);
    expect(GRADERS.findingCodes(["gpu_min"], plan).pass).toBe(false);
    expect(GRADERS.findingCodesAbsent(["gpu_min"], plan).pass).toBe(true);
    const flagged = GRADERS.findingCodesAbsent(["alignment"], plan);
    expect(flagged.pass).toBe(false);
    expect(flagged.reason).toContain("pack_size");
  });
});

describe("params", () => {
  it("reads flat dotted keys and nested keys, and matches numbers with their spelling", () => {
    const ok = GRADERS.params(
      [
        { step: "data_prep/sft_packing", key: "pack_size", equals: "4096" },
        { step: "sft/megatron_bridge", key: "model.seq_length", equals: 8192 },
        {
          step: "sft/megatron_bridge",
          key: "dataset.packed_sequence_specs.packed_sequence_size",
          equals: 8192,
        },
      ],
      plan,
    );
    expect(ok.pass).toBe(true);
  });

  it("reads a manifest parameter the config nests, when every nested key agrees", () => {
    const seq = { step: "sft/megatron_bridge", key: "seq_length", equals: 8192 };
    expect(GRADERS.params([seq], plan).pass).toBe(true);
    expect(GRADERS.params([{ ...seq, equals: 4096 }], plan).pass).toBe(false);
    const split = ctxFor(sftPlanResult());
    const sft = split.result.plan?.stages.find((s) => s.step === "sft/megatron_bridge");
    if (sft) sft.params["recipe.seq_length"] = 4096;
    expect(GRADERS.params([seq], split).pass).toBe(false);
  });

  it("fails on a different value, a missing key or a missing stage", () => {
    expect(
      GRADERS.params([{ step: "data_prep/sft_packing", key: "pack_size", equals: 8192 }], plan)
        .pass,
    ).toBe(false);
    expect(
      GRADERS.params([{ step: "data_prep/sft_packing", key: "tokenizer", equals: "x" }], plan).pass,
    ).toBe(false);
    expect(GRADERS.params([{ step: "sft/automodel", key: "peft", equals: null }], plan).pass).toBe(
      false,
    );
  });
});
