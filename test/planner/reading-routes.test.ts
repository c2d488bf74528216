import { describe, expect, it } from "vitest";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { plan } from "../validators/fixtures.js";
import { intentReader } from "./intent-fixtures.js";

describe.skipIf(!hasSnapshot)("the goal asked for now", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "quick smoke of our hosted NIM at https://nim.example.com/v1, model id acme/m-70b, mmlu_instruct",
    "smoke run against https://llm.example.com/v1 please, model id org/x-8b, one sample of mmlu_instruct",
  ])("a smoke of a served model is its evaluation: %s", (text) => {
    const intent = read(text);
    expect(intent.route).toBe("single_step");
    expect(intent.goals).toEqual(["eval"]);
  });

  it.each(["megatron->hf", "mcore → HF", "megatron2hf", "HF => megatron"])(
    "a format arrow asks for a conversion: %s",
    (arrow) => {
      expect(read(`${arrow} for /ckpt/run/iter_0000500, out /export/x`).goals).toEqual(["convert"]);
    },
  );

  it.each([
    [
      "need our english chat set translated for the multilingual run, /data/en/*.jsonl",
      "translate",
    ],
    ["we want /models/m-hf quantized to fp8 for our H100s, out /q", "quantize"],
  ])("a participle after 'need'/'want' asks for the work: %s", (text, goal) => {
    expect(read(text).goals).toContain(goal);
  });

  it("a participle in a report still says the work is done", () => {
    expect(
      read("The set /data/ja/*.jsonl was translated last week; SFT Nano3 on it.").goals,
    ).toEqual(["sft"]);
  });

  it("comparing an evaluation's results is not a request for advice", () => {
    const intent = read(
      "benchmark the model we deployed at http://10.0.3.7:8000/v1 (served name is 'ft-qwen-7b'); how it stacks up vs the base",
    );
    expect(intent.route).not.toBe("recommendation");
    expect(intent.eval.modelId).toBe("ft-qwen-7b");
    expect(read("DPO vs RLVR for our math data?").route).toBe("recommendation");
  });
});

describe.skipIf(!hasSnapshot)("a translation answered over two turns", () => {
  const read = intentReader(SNAPSHOT);

  it("takes the source language from what the first turn said the data is in", () => {
    const first = read("need our english chat set translated, /data/en/*.jsonl, output /data/out");
    expect(first.translation.target).toBeUndefined();
    const answered = read("japanese", first);
    expect(answered.translation).toMatchObject({ source: "en", target: "ja" });
  });

  it("rebuilds translated chat records as messages", () => {
    const planned = plan({
      goals: ["translate"],
      data: {
        paths: ["/data/en/*.jsonl"],
        kind: "chat",
        has: ["filtered_jsonl"],
        languages: ["en"],
      },
      translation: { source: "en", target: "ja", backend: "llm" },
      outputDir: "/out",
    });
    expect(planned.stage("translate/nemo_curator").params).toMatchObject({
      text_field: "messages.*.content",
      reconstruct_messages: true,
    });
  });
});

describe.skipIf(!hasSnapshot)("env profiles named in passing", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "launch sft/automodel -c tiny on lepton with --batch, use whatever profile in env.toml matches the step",
    "submit data_prep/sft_packing -c tiny with --batch, the env.toml in the repo has our lepton settings",
  ])("say where a submission reads its settings, not that a profile is to be made: %s", (text) => {
    const intent = read(text);
    expect(intent.goals).not.toContain("env_profile");
    expect(intent.executor.profile).toBeUndefined();
  });

  it.each([
    "generate a slurm env profile for our cluster at env.slurm.toml",
    "add an RLHF profile to our existing env.toml",
    "which env profiles do I have, and what do they contain?",
  ])("ask for profile work: %s", (text) => {
    expect(read(text).goals).toContain("env_profile");
  });

  it("takes a name-shaped word after 'profile' as its name, not a verb", () => {
    expect(read("sft/automodel -c tiny --batch with profile lepton_sft").executor.profile).toBe(
      "lepton_sft",
    );
    expect(
      read("sft/automodel -c tiny with --batch; tell me what that profile sets").executor.profile,
    ).toBe(undefined);
  });
});

