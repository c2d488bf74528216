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
