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
    const planned = plan({
      goals: ["dpo"],
      model: tuned,
      data: {
        paths: ["/d/pairs.jsonl"],
        kind: "preference",
        has: ["checkpoint_hf", "training_jsonl"],
      },
      hardware: { totalGpus: 16 },
      outputDir: "/out",
    });
    expect(planned.steps.slice(0, 2)).toEqual(["convert/hf_to_megatron", "rl/nemo_rl/dpo"]);
    expect(planned.findings.map((f) => f.code)).not.toContain("rl_warm_start");
    const base = plan({
      goals: ["dpo"],
      model: { ...tuned, tuned: undefined },
      data: {
        paths: ["/d/pairs.jsonl"],
        kind: "preference",
        has: ["checkpoint_hf", "training_jsonl"],
      },
      hardware: { totalGpus: 16 },
      outputDir: "/out",
    });
    expect(base.findings.map((f) => f.code)).toContain("rl_warm_start");
  });
});
