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

warnAbsentCatalogs("intent-reader cases");

/** The acceptance requests of the planning brief. */
const ACCEPTANCE: IntentCase[] = [
  {
    text: "Fine-tune Nemotron Nano3 on my English chat JSONL with a single 8x H100 node",
    expect: {
      route: "pipeline",
      goals: ["sft"],
      model: { name: NANO3, alias: "Nano3", format: "hf", inCatalog: true },
      hardware: { nodes: 1, gpusPerNode: 8, totalGpus: 8, gpuType: "H100", gpuMemoryGb: 80 },
      data: {
        paths: [],
        format: "jsonl",
        kind: "chat",
        languages: ["en"],
        has: ["training_jsonl"],
      },
    },
  },
  {
    text: "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft",
    expect: {
      route: "pipeline",
      goals: ["sft"],
      model: { name: NANO3, alias: "Nano3", inCatalog: true },
      hardware: { nodes: 1, gpusPerNode: 8, totalGpus: 8, gpuType: "H100" },
      executor: { kind: "local", remote: false },
      data: {
        paths: ["/data/chat/train.jsonl"],
        kind: "chat",
        languages: ["en"],
        has: ["training_jsonl"],
      },
      outputDir: "/out/nano3-sft",
    },
  },
  {
    text: "LoRA on a HF model with 2 GPUs and chat JSONL",
    expect: {
      route: "pipeline",
      goals: ["peft"],
      lora: true,
      hardware: { totalGpus: 2 },
      data: { format: "jsonl", kind: "chat", has: ["checkpoint_hf", "training_jsonl"] },
      unsupportedModels: [],
    },
  },
  {
    text: "LoRA fine-tune meta-llama/Llama-3.1-8B-Instruct on my chat JSONL at /data/chat.jsonl with 2 GPUs",
    expect: {
      route: "pipeline",
      goals: ["peft"],
      model: { name: LLAMA8B, format: "hf", inCatalog: true },
      lora: true,
      hardware: { totalGpus: 2 },
      data: { paths: ["/data/chat.jsonl"], has: ["training_jsonl"] },
    },
  },
  {
    text: "translate my MCQ benchmark to Hindi",
    expect: {
      route: "single_step",
      goals: ["byob"],
      translation: { target: "hi" },
      data: { kind: "mcq", has: ["mcq_benchmark_parquet"] },
    },
  },
  {
    text: "translate /data/news/*.jsonl from English to Hindi with the llm backend, text_field=text, output to /out/news_hi, server.url=https://integrate.api.nvidia.com/v1 server.model=meta/llama-3.3-70b-instruct, key in NVIDIA_API_KEY — just give me the command",
    expect: {
      route: "single_step",
      goals: ["translate"],
      commandOnly: true,
      data: { paths: ["/data/news/*.jsonl"], languages: ["en"], has: ["filtered_jsonl"] },
      outputDir: "/out/news_hi",
      translation: {
        source: "en",
        target: "hi",
        backend: "llm",
        textField: "text",
        serverUrl: "https://integrate.api.nvidia.com/v1",
        serverModel: "meta/llama-3.3-70b-instruct",
      },
      authVars: ["NVIDIA_API_KEY"],
      overrides: {
        text_field: "text",
        "server.url": "https://integrate.api.nvidia.com/v1",
        "server.model": "meta/llama-3.3-70b-instruct",
      },
    },
  },
  {
    text: "Submit SFT packing for my chat JSONL to Lepton with --batch",
    expect: {
      route: "single_step",
      goals: ["data_prep"],
      executor: { kind: "lepton", remote: true },
      data: { kind: "chat", has: ["training_jsonl"] },
    },
  },
  {
    text: "Full SFT of Super3 on 8 GPUs",
    expect: {
      route: "pipeline",
      goals: ["sft"],
      lora: false,
      hardware: { totalGpus: 8 },
      model: { name: SUPER3, alias: "Super3", inCatalog: true },
    },
  },
  {
    text: "Evaluate my endpoint https://x.example.com/v1 model foo/bar on IFEval",
    expect: {
      route: "single_step",
      goals: ["eval"],
      eval: { endpointUrl: "https://x.example.com/v1", modelId: "foo/bar", tasks: ["ifeval"] },
      unsupportedModels: [],
    },
  },
  {
    text: "data prep + SFT for Nemotron Super3 on 4 nodes of 8x H100",
    expect: {
      route: "pipeline",
      goals: ["data_prep", "sft"],
      model: { name: SUPER3, alias: "Super3" },
      hardware: { nodes: 4, gpusPerNode: 8, totalGpus: 32, gpuType: "H100" },
    },
  },
  {
    text: "Build a React dashboard for my training runs",
    expect: { route: "out_of_scope", goals: [] },
  },
  {
    text: "Fine-tune Falcon-Mamba-999B on my data",
    expect: {
      route: "explorer",
      goals: ["sft"],
      unsupportedModels: ["Falcon-Mamba-999B"],
      model: { name: "Falcon-Mamba-999B", format: "unknown", inCatalog: false },
    },
  },
  {
    text: "Scaffold a new step for DPO with AutoModel on HF checkpoints with preference JSONL (prompt/chosen/rejected), 2 GPUs",
    expect: {
      route: "explorer",
      goals: ["dpo"],
      backend: "automodel",
      hardware: { totalGpus: 2 },
      data: { format: "jsonl", kind: "preference", has: ["checkpoint_hf", "training_jsonl"] },
      unsupportedModels: [],
    },
  },
];

describe.each(CATALOGS)("readIntent on the $name catalog", ({ root, present }) => {
  const read = intentReader(root);

  describe.skipIf(!present)("cases", () => {
    it.each(ACCEPTANCE)("acceptance: $text", ({ text, expect: wanted }) => {
      const intent = read(text);
      expect(IntentSchema.safeParse(intent).success).toBe(true);
      expect(intent).toMatchObject(wanted);
      expect(intent.requests).toEqual([text]);
      if (Array.isArray(wanted.goals)) expect(intent.goals).toEqual(wanted.goals);
    });

    it("keeps has types inside the catalog's artifact types", () => {
      const catalog = catalogAt(root);
      for (const { text } of ACCEPTANCE) {
        for (const type of read(text).data.has) expect(catalog.artifacts.has(type)).toBe(true);
      }
    });

    it("explains the explorer gap in words that name the goal and backend", () => {
      const intent = read(ACCEPTANCE.at(-1)?.text ?? "");
      expect(intent.gap).toMatch(/dpo/);
      expect(intent.gap).toMatch(/automodel/);
      expect(intent.gap).toMatch(/rl\/nemo_rl\/dpo/);
      expect(read("Fine-tune Falcon-Mamba-999B on my data").gap).toMatch(/Falcon-Mamba-999B/);
    });

    it("uses LoRA-capable SFT on the catalog backend without a gap", () => {
      const intent = read("Fine-tune Nano3 on my chat JSONL with Megatron-Bridge");
      expect(intent.route).toBe("pipeline");
      expect(intent.backend).toBe("megatron_bridge");
      expect(intent.gap).toBeUndefined();
    });
  });
});
