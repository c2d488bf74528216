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

describe.skipIf(!hasSnapshot)("cutting a model down and what the user's checkpoint is", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "Cut /models/base-hf down to about 4.5B parameters, then distill it back.",
    "Shrink our HF model at /models/m to roughly three billion params.",
    "Reduce the layer count of /models/m with ModelOpt; HF format.",
  ])("reads pruning in: %s", (text) => {
    expect(read(text).goals).toContain("prune");
  });

  it("does not read pruning into a quantization or a data cut", () => {
    expect(read("Quantize /models/m (HF) to FP8 for H100 serving.").goals).not.toContain("prune");
    expect(
      read("Reduce the dataset /data/x.jsonl to 5000 rows with the curator.").goals,
    ).not.toContain("prune");
  });

  it("reads data described as tokenized as bin/idx the user has; 'tokenize it' asks for it", () => {
    const have = read(
      "Distill /models/m (HF) on 8 GPUs; the distillation data is already tokenized at /data/d/blend.json.",
    );
    expect(have.data.has).toContain("binidx");
    const want = read("Tokenize /data/clean/*.jsonl for Nano3 pretraining into /data/binidx.");
    expect(want.data.has).not.toContain("binidx");
  });

  it("runs the user's checkpoint when the only model name is an unlisted lineage", () => {
    const intent = read(
      "Quantize our HF checkpoint /models/gemma-ft (a Gemma-2-9B fine-tune) to FP8; outputs in /out.",
    );
    expect(intent.route).not.toBe("explorer");
    expect(intent.goals).toEqual(["quantize"]);
    expect(intent.model?.name).toBe("/models/gemma-ft");
    const training = read("SFT Gemma-2-9B with Megatron-Bridge on /data/chat.jsonl, 8 GPUs.");
    expect(training.route).toBe("explorer");
  });
});

describe.skipIf(!hasSnapshot)("testing what is already trained or served", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "Evaluate our latest fine-tune served at https://ft.example.internal/v1 on gsm8k.",
    "Quantize the distilled model at /models/small (HF) to FP8 into /out.",
  ])("the object of another goal's verb is not work to plan: %s", (text) => {
    const goals = read(text).goals;
    expect(goals).not.toContain("sft");
    expect(goals).not.toContain("distill");
  });

  it.each([
    "Sanity-check the staging NIM at https://nim.example.internal/v1 with gsm8k, one sample.",
    "Can you smoke test https://llm.example.internal/v1 (model acme/m) on mmlu_instruct?",
    "Run a quick smoke test against our deployed endpoint, model id acme/m.",
  ])("a smoke test of something served is an evaluation: %s", (text) => {
    const intent = read(text);
    expect(intent.goals).toEqual(["eval"]);
    expect(intent.route).not.toBe("recommendation");
  });
});

describe.skipIf(!hasSnapshot)("where things are versus where results go", () => {
  const read = intentReader(SNAPSHOT);

  it("a path something is already saved at is an input; an arrow after outputs is the output", () => {
    const intent = read(
      "Our SFT model is stored as safetensors at /models/sft-hf. DPO it on /data/p.jsonl (prompt/chosen/rejected), 16 GPUs; outputs -> /runs/dpo",
    );
    expect(intent.outputDir).toBe("/runs/dpo");
    expect(intent.data.paths).toContain("/models/sft-hf");
    expect(read("Pack /data/chat.jsonl for Nano3 and save it to /data/packed").outputDir).toBe(
      "/data/packed",
    );
  });

  it("a goal word naming a data set describes the data", () => {
    const intent = read(
      "Translate the DPO split at /data/dpo_en.jsonl into German with the hosted LLM backend; output /data/dpo_de.",
    );
    expect(intent.goals).toEqual(["translate"]);
  });
});

