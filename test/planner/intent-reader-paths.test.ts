import { describe, expect, it } from "vitest";
import { CATALOGS, type IntentCase, intentReader, warnAbsentCatalogs } from "./intent-fixtures.js";

warnAbsentCatalogs("path-role cases");

/** What each path a request names stands for: data, a checkpoint, the model, an output. */
const PATH_CASES: IntentCase[] = [
  {
    text: "Prune my HF model /ckpt/base-hf down to 4B parameters and write it to /ckpt/pruned",
    expect: {
      model: { name: "/ckpt/base-hf", format: "hf", inCatalog: false },
      data: { paths: [], has: [] },
      outputDir: "/ckpt/pruned",
    },
  },
  {
    // The output's description ("a Megatron checkpoint") is not something the user has.
    text: "Convert the HF checkpoint /models/m-hf into a Megatron checkpoint at /models/m-mcore",
    expect: {
      model: { name: "/models/m-hf", format: "hf" },
      data: { paths: [], has: [] },
      outputDir: "/models/m-mcore",
    },
  },
  {
    // "to HF" says what the folder converts from, even when the words before it do not.
    text: "Convert the run directory /runs/sft/checkpoints to HF",
    expect: { model: { name: "/runs/sft/checkpoints", format: "megatron" } },
    absent: ["outputDir"],
  },
  {
    // Undescribed, but the quantizer reads nothing but an HF checkpoint.
    text: "Quantize /ckpt/model-hf for deployment on B200 GPUs",
    expect: { model: { name: "/ckpt/model-hf", format: "hf" }, data: { paths: [] } },
  },
  {
    // A trained (SFT) checkpoint stays a declared input; data paths come first.
    text: "Run DPO starting from my HF SFT checkpoint /ckpt/sft-hf, preference pairs at /data/prefs.jsonl",
    expect: {
      route: "pipeline",
      data: {
        paths: ["/data/prefs.jsonl", "/ckpt/sft-hf"],
        has: ["training_jsonl", "checkpoint_hf"],
      },
    },
    absent: ["model"],
  },
  {
    // A judge model never stands in for the base model.
    text: "RLHF my SFT checkpoint /ckpt/sft/iter_0003000 with the judge model at /models/genrm-hf, prompts in /data/p.jsonl",
    expect: {
      data: {
        paths: ["/data/p.jsonl", "/ckpt/sft/iter_0003000", "/models/genrm-hf"],
        has: ["checkpoint_megatron", "checkpoint_hf", "training_jsonl"],
      },
    },
    absent: ["model"],
  },
  {
    // Several destinations: the last is the output dir, earlier ones stay in paths.
    text: "Translate /data/en.jsonl from English to German into /data/de, then SFT Qwen/Qwen3-30B-A3B with AutoModel, checkpoints to /ckpt/qwen-de",
    expect: {
      data: { paths: ["/data/en.jsonl", "/data/de"] },
      outputDir: "/ckpt/qwen-de",
      translation: { source: "en", target: "de" },
    },
  },
  {
    text: "Generate a Slurm env profile TOML at env.slurm.toml so I can submit steps",
    expect: { goals: ["env_profile"], outputDir: "env.slurm.toml", data: { paths: [] } },
  },
  {
    // bin/idx is the product here; the data's own extension says JSONL.
    text: "Clean my raw web scrape /raw/crawl/*.jsonl with Curator into /data/clean, then tokenize it into bin/idx shards for pretraining",
    expect: {
      goals: ["curate", "data_prep", "pretrain"],
      data: { paths: ["/raw/crawl/*.jsonl"], format: "jsonl", has: ["raw_jsonl"] },
      outputDir: "/data/clean",
    },
  },
];