describe.skipIf(!hasSnapshot)("evaluations on both sides of the work", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "LoRA Llama 3.1 8B on /data/qa.jsonl, 8 H100s, out /o, and bookend it with evals",
    "LoRA Llama 3.1 8B on /data/qa.jsonl, 8 H100s, out /o; eval a baseline first and then one after training",
  ])("compare results, keeping the default tasks: %s", (text) => {
    const intent = read(text);
    expect(intent.qualityClaim).toBe(true);
    const planned = plan(intent);
    expect(planned.draft.requiredInputs.map((r) => r.key)).not.toContain("eval.tasks");
  });

  it("a plain requested eval without tasks still asks which tasks", () => {
    const planned = plan(read("Evaluate /ckpt/run/iter_0001000 and write results to /r"));
    expect(planned.draft.requiredInputs.map((r) => r.key)).toContain("eval.tasks");
  });
});

describe.skipIf(!hasSnapshot)(
  "a step whose input the user's checkpoint reaches only through a converter",
  () => {
    const read = intentReader(SNAPSHOT);
    const text =
      "quantize our DPO'd nano3 to fp8. ckpt is megatron format at /ckpts/n3-dpo/iter_0000800. results under /ckpts/n3-fp8. 8 H100s";

    it("is a pipeline that converts the user's checkpoint, not the hub model", () => {
      const intent = read(text);
      expect(intent.route).toBe("pipeline");
      const planned = plan(intent);
      expect(planned.steps.slice(0, 2)).toEqual([
        "convert/megatron_to_hf",
        "optimize/modelopt/quantize",
      ]);
      expect(planned.stage("convert/megatron_to_hf").params).toMatchObject({
        megatron_path: "/ckpts/n3-dpo/iter_0000800",
        hf_model_id: "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16",
      });
      expect(planned.draft.requiredInputs.map((r) => r.key)).not.toContain("model");
    });

    it("still asks which HF model to rebuild from when only a path names the model", () => {
      const planned = plan(read("convert /ckpts/run/iter_0000800 to HF, write it to /exports/x"));
      expect(planned.draft.requiredInputs.map((r) => r.key)).toContain("model");
    });
  },
);

describe.skipIf(!hasSnapshot)("the tokenizer of an evaluated checkpoint", () => {
  const read = intentReader(SNAPSHOT);

  it("is the named model's when a Megatron checkpoint is deployed for logprob tasks", () => {
    const planned = plan(
      read(
        "eval my megatron ckpt /ckpts/n3/iter_0003000 on hellaswag. tokenizer is nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16. results to /r",
      ),
    );
    expect(
      planned.stage("eval/model_eval").params[
        "evaluation.nemo_evaluator_config.config.params.extra.tokenizer"
      ],
    ).toBe("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16");
  });

  it("is left to the config, and not asked, when only the checkpoint path is known", () => {
    const planned = plan(read("eval /ckpts/n3/iter_0003000 on hellaswag, results to /r"));
    const params = planned.stage("eval/model_eval").params;
    expect(
      params["evaluation.nemo_evaluator_config.config.params.extra.tokenizer"],
    ).toBeUndefined();
    expect(planned.draft.requiredInputs.map((r) => r.key)).not.toContain("model.tokenizer");
  });
});

describe.skipIf(!hasSnapshot)("work the catalog has no step for", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "i want a BYOB-style benchmark but for free-form math word problems with numeric answers (gsm8k style), NOT multiple choice. docs at /d/",
    "build an eval set from /docs/fin where every item has a short-answer response, scored by exact match",
    "before pretraining prep I want to crawl about 50 partner websites and dedup the result",
    "run fuzzy MinHash dedup over /data/web/*.jsonl before CPT",
  ])("goes to the Explorer: %s", (text) => {
    expect(read(text).route).toBe("explorer");
  });

  it("a multiple-choice benchmark stays with byob/mcq", () => {
    const intent = read("build a multiple-choice benchmark from /docs/bank, out /bench/bank");
    expect(intent.route).not.toBe("explorer");
    expect(intent.goals).toContain("byob");
  });
});

describe.skipIf(!hasSnapshot)("choosing among methods", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    [
      "Which RL step fits: math problems with exact answers we can check programmatically. DPO, RLVR or RLHF?",
      ["rlvr"],
    ],
    [
      "annotators picked the better of two responses for 40k prompts; we don't have a reward model. DPO or RLHF?",
      ["dpo"],
    ],
    ["DPO or RLVR for our data?", ["dpo", "rlvr"]],
  ])("%s", (text, goals) => {
    const intent = read(text);
    expect(intent.route).toBe("recommendation");
    expect(intent.goals).toEqual(goals);
  });

  it("a list of goals that is not a question is all asked for", () => {
    expect(read("SFT, DPO and eval for Nano3 on /data/c.jsonl, 16 GPUs, out /o").goals).toEqual(
      expect.arrayContaining(["sft", "dpo", "eval"]),
    );
  });
});