describe.skipIf(!hasSnapshot)(
  "values beside a translation server and a profile the user has",
  () => {
    const read = intentReader(SNAPSHOT);

    it("the model id beside the translation server is the server's, also with a model to train", () => {
      const intent = read(
        "Translate /data/chat_en.jsonl to German through our server https://llm.example.internal/v1, model meta/llama-3.3-70b-instruct, then SFT Nano3 on it with AutoModel into /runs/de.",
      );
      expect(intent.translation.serverModel).toBe("meta/llama-3.3-70b-instruct");
      expect(intent.model?.alias).toBe("Nano3");
    });

    it("a profile found in the user's env file is used, not generated, and 'using' is no profile name", () => {
      const intent = read(
        "SFT Nano3 on /data/chat.jsonl with AutoModel, submit with --batch using the slurm profile in our env.toml; outputs in /runs/x",
      );
      expect(intent.goals).not.toContain("env_profile");
      expect(intent.executor.profile).not.toBe("using");
      expect(read("Add a lepton profile for sft/automodel in our env.toml").goals).toContain(
        "env_profile",
      );
    });
  },
);

describe.skipIf(!hasSnapshot)("optional inputs made from the user's data", () => {
  const read = intentReader(SNAPSHOT);
  const hfModel = { name: "/models/m", format: "hf" as const, inCatalog: false };

  it("tokenizes the user's corpus for distillation, and runs on mock data without one", () => {
    const real = plan({
      goals: ["distill"],
      model: hfModel,
      data: { paths: ["/data/text.jsonl"], format: "jsonl", kind: "text", has: ["filtered_jsonl"] },
      hardware: { totalGpus: 8 },
      outputDir: "/out",
    });
    expect(real.steps.slice(0, 2)).toEqual([
      "data_prep/pretrain_prep",
      "optimize/modelopt/distill",
    ]);
    const mock = plan({
      goals: ["distill"],
      model: hfModel,
      hardware: { totalGpus: 8 },
      outputDir: "/out",
    });
    expect(mock.steps).not.toContain("data_prep/pretrain_prep");
  });

  it("reads a blend from datasets named as referenced in a file", () => {
    const intent = read(
      "DPO pairs live in three HF datasets referenced in /data/rl/mix.json; policy /ckpt/sft/iter_0000100.",
    );
    expect(intent.data.kind).toBe("blend");
  });
});

describe.skipIf(!hasSnapshot)("a backend that fits the GPUs", () => {
  it("plans AutoModel for an HF recipe model under a node unless Megatron-Bridge is asked for", () => {
    const small = plan({
      goals: ["sft"],
      model: NANO3,
      data: CHAT_DATA,
      hardware: { totalGpus: 2 },
      outputDir: "/o",
    });
    expect(small.steps).toContain("sft/automodel");
    expect(small.steps).not.toContain("sft/megatron_bridge");
    const pinned = plan({
      goals: ["sft"],
      backend: "megatron_bridge",
      model: NANO3,
      data: CHAT_DATA,
      hardware: { totalGpus: 2 },
      outputDir: "/o",
    });
    expect(pinned.steps).toContain("sft/megatron_bridge");
    const node = plan({
      goals: ["sft"],
      model: NANO3,
      data: CHAT_DATA,
      hardware: { totalGpus: 8 },
      outputDir: "/o",
    });
    expect(node.steps).toContain("sft/megatron_bridge");
  });
});

describe.skipIf(!hasSnapshot)("work someone already did", () => {
  const read = intentReader(SNAPSHOT);

  it("a participle with a subject is done work even when how it was done follows", () => {
    const intent = read(
      "We fine-tuned Qwen3-30B-A3B with AutoModel last month (HF weights at /ckpt/q-hf). Now run DPO on it with /data/p.jsonl (prompt/chosen/rejected), 16 GPUs, into /runs/q-dpo.",
    );
    expect(intent.goals).toEqual(["dpo"]);
    expect(intent.backend).toBeUndefined();
    expect(intent.route).toBe("pipeline");
    expect(read("Fine-tune Nano3 with AutoModel on /data/chat.jsonl, 8 GPUs").backend).toBe(
      "automodel",
    );
  });
});
