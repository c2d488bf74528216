import { describe, expect, it } from "vitest";
import { IntentSchema } from "../../src/planner/intent.js";
import {
  CATALOGS,
  catalogAt,
  type IntentCase,
  intentReader,
  LLAMA8B,
  NANO3,
  SUPER3,
  warnAbsentCatalogs,
} from "./intent-fixtures.js";

warnAbsentCatalogs("intent-reader goal cases");

const LIGHTNING = "nvidia/NVIDIA-Nemotron-3.5-Lightning-30B-A3B-BF16";

/** One phrasing per goal, and goal combinations; `goals` is compared exactly. */
const GOAL_CASES: IntentCase[] = [
  { text: "Create a Slurm env profile for our cluster", expect: { goals: ["env_profile"] } },
  {
    text: "Clean and filter my raw crawl JSONL at /data/raw/*.jsonl",
    expect: { goals: ["curate"] },
  },
  {
    text: "Translate my chat JSONL from English to German",
    expect: { goals: ["translate"], translation: { source: "en", target: "de" } },
  },
  { text: "Generate synthetic SFT data with Data Designer", expect: { goals: ["sdg"] } },
  {
    text: "Build an MCQ benchmark from my domain documents in /data/docs",
    expect: { goals: ["byob"], data: { has: ["benchmark_source_corpus"] } },
  },
  {
    text: "Translate the multiple choice eval set into Japanese",
    expect: { goals: ["byob"], translation: { target: "ja" } },
  },
  {
    text: "Pack my chat JSONL with SFT packing for Megatron-Bridge",
    expect: { goals: ["data_prep"] },
  },
  {
    text: "Fine-tune Lightning on my chat data",
    expect: { goals: ["sft"], model: { name: LIGHTNING } },
  },
  { text: "Train a LoRA adapter for Mistral on 1 GPU", expect: { goals: ["peft"], lora: true } },
  { text: "Pretrain from scratch on my filtered corpus", expect: { goals: ["pretrain"] } },
  {
    text: "Continued pretraining of Nano3 on my German corpus",
    expect: { goals: ["cpt"], data: { languages: ["de"] } },
  },
  { text: "Align Nano3 with DPO on my preference pairs", expect: { goals: ["dpo"] } },
  { text: "RL with GRPO and verifiable rewards on Nano3", expect: { goals: ["rlvr"] } },
  { text: "RLHF with a GenRM reward model", expect: { goals: ["rlhf"] } },
  {
    text: "Merge my LoRA adapter into the base model",
    expect: { goals: ["merge"], data: { has: ["checkpoint_lora"] } },
  },
  {
    // With no model named, the checkpoint path is the model the converter loads.
    text: "Convert my Megatron checkpoint at /ckpt/iter_0001000 to HF",
    expect: {
      goals: ["convert"],
      model: { name: "/ckpt/iter_0001000", format: "megatron", inCatalog: false },
      data: { paths: [], has: [] },
    },
  },
  {
    text: "Quantize Nano3 to NVFP4 for B200",
    expect: { goals: ["quantize"], hardware: { gpuType: "B200" } },
  },
  { text: "Prune Nano3 to 20B parameters", expect: { goals: ["prune"] } },
  {
    text: "Distill Super3 into a smaller student",
    expect: { goals: ["distill"], model: { name: SUPER3 } },
  },
  {
    text: "Benchmark my hosted endpoint on GSM8K",
    expect: { goals: ["eval"], eval: { tasks: ["gsm8k"] } },
  },
  {
    text: "Curate my raw JSONL, translate it to Hindi, then SFT Nano3 and evaluate on MMLU",
    expect: { route: "pipeline", goals: ["curate", "translate", "sft", "eval"] },
  },
  {
    text: "LoRA fine-tune Llama-3.1-8B-Instruct, merge the adapter and quantize to FP8",
    expect: { route: "pipeline", goals: ["peft", "merge", "quantize"], model: { name: LLAMA8B } },
  },
  { text: "Full SFT of Nano3, no LoRA", expect: { goals: ["sft"], lora: false } },
];

