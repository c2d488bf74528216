import { describe, expect, it } from "vitest";
import { verbForms } from "../../src/planner/intent-reader/matcher.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { plan } from "../validators/fixtures.js";
import { intentReader } from "./intent-fixtures.js";

describe("verb forms of a cue", () => {
  it.each([
    ["fine tune", ["fine tune", "fine tunes", "fine tuned", "fine tuning"]],
    ["distill", ["distill", "distills", "distilled", "distilling"]],
    ["pack", ["pack", "packs", "packed", "packing"]],
    ["quantize", ["quantize", "quantizes", "quantized", "quantizing"]],
  ])("%s", (phrase, forms) => {
    expect(verbForms(phrase)).toEqual(forms);
  });
});

describe.skipIf(!hasSnapshot)("goals declined with a verb and a determiner", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    ["GRPO on /ckpt/sft/iter_0002000, please do not add another SFT pass first.", "sft"],
    ["Quantize /models/hf-tuned to fp8 but we don't need a separate eval afterwards.", "eval"],
    ["SFT Nano3 on /data/chat.jsonl, and don't bother with packing.", "data_prep"],
    ["LoRA on /data/chat.jsonl for Nano3, no extra evaluation stage.", "eval"],
    ["CPT Qwen3-30B-A3B with automodel on /data/c/*.jsonl, no megatron conversion.", "convert"],
  ])("%s declines %s", (text, goal) => {
    const intent = read(text);
    expect(intent.goals).not.toContain(goal);
    expect(intent.declined).toContain(goal);
  });

  it("keeps a goal whose negation is about something else", () => {
    expect(
      read("I'm not sure the SFT data is clean, fine-tune Nano3 on it anyway.").goals,
    ).toContain("sft");
  });
});

describe.skipIf(!hasSnapshot)("a named model the user already tuned", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "RLVR from Qwen/Qwen3-8B; we already fine-tuned it on our chats. Prompts /rl/p.jsonl, 16 GPUs.",
    "The model meta-llama/Llama-3.1-8B-Instruct was instruction-tuned already; DPO it with /d/pairs.jsonl.",
  ])("is a policy to start from: %s", (text) => {
    const intent = read(text);
    expect(intent.model?.tuned).toBe(true);
    expect(intent.goals).not.toContain("sft");
  });

  it("is not said to be tuned when only a later fine-tune is asked for", () => {
    expect(
      read("Fine-tune meta-llama/Llama-3.1-8B-Instruct, then DPO it.").model?.tuned,
    ).toBeUndefined();
  });

  it("starts RL from the tuned model through a converter, with nothing to ask", () => {
    const tuned = {
      name: "meta-llama/Llama-3.1-8B-Instruct",
      format: "hf" as const,
      inCatalog: true,
      tuned: true,
    };
    const dpoFrom = (model: typeof tuned | Omit<typeof tuned, "tuned">) =>
      plan({
        goals: ["dpo"],
        model,
        data: {
          paths: ["/d/pairs.jsonl"],
          kind: "preference",
          has: ["checkpoint_hf", "training_jsonl"],
        },
        hardware: { totalGpus: 16 },
        outputDir: "/out",
      });
    const planned = dpoFrom(tuned);
    expect(planned.steps.slice(0, 2)).toEqual(["convert/hf_to_megatron", "rl/nemo_rl/dpo"]);
    expect(planned.findings.map((f) => f.code)).not.toContain("rl_warm_start");
    const { tuned: _said, ...untuned } = tuned;
    const base = dpoFrom(untuned);
    expect(base.findings.map((f) => f.code)).toContain("rl_warm_start");
  });
});

describe.skipIf(!hasSnapshot)("stages the request names once", () => {
  const read = intentReader(SNAPSHOT);

  it("evaluates through the conversion the user asked for instead of adding a second one", () => {
    const intent = read(
      "CPT Qwen3-30B-A3B with automodel on /data/c/*.jsonl, 8 H100s, then convert it and evaluate. out /o",
    );
    const planned = plan(intent);
    expect(planned.steps.filter((s) => s === "convert/hf_to_megatron")).toHaveLength(1);
    expect(planned.stage("eval/model_eval").consumes).toContainEqual(
      expect.objectContaining({ from: planned.stage("convert/hf_to_megatron").id }),
    );
  });

  it.each([
    ["cpt", true],
    ["pretrain", false],
  ] as const)("%s with AutoModel sets load_weights=%s", (goal, weights) => {
    const planned = plan({
      goals: [goal],
      model: { name: "Qwen/Qwen3-30B-A3B", format: "hf", inCatalog: true },
      backend: "automodel",
      data: { paths: ["/data/c/*.jsonl"], has: ["filtered_jsonl"] },
      hardware: { totalGpus: 8 },
      outputDir: "/out",
    });
    expect(planned.stage("pretrain/automodel").params.load_weights).toBe(weights);
  });
});
