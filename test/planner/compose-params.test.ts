import { describe, expect, it } from "vitest";
import { checkBatchDivisibility, checkStageParams } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, type IntentInput, LLAMA, NANO3, plan, rules } from "../validators/fixtures.js";

const SEQ_KEYS = [
  "recipe.seq_length",
  "dataset.seq_length",
  "dataset.packed_sequence_specs.packed_sequence_size",
  "model.seq_length",
];

describe.skipIf(!hasSnapshot)("composePlan stage params (real catalog)", () => {
  const nano: Partial<IntentInput> = {
    goals: ["sft"],
    model: NANO3,
    hardware: { totalGpus: 8 },
    data: CHAT_DATA,
    outputDir: "/runs/a/",
    qualityClaim: true,
  };

  it("wires user paths verbatim, upstream outputs by layout, and the model on its keys", () => {
    const p = plan(nano);
    const prep = p.stage("data_prep/sft_packing");
    const train = p.stage("sft/megatron_bridge");
    expect(prep.params).toMatchObject({
      blend_path: "/data/chat/*.jsonl",
      output_dir: "/runs/a/01_sft_packing",
      "tokenizer.model": NANO3.name,
      chat_template: "nano3",
    });
    expect(train.params).toMatchObject({
      hf_model_path: NANO3.name,
      "dataset.packed_sequence_specs.packed_train_data_path": "/runs/a/01_sft_packing/splits/train",
      "checkpoint.save": "/runs/a/02_megatron_bridge",
    });
    expect(p.stage("eval/model_eval").params["deployment.checkpoint_path"]).toMatch(
      /^\/runs\/a\/02_megatron_bridge\/iter_\d{7}$/,
    );
    expect(p.stage("sft/megatron_bridge").configPath).toBe(
      "src/nemotron/steps/sft/megatron_bridge/config/nano3-sft.yaml",
    );
  });

  it("keeps pack size and every trainer sequence length identical, from the request or the catalog", () => {
    for (const [seqLength, expected] of [
      [undefined, 4096],
      [8192, 8192],
    ] as const) {
      const p = plan({ ...nano, ...(seqLength ? { seqLength } : {}) });
      expect(p.stage("data_prep/sft_packing").params.pack_size).toBe(expected);
      for (const key of SEQ_KEYS) expect(p.stage("sft/megatron_bridge").params[key]).toBe(expected);
      expect(p.findings.filter((f) => f.code === "alignment")).toEqual([]);
    }
  });

  it("switches LoRA by the step's key only when the user said so", () => {
    const train = (lora?: boolean) =>
      plan({ ...nano, ...(lora === undefined ? {} : { lora }) }).stage("sft/megatron_bridge")
        .params;
    expect(train(false).peft).toBeNull();
    expect(train(true).peft).toBe("lora");
    expect(train()).not.toHaveProperty("peft");
  });

  it("fits the parallel layout and global batch to the GPU count", () => {
    const twelve = plan({ ...nano, hardware: { nodes: 2, gpusPerNode: 6 } });
    const train = twelve.stage("sft/megatron_bridge");
    expect(train.params["train.global_batch_size"]).toBe(9);
    expect(checkBatchDivisibility(twelve.composed, twelve.ctx, rules)).toEqual([]);
    const two = plan({ ...nano, backend: "megatron_bridge", hardware: { totalGpus: 2 } });
    expect(two.stage("sft/megatron_bridge").params["model.tensor_model_parallel_size"]).toBe(2);
    expect(two.findings.map((f) => f.code)).toContain("megatron-on-few-gpus");
    const dense = plan({
      goals: ["sft"],
      lora: true,
      model: LLAMA,
      hardware: { totalGpus: 2 },
      data: CHAT_DATA,
    });
    expect(dense.stage("peft/automodel").params["distributed.ep_size"]).toBe(1);
  });

  it("applies key=value overrides where the key exists and reports the rest", () => {
    const p = plan({
      ...nano,
      overrides: { "train.train_iters": "200", pack_size: "2048", "no.such.key": "1" },
    });
    expect(p.stage("sft/megatron_bridge").params["train.train_iters"]).toBe(200);
    expect(p.stage("data_prep/sft_packing").params.pack_size).toBe(2048);
    expect(p.stage("eval/model_eval").params).not.toHaveProperty("train.train_iters");
    expect(p.draft.findings.map((f) => f.code)).toContain("override_unmatched");
    // The user's pack_size now disagrees with the trainer: the hard check says so.
    expect(p.findings.some((f) => f.code === "alignment" && f.message.includes("2048"))).toBe(true);
  });

  it("never writes credentials, art references or keys the shipped config lacks", () => {
    const p = plan({
      goals: ["translate"],
      translation: { source: "en", target: "hi", serverModel: "some/model" },
      data: { paths: ["/data/news/*.jsonl"], kind: "chat" },
      authVars: ["MY_TRANSLATE_KEY"],
      overrides: { "server.api_key": "sk-live-123456" },
      outputDir: "/out",
    });
    const translate = p.stage("translate/nemo_curator");
    expect(translate.params).toMatchObject({
      input_path: "/data/news/*.jsonl",
      source_language: "en",
      target_language: "hi",
      "server.model": "some/model",
      "server.api_key_env": "MY_TRANSLATE_KEY",
    });
    expect(translate.params).not.toHaveProperty("server.api_key");
    expect(JSON.stringify(p.draft)).not.toContain("sk-live-123456");
    expect(p.draft.findings.map((f) => f.code)).toContain("secret_dropped");
    for (const draft of [p.draft, plan(nano).draft]) {
      expect(JSON.stringify(draft)).not.toContain(["$", "{art:"].join(""));
      expect(checkStageParams(draft, p.ctx)).toEqual([]);
    }
  });

  it("asks for missing concrete values instead of guessing", () => {
    const p = plan({ goals: ["sft"], data: { format: "jsonl", kind: "chat" } });
    const keys = p.draft.requiredInputs.map((r) => r.key);
    expect(keys).toEqual(
      expect.arrayContaining(["model", "hardware.gpus", "data.path", "output_dir"]),
    );
    const model = p.draft.requiredInputs.find((r) => r.key === "model");
    expect(model?.question).toContain(NANO3.name);
    const translate = plan({ goals: ["translate"], data: { paths: ["/x.jsonl"] } });
    expect(translate.draft.requiredInputs.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        "translation.target",
        "translation.source",
        "output_dir",
        "auth_var",
      ]),
    );
  });

  it("evaluates a served endpoint from the chat-endpoint config with the user's tasks", () => {
    const p = plan({
      route: "single_step",
      goals: ["eval"],
      eval: {
        endpointUrl: "https://llm.example/v1",
        modelId: "my-model",
        endpointType: "chat",
        tasks: ["ifeval"],
      },
      authVars: ["EVAL_KEY"],
    });
    const evalStage = p.stage("eval/model_eval");
    expect(evalStage.baseConfig).toBe("tiny_chat");
    expect(evalStage.params).toMatchObject({
      "target.api_endpoint.url": "https://llm.example/v1",
      "target.api_endpoint.model_id": "my-model",
      "target.api_endpoint.api_key_name": "EVAL_KEY",
      "evaluation.tasks": [{ name: "ifeval" }],
    });
    expect(p.draft.requiredInputs).toEqual([]);
  });

  it("asks for a baseline run on the eval stage when the user has something to measure already", () => {
    const p = plan({
      ...nano,
      eval: { endpointUrl: "https://base.example/v1", modelId: "base", tasks: ["ifeval"] },
    });
    // One eval stage, after training; the baseline is a note on it, so the chart has no orphan.
    expect(p.steps.filter((s) => s === "eval/model_eval")).toHaveLength(1);
    expect(p.steps.at(-1)).toBe("eval/model_eval");
    const evalStage = p.stage("eval/model_eval").id;
    expect(p.draft.findings).toContainEqual(
      expect.objectContaining({ code: "eval_baseline", stage: evalStage }),
    );
  });
});
