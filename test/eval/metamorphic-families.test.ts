import { describe, expect, it } from "vitest";
import { loadCases } from "../../src/eval/index.js";
import {
  assertValuesKept,
  FAMILIES,
  hardwarePhrases,
  mapProse,
  numberWord,
  protectedSpans,
  protectedValues,
  RewriteGeneratorError,
} from "../../src/eval/metamorphic/index.js";

const phrasesOf = (text: string) =>
  hardwarePhrases(text, protectedSpans(text)).map(({ nodes, perNode, total, gpu }) => ({
    nodes,
    perNode,
    total,
    gpu,
  }));

describe("protected values", () => {
  it("are paths, ids, overrides, flags, versions and quoted strings", () => {
    const text =
      'Run SFT of Qwen/Qwen3-30B-A3B on /data/chat.jsonl with train.global_batch_size=12, --batch, "My Run" and Nemotron 3.5 Lightning';
    expect(protectedValues(text)).toEqual([
      "Qwen/Qwen3-30B-A3B",
      "/data/chat.jsonl",
      "train.global_batch_size=12",
      "--batch",
      '"My Run"',
      "3.5",
    ]);
  });

  it("are left as written when the prose around them changes", () => {
    const text = "Translate /data/News_EN/*.jsonl to Hindi with text_field=Body";
    expect(mapProse(text, (s) => s.toUpperCase())).toBe(
      "TRANSLATE /data/News_EN/*.jsonl TO HINDI WITH text_field=Body",
    );
  });

  it("are checked on every rewrite: a changed value is a generator error", () => {
    expect(() => assertValuesKept("casing", "Pack /data/A.jsonl", "pack /data/a.jsonl")).toThrow(
      RewriteGeneratorError,
    );
    expect(() =>
      assertValuesKept("casing", "Pack /data/A.jsonl", "PACK /data/A.jsonl"),
    ).not.toThrow();
  });
});

describe("the hardware phrase grammar", () => {
  it("reads its own shapes, counts in digits or words", () => {
    expect(phrasesOf("SFT on two nodes of 8x H100 with data /d.jsonl")).toEqual([
      { nodes: 2, perNode: 8, total: undefined, gpu: "H100" },
    ]);
    expect(phrasesOf("SFT on a single 8x H100 node")).toEqual([
      { nodes: 1, perNode: 8, total: undefined, gpu: "H100" },
    ]);
    expect(phrasesOf("LoRA on 4 A100 80GB GPUs, then merge on 1 GPU")).toEqual([
      { nodes: undefined, perNode: undefined, total: 4, gpu: "A100" },
      { nodes: undefined, perNode: undefined, total: 1, gpu: undefined },
    ]);
  });

  it("leaves counts that are taken back, glued to other text, or inside values", () => {
    expect(phrasesOf("use AutoModel instead of 8 GPUs")).toEqual([]);
    expect(phrasesOf("train on /data/8x H100/chat.jsonl")).toEqual([]);
    expect(phrasesOf("run 8x H100-class jobs")).toEqual([]);
  });

  it("writes number words people use", () => {
    expect([1, 8, 16, 32, 64, 5000].map(numberWord)).toEqual([
      "one",
      "eight",
      "sixteen",
      "thirty-two",
      "sixty-four",
      "five thousand",
    ]);
  });
});

describe("rewrite families", () => {
  const requests = loadCases().map((c) => c.request);

  it("give distinct rewrites, never the request itself, and keep every value", () => {
    for (const family of FAMILIES) {
      for (const text of requests) {
        const rewrites = family.rewrites(text);
        expect(new Set(rewrites).size).toBe(rewrites.length);
        expect(rewrites).not.toContain(text);
        for (const r of rewrites) assertValuesKept(family.id, text, r);
      }
    }
  });

  it("each rewrite some of the own cases", () => {
    const idle = FAMILIES.filter((f) => requests.every((t) => f.rewrites(t).length === 0));
    expect(idle.map((f) => f.id)).toEqual([]);
  });

  it("swap only clauses that are a labelled value, never part of a longer noun phrase", () => {
    const swap = FAMILIES.find((f) => f.id === "clause-swap");
    expect(swap?.rewrites("Run SFT on 2 GPUs with data /d.jsonl and output /o, 8 GPUs")).toEqual([
      "Run SFT on 2 GPUs with output /o and data /d.jsonl, 8 GPUs",
    ]);
    expect(swap?.rewrites("Run DPO from my HF SFT checkpoint /c, preference pairs at /p")).toEqual(
      [],
    );
  });

  it("do not change the SFT verb next to LoRA, or order a question", () => {
    const verb = FAMILIES.find((f) => f.id === "goal-verb");
    expect(verb?.rewrites("LoRA fine-tune Nano3 on /d.jsonl; then fine-tune it again")).toEqual([]);
    const question = FAMILIES.find((f) => f.id === "polite-question");
    expect(question?.rewrites("Which steps can consume packed_parquet?")).toEqual([]);
  });
});