/** Routes and goals read from the catalog and the stage estimate, not from wording. */
const ROUTE_CASES: IntentCase[] = [
  {
    text: "Export my Megatron SFT checkpoint /runs/n/checkpoints/iter_0010000 to HF and quantize it to FP8",
    expect: { route: "pipeline", goals: ["convert", "quantize"] },
  },
  {
    // LoRA on a Megatron base means the Megatron PEFT step, which needs packing first.
    text: "LoRA on top of our Megatron Nano3 checkpoint /ckpt/n/iter_0001000 with chat data /data/chat.jsonl",
    expect: { route: "pipeline", goals: ["peft"], lora: true },
  },
  {
    text: "Give me only the command to translate /data/news/*.jsonl from English to Hindi into /data/news_hi",
    expect: { route: "single_step", commandOnly: true, outputDir: "/data/news_hi" },
  },
  {
    text: "Pack /data/chat.jsonl with pack_size=4096 and train Nano3 with Megatron-Bridge at seq_length=8192",
    expect: { route: "pipeline", goals: ["data_prep", "sft"] },
  },
  {
    text: "Roughly how many GPUs do I need to run RL on Nemotron Super3?",
    expect: { route: "recommendation", goals: ["rlvr"] },
  },
  { text: "Run RL prep on /data/rl/blend.json", expect: { goals: ["data_prep"] } },
  {
    text: "Resolve and shard them, then run GRPO on the Nano3 SFT checkpoint /ckpt/sft/iter_0004000",
    expect: { route: "pipeline", goals: ["data_prep", "rlvr"] },
  },
  {
    text: "Train a Bradley-Terry reward model from my preference pairs in /data/prefs.jsonl",
    expect: { route: "explorer", gap: expect.stringContaining("reward model") },
  },
  {
    text: "Fine-tune a vision-language model on my image-caption pairs in /data/captions/",
    expect: { route: "explorer", gap: expect.stringContaining("image") },
  },
  {
    text: "Generate 5000 synthetic tool-calling SFT conversations for a customer support agent into /data/sdg",
    expect: { goals: ["sdg"], configName: "customer_support_tools", outputDir: "/data/sdg" },
  },
  {
    text: "Run a quick Curator smoke test on /data/raw/*.jsonl and write the cleaned JSONL to /data/clean",
    expect: { route: "single_step", goals: ["curate"], data: { has: ["raw_jsonl"] } },
  },
  {
    text: "Edit src/nemotron/steps/sft/automodel/config/default.yaml so step_scheduler.max_steps is 1000, for SFT on /data/chat.jsonl",
    expect: { route: "pipeline", overrides: { "step_scheduler.max_steps": "1000" } },
  },
  {
    text: "I have 2 GPUs. Should I do full SFT or LoRA on meta-llama/Llama-3.1-8B-Instruct?",
    expect: { route: "recommendation", goals: ["peft"] },
    absent: ["lora"],
  },
  {
    text: "LoRA fine-tune mistralai/Mistral-7B-Instruct-v0.3 on /data/faq.jsonl, rank 8 and alpha 16",
    expect: { overrides: { "peft.dim": "8", "peft.alpha": "16" } },
  },
  {
    text: "LoRA fine-tune a model on /data/faq.jsonl with lora_rank=4, rank 8",
    expect: { overrides: { lora_rank: "4", "peft.dim": "8" } },
  },
  {
    text: "Benchmark my deployed model at https://m.example.com/v1 on the mmlu_instruct task",
    expect: { goals: ["eval"], eval: { tasks: ["mmlu_instruct"] } },
  },
  {
    text: "Give me the --batch command to run sft/automodel on Lepton with data /data/chat.jsonl",
    expect: { executor: { kind: "lepton", remote: true } },
  },
  {
    text: "Feed my chat JSONL /data/chat.jsonl straight into sft/megatron_bridge, skip the packing step",
    expect: {
      goals: ["sft"],
      directEdges: [{ from: "training_jsonl", toStep: "sft/megatron_bridge" }],
    },
  },
];

describe.each(CATALOGS)("readIntent path roles and routes on the $name catalog", (c) => {
  const read = intentReader(c.root);

  it.skipIf(!c.present).each([...PATH_CASES, ...ROUTE_CASES])(
    "$text",
    ({ text, expect: want, absent }) => {
      const intent = read(text);
      expect(intent).toMatchObject(want);
      for (const key of absent ?? []) expect(intent[key], key).toBeUndefined();
    },
  );

  it.skipIf(!c.present)("keeps a planned thread a plan when a follow-up shrinks it", () => {
    const first = read(
      "Fine-tune Nemotron Nano3 on my chat JSONL at /data/chat.jsonl with a single 8x H100 node",
    );
    expect(first.route).toBe("pipeline");
    const next = read("Actually, use AutoModel instead - we only have 4 GPUs.", first);
    expect(next).toMatchObject({ route: "pipeline", backend: "automodel" });
    expect(next.hardware.totalGpus).toBe(4);
  });

  it.skipIf(!c.present)("reads a request the same way whatever was read before it", () => {
    const text =
      "Feed my chat JSONL /data/chat.jsonl straight into sft/megatron_bridge for Nano3 on 8x H100, skip the packing step";
    const alone = read(text);
    for (const other of [...PATH_CASES, ...ROUTE_CASES]) read(other.text);
    expect(read(text)).toEqual(alone);
    expect(alone.goals).toEqual(["sft"]);
  });

  it.skipIf(!c.present)("reads a bare file name only as a destination", () => {
    const intent = read("Create an env.toml for Lepton");
    expect(intent.goals).toEqual(["env_profile"]);
    expect(intent.outputDir).toBeUndefined();
  });
});
