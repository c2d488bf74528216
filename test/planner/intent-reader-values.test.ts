import { describe, expect, it } from "vitest";
import { parseCount } from "../../src/planner/intent-reader/numbers.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { intentReader } from "./intent-fixtures.js";

describe("counts written as words or digits", () => {
  it.each([
    ["2000", 2000],
    ["2,000", 2000],
    ["2k", 2000],
    ["1.5k", 1500],
    ["one", 1],
    ["twenty-four", 24],
    ["two thousand", 2000],
    ["five thousand", 5000],
    ["a hundred", 100],
    ["three hundred and twelve", 312],
  ])("%s is %d", (text, value) => {
    expect(parseCount(text)).toBe(value);
  });

  it("does not read a lone article or a non-number as a count", () => {
    expect(parseCount("a")).toBeUndefined();
    expect(parseCount("many")).toBeUndefined();
  });
});

describe.skipIf(!hasSnapshot)(
  "values stated in words, read from the catalog's parameter names",
  () => {
    const read = intentReader(SNAPSHOT);

    it("reads a parameter named in words, with or without a linking word", () => {
      const calib = read(
        "FP8 PTQ of /models/ft-merged (HF), Megatron output to /ckpt/fp8, calib size 1024.",
      );
      expect(calib.overrides).toMatchObject({ "args.calib_size": "1024" });
      const field = read("curate /data/raw/*.jsonl into /data/clean; text field is `body`");
      expect(field.overrides).toMatchObject({ text_field: "body" });
    });

    it("leaves out a parameter name's filler and unit words as users do", () => {
      const intent = read("Nano3 Megatron SFT on 16 GPUs, global batch 64, data /data/sft/a.jsonl");
      expect(intent.overrides).toMatchObject({ "train.global_batch_size": "64" });
    });

    it("reads a count of what a count parameter counts, in digits or words", () => {
      const rows = read(
        "generate two thousand preference rows with Data Designer into /data/sdg/p",
      );
      expect(rows.overrides).toMatchObject({ num_records: "2000" });
      const chats = read("Generate about 5k synthetic chat conversations with Data Designer");
      expect(chats.overrides).toMatchObject({ num_records: "5000" });
      const samples = read(
        "smoke test our endpoint https://gw.example.com/v1, model id acme/chat-v1, key in ACME_KEY, one sample of mmlu_instruct",
      );
      expect(samples.overrides).toMatchObject({
        "evaluation.nemo_evaluator_config.config.params.limit_samples": "1",
      });
    });

    it("reads a listed value before the parameter's name, or a release-style value alone", () => {
      expect(read("smoke-test BYOB MCQ with -c tiny, all stages").overrides).toMatchObject({
        stage: "all",
      });
      expect(read("quantize /models/hf-model to NVFP4 into /ckpt/q").overrides).toMatchObject({
        "args.export_quant_cfg": "nvfp4",
      });
    });

    it("turns off what the user declines, by the parameter whose description says how", () => {
      const intent = read(
        "A light Curator smoke test on my JSONL that reads text from the text field. I do not want aggressive domain or language filters yet.",
      );
      expect(intent.goals).toEqual(["curate"]);
      expect(intent.overrides).toMatchObject({
        language_codes: "[]",
        domains: "[]",
        text_field: "text",
      });
      expect(intent.configNamed).toBe(false);
    });

    it("keeps a count's following words for other readers", () => {
      const intent = read(
        "Generate 5000 synthetic tool-calling conversations for a customer support agent",
      );
      expect(intent.overrides).toMatchObject({ num_records: "5000" });
      expect(intent.configName).toBe("customer_support_tools");
    });

    it("never takes a value for a step the request does not involve", () => {
      const intent = read("SFT Nano3 on /data/sft/a.jsonl with two thousand rows on 8 H100s");
      expect(intent.overrides).not.toHaveProperty("num_records");
    });

    it("a packing length sets the packing size and, unless given apart, the training length", () => {
      const both = read(
        "Pack my data at 4096 tokens but train Nano3 with seq_length 8192 on /data/a.jsonl",
      );
      expect(both.overrides).toMatchObject({ pack_size: "4096" });
      expect(both.seqLength).toBe(8192);
      const one = read("Nano3 SFT on /data/a.jsonl, pack to 8192");
      expect(one.seqLength).toBe(8192);
    });
  },
);

describe.skipIf(!hasSnapshot)("what the request asks for at the end", () => {
  const read = intentReader(SNAPSHOT);

  it("reads an asked-for product, not one the user already has", () => {
    expect(
      read("LoRA Llama 3.1 8B on /data/a.jsonl; we need an HF checkpoint at the end").deliverables,
    ).toEqual(["checkpoint_hf"]);
    expect(read("DPO our HF checkpoint at /ckpt/sft-hf on /data/pairs.jsonl").deliverables).toEqual(
      [],
    );
    expect(read("I have an HF checkpoint and want to quantize it to FP8").deliverables).toEqual([]);
  });

  it("an HF product asked for from a checkpoint the user has is a conversion", () => {
    const intent = read(
      "My job produced /runs/sft/iter_0001000 and I need a deployable Hugging Face checkpoint under /exports/hf.",
    );
    expect(intent.goals).toEqual(["convert"]);
    expect(intent.outputDir).toBe("/exports/hf");
  });
});

describe.skipIf(!hasSnapshot)("goal words that are not requests", () => {
  const read = intentReader(SNAPSHOT);

  it("a goal word naming data for another goal is not a goal", () => {
    expect(read("generate two thousand DPO preference rows with Data Designer").goals).toEqual([
      "sdg",
    ]);
  });

  it("declining one operation of a goal is a setting of it", () => {
    expect(
      read("run curator over /raw/x.jsonl into /clean, skip the language filter").goals,
    ).toEqual(["curate"]);
    const translate = read(
      "translate /data/a.jsonl English to German into /data/de, no FAITH scoring",
    );
    expect(translate.goals).toEqual(["translate"]);
    expect(translate.translation.faith).toBe(false);
  });

  it("a purpose clause does not defer its goal; a bare 'later' does", () => {
    expect(read("I need a Slurm env profile so I can submit steps later on").goals).toEqual([
      "env_profile",
    ]);
    expect(read("SFT Nano3 on /data/a.jsonl. We'll try RL on top of it later").goals).not.toContain(
      "rlvr",
    );
  });
});

describe.skipIf(!hasSnapshot)("follow-ups read in the thread's context", () => {
  const read = intentReader(SNAPSHOT);

  it("an answer fills the values the thread's goals asked for", () => {
    const first = read("I want to benchmark our hosted model endpoint. What do I run?");
    expect(first.eval.served).toBe(true);
    const next = read(
      "url is https://nim.corp.net/v1, model id corp/nano-chat, task mmlu_instruct",
      first,
    );
    expect(next.eval).toMatchObject({
      endpointUrl: "https://nim.corp.net/v1",
      modelId: "corp/nano-chat",
      tasks: ["mmlu_instruct"],
    });
  });

  it("a bare language answers the open target-language question", () => {
    const first = read("Translate /data/chat/en.jsonl, output to /data/chat/out. Command?");
    const next = read("Korean please, source is English", first);
    expect(next.translation).toMatchObject({ source: "en", target: "ko" });
  });
});
