import { describe, expect, it } from "vitest";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { CHAT_DATA, NANO3, plan } from "../validators/fixtures.js";
import { intentReader } from "./intent-fixtures.js";

describe.skipIf(!hasSnapshot)("data that only references datasets", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "DPO on our SFT checkpoint /ckpt/sft/iter_0001000; the pairs blend lists Hugging Face datasets.",
    "GRPO for Nano3. Our prompts are HF dataset references in /rl/prompts.yaml.",
    "The RLVR data at /rl/mix.json still has to be materialised before training can start.",
  ])("reads a blend of references in: %s", (text) => {
    expect(read(text).data.kind).toBe("blend");
  });

  it("does not read a blend where the request says the data has none", () => {
    const intent = read(
      "DPO on /ckpt/sft/iter_0001000 with /data/pairs.jsonl: local prompt/chosen/rejected rows, no HF references.",
    );
    expect(intent.data.kind).not.toBe("blend");
  });

  it("resolves a blend before RL training, and lets packing read a blend itself", () => {
    const rl = plan({
      goals: ["rlvr"],
      model: { ...NANO3, format: "megatron" },
      data: { paths: ["/rl/mix.json"], kind: "blend", has: ["training_jsonl"] },
      outputDir: "/out",
    });
    expect(rl.steps.slice(0, 2)).toEqual(["data_prep/rl_prep", "rl/nemo_rl/rlvr"]);
    expect(rl.stage("rl/nemo_rl/rlvr").consumes).toContainEqual(
      expect.objectContaining({ type: "training_jsonl", from: rl.stage("data_prep/rl_prep").id }),
    );
    const prompts = plan({
      goals: ["rlvr"],
      model: { ...NANO3, format: "megatron" },
      data: { paths: ["/rl/prompts.jsonl"], kind: "prompts", has: ["training_jsonl"] },
      outputDir: "/out",
    });
    expect(prompts.steps).not.toContain("data_prep/rl_prep");
    const sft = plan({
      goals: ["sft"],
      backend: "megatron_bridge",
      model: NANO3,
      data: { ...CHAT_DATA, kind: "blend" },
      outputDir: "/out",
    });
    expect(sft.steps).toContain("data_prep/sft_packing");
    expect(sft.steps).not.toContain("data_prep/rl_prep");
  });
});

describe.skipIf(!hasSnapshot)("clauses that describe or put work off", () => {
  const read = intentReader(SNAPSHOT);

  it("a relative 'which' describes; a 'which' that asks is a recommendation", () => {
    const described = read(
      "SFT Nano3 on /data/chat.jsonl, which is already in messages format, on 8 H100s into /out.",
    );
    expect(described.route).not.toBe("recommendation");
    expect(read("Which backend should we use for LoRA on two A100s?").route).toBe("recommendation");
    expect(read("Not sure which quantization fits B200 best for Nano3.").route).toBe(
      "recommendation",
    );
  });

  it("a purpose clause naming later work leaves only the work asked for now", () => {
    const intent = read(
      "Tokenize /data/clean/*.jsonl for Nano3 into /data/binidx so the pretraining job can pick it up later.",
    );
    expect(intent.goals).toContain("data_prep");
    expect(intent.goals).not.toContain("pretrain");
  });

  it("a bare family word does not bring back a goal the request put off", () => {
    const intent = read(
      "Shard our RL data /rl/prompts.jsonl into /rl/shards; GRPO comes later, just this step.",
    );
    expect(intent.goals).not.toContain("rlvr");
  });
});
