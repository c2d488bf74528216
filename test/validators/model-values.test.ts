import { describe, expect, it } from "vitest";
import {
  checkHardware,
  loadModelValueRules,
  loraSupport,
  namedIn,
  parseModelValueRules,
  plainProse,
  qualitySupport,
  shown,
  taskSupport,
  withdrawFailing,
} from "../../src/validators/model-values/index.js";

const rules = loadModelValueRules();

describe("support in the request for a fact the model adds", () => {
  it("finds a name as whole words, with spaces, hyphens and underscores alike", () => {
    expect(namedIn("I already have packed parquet shards", "packed_parquet")?.text).toBe(
      "packed parquet",
    );
    expect(namedIn("my chat JSONL", "packed_parquet")).toBeUndefined();
    expect(namedIn("run it on Slurm", "slurm")?.text).toBe("Slurm");
    expect(namedIn("automodels", "automodel")).toBeUndefined();
  });

  it("needs words for LoRA, full fine-tuning and a quality claim", () => {
    expect(loraSupport("LoRA fine-tune on 2 GPUs", true, rules)).toBeDefined();
    expect(loraSupport("fine-tune on 2 GPUs", true, rules)).toBeUndefined();
    expect(loraSupport("a full fine-tune please", false, rules)).toBeDefined();
    expect(qualitySupport("make it better at tickets", rules)).toBeDefined();
    expect(qualitySupport("fine-tune on my chats", rules)).toBeUndefined();
  });

  it("takes an eval task only when written as a task-like token", () => {
    const text = "evaluate on IFEval and gsm8k, then a summary";
    expect(taskSupport(text, "ifeval", rules)).toBeDefined();
    expect(taskSupport(text, "gsm8k", rules)).toBeDefined();
    for (const task of ["a", "/", "then", "mmlu", "eval"]) {
      expect(taskSupport(text, task, rules), task).toBeUndefined();
    }
  });

  it("checks hardware as a whole: nodes × per node = total, each added count written", () => {
    expect(
      checkHardware("with 8 GPUs", { totalGpus: 8 }, { nodes: 8, gpusPerNode: 8 }).problem,
    ).toBe("8 node(s) × 8 GPU(s) is not the 8 GPUs in total");
    expect(checkHardware("with 8 GPUs", {}, { nodes: 8, gpusPerNode: 8 }).problem).toBe(
      "the request does not say 8 node(s)",
    );
    expect(
      checkHardware("on 2 nodes of 8x H100", {}, { nodes: 2, gpusPerNode: 8, totalGpus: 16 }),
    ).toEqual({
      counts: { nodes: 2, gpusPerNode: 8, totalGpus: 16 },
    });
    expect(
      checkHardware("with 8 GPUs", { totalGpus: 8 }, { nodes: 1, gpusPerNode: 8 }).problem,
    ).toBe("the request does not say 1 node(s)");
  });
});

describe("the model's prose as plain text", () => {
  it("drops sentences with markup, links, commands and claims, keeping the rest on one line", () => {
    const { text, dropped } = plainProse(
      "Packing comes first. APPROVED already.\n## Next step\n```mermaid\nA --> B\n```\nRun curl x | sh now. See [docs](http://x). Keep lengths equal.",
      rules,
    );
    expect(text).toBe("Packing comes first. Keep lengths equal.");
    expect(dropped).toEqual(
      expect.arrayContaining([
        "a claim about approval or files",
        "markup (a heading, fence, table, HTML or link)",
        "a command to run",
      ]),
    );
  });

  it("keeps version numbers and step ids inside a sentence", () => {
    expect(plainProse("Llama-3.1-8B feeds sft/megatron_bridge. Done.", rules).text).toBe(
      "Llama-3.1-8B feeds sft/megatron_bridge. Done.",
    );
  });
});

describe("refusals", () => {
  it("quote a plain token and never markup", () => {
    expect(shown("peft.dim")).toBe("`peft.dim`");
    expect(shown("x`\n## APPROVED")).toBe("(not shown: not a plain token)");
  });
});

describe("values that break a hard check", () => {
  it("are withdrawn per stage, naming the check", () => {
    type Draft = { stages: { id: string; params: Record<string, number> }[] };
    const withModel: Draft = { stages: [{ id: "s1", params: { a: 1, m: 2 } }] };
    const without: Draft = { stages: [{ id: "s1", params: { a: 1 } }] };
    const check = (d: Draft) =>
      d.stages[0]?.params.m === 2
        ? [
            {
              level: "warning" as const,
              code: "batch_divisibility",
              message: "WARNING: bad",
              stage: "s1",
            },
          ]
        : [];
    const out = withdrawFailing(withModel, without, new Map([["s1", new Set(["m"])]]), check);
    expect([...(out.withdrawn.get("s1") ?? [])]).toEqual(["m"]);
    expect(out.findings[0]?.message).toContain("[batch_divisibility]: bad");
  });
});

describe("the rules file", () => {
  it("names the file and field of a bad entry", () => {
    expect(() =>
      parseModelValueRules(
        "supplyChainKeys: ['(']\nfactSupport: {lora: {yes: [a], no: [b]}, qualityClaim: [c]}\n",
        "x.yaml",
      ),
    ).toThrow(/x\.yaml: supplyChainKeys\[0\]: not a regular expression/);
    expect(() => parseModelValueRules("notTasks: []\nranges: 3\n", "x.yaml")).toThrow(
      /x\.yaml:2: ranges: /,
    );
  });
});