/** Entities other than goals: hardware, executor, settings, routes. */
const ENTITY_CASES: IntentCase[] = [
  {
    text: "Run sft/automodel -c tiny on 16 A100 80GB over InfiniBand on our slurm cluster",
    expect: {
      route: "single_step",
      goals: ["sft"],
      explicitSteps: ["sft/automodel"],
      configName: "tiny",
      hardware: { totalGpus: 16, gpuType: "A100", gpuMemoryGb: 80, interconnect: "InfiniBand" },
      executor: { kind: "slurm", remote: true },
    },
  },
  {
    text: "LoRA for Nano3 on 8 H100s with NVLink",
    expect: { hardware: { totalGpus: 8, gpuType: "H100", interconnect: "NVLink" } },
  },
  {
    text: "Fine-tune Nano3 on two nodes with 8 GPUs each",
    expect: { hardware: { nodes: 2, gpusPerNode: 8, totalGpus: 16 } },
  },
  {
    text: "Smoke test my hosted endpoint https://api.example.com/v1/chat/completions model nvidia/llama-3.3-nemotron-super-49b-v1 with NVIDIA_API_KEY",
    expect: {
      route: "single_step",
      goals: ["eval"],
      configName: "tiny_chat",
      authVars: ["NVIDIA_API_KEY"],
      eval: {
        endpointUrl: "https://api.example.com/v1/chat/completions",
        modelId: "nvidia/llama-3.3-nemotron-super-49b-v1",
        endpointType: "chat",
      },
    },
  },
  { text: "Fine-tune Nano3 on my chat JSONL with 8k context", expect: { seqLength: 8192 } },
  { text: "SFT packing with seq length 4096 for Nano3", expect: { seqLength: 4096 } },
  {
    text: "Feed my chat JSONL straight into Megatron-Bridge SFT for Nano3",
    expect: { directEdges: [{ from: "training_jsonl", toStep: "sft/megatron_bridge" }] },
  },
  {
    text: "Fine-tune Nano3 and make sure it's better: compare before/after on gsm8k",
    expect: { qualityClaim: true, eval: { tasks: ["gsm8k"] } },
  },
  {
    text: "Run SFT packing on Lepton with --batch my-profile",
    expect: { executor: { kind: "lepton", remote: true, profile: "my-profile" } },
  },
  {
    text: "Which backend should I use for LoRA on Nano3 with 8 GPUs?",
    expect: { route: "recommendation", goals: ["peft"] },
  },
  { text: "Explain how transformers work", expect: { route: "out_of_scope" } },
  { text: "Explain how LoRA works", expect: { route: "out_of_scope" } },
  { text: "Write a python function to sort a list", expect: { route: "out_of_scope" } },
  { text: "Fix the billing on my account", expect: { route: "out_of_scope" } },
  {
    text: "Plan a LoRA run on Llama-3.1-8B-Instruct",
    expect: { route: "pipeline", model: { name: LLAMA8B, inCatalog: true } },
  },
  {
    text: "Evaluate my Megatron checkpoint at /ckpt/run1/iter_0002000 of Nano3 on hellaswag",
    expect: {
      model: { name: NANO3, format: "megatron" },
      data: { paths: ["/ckpt/run1/iter_0002000"], has: ["checkpoint_megatron"] },
      eval: { tasks: ["hellaswag"] },
    },
  },
  {
    text: "Fine-tune Qwen/Qwen2.5-7B-Instruct on my chat JSONL with 4 GPUs",
    expect: {
      model: { name: "Qwen/Qwen2.5-7B-Instruct", format: "hf", inCatalog: false },
      unsupportedModels: [],
      route: "pipeline",
    },
  },
  {
    text: "Curate the files in $TR_ROOT/news_en and ~/corpus/extra.jsonl, write results to ./out",
    expect: { data: { paths: ["$TR_ROOT/news_en", "~/corpus/extra.jsonl"] }, outputDir: "./out" },
  },
];

describe.each(CATALOGS)(
  "readIntent goals and entities on the $name catalog",
  ({ root, present }) => {
    const read = intentReader(root);

    describe.skipIf(!present)("cases", () => {
      const tables = { goals: GOAL_CASES, entities: ENTITY_CASES };
      for (const [table, cases] of Object.entries(tables)) {
        it.each(cases)(`${table}: $text`, ({ text, expect: wanted }) => {
          const intent = read(text);
          expect(IntentSchema.safeParse(intent).success).toBe(true);
          expect(intent).toMatchObject(wanted);
          if (Array.isArray(wanted.goals)) expect(intent.goals).toEqual(wanted.goals);
          for (const type of intent.data.has)
            expect(catalogAt(root).artifacts.has(type)).toBe(true);
        });
      }
    });
  },
);
