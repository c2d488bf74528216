import { describe, expect, it } from "vitest";
import { firstMermaidBlock, GRADERS, parseMermaid } from "../../../src/eval/index.js";
import { ctxFor, sftPlanResult, stage } from "../fixtures.js";

function withChart(mermaid: string, stages = sftPlanResult().plan?.stages ?? []) {
  const result = sftPlanResult();
  if (!result.plan) throw new Error("fixture has a plan");
  result.plan = { ...result.plan, mermaid, stages };
  return ctxFor(result);
}

describe("parseMermaid", () => {
  it("reads labelled nodes in several shapes, chains, & groups and both label styles", () => {
    const graph = parseMermaid(
      [
        "```mermaid",
        "flowchart LR",
        "  %% a comment",
        '  in(["user: chat.jsonl"]) --> s01["data_prep/sft_packing"]',
        "  s01 -- packed_parquet --> s02[sft/megatron_bridge]:::train",
        "  s02 ==>|checkpoint_megatron| s03{{eval/model_eval}} & s04[[convert/megatron_to_hf]]",
        "  a-->b-.->|x|c; d --- e",
        "  classDef train fill:#eee",
        "```",
      ].join("\n"),
    );
    expect(graph.header).toBe("flowchart LR");
    expect(graph.nodes.get("in")).toBe("user: chat.jsonl");
    expect(graph.nodes.get("s02")).toBe("sft/megatron_bridge");
    expect(graph.nodes.get("s03")).toBe("eval/model_eval");
    expect(graph.nodes.get("s04")).toBe("convert/megatron_to_hf");
    expect(graph.edges).toEqual([
      { from: "in", to: "s01" },
      { from: "s01", to: "s02", label: "packed_parquet" },
      { from: "s02", to: "s03", label: "checkpoint_megatron" },
      { from: "s02", to: "s04", label: "checkpoint_megatron" },
      { from: "a", to: "b" },
      { from: "b", to: "c", label: "x" },
      { from: "d", to: "e" },
    ]);
  });
});

describe("mermaidTypeChecks", () => {
  it("passes on a sound chart and on step ids inside a longer label", () => {
    expect(GRADERS.mermaidTypeChecks(true, ctxFor(sftPlanResult())).pass).toBe(true);
    const chart = [
      "graph TD",
      '  p["01_sft_packing<br/>data_prep/sft_packing"]',
      "  p -->|packed_parquet| m[sft/megatron_bridge]",
    ].join("\n");
    expect(GRADERS.mermaidTypeChecks(true, withChart(chart)).pass).toBe(true);
  });

  it("fails on a node that is not a step, such as the user's data", () => {
    const chart = [
      "graph TD",
      '  u[("user data")] --> p["data_prep/sft_packing"]',
      "  p -->|packed_parquet| m[sft/megatron_bridge]",
    ].join("\n");
    const result = GRADERS.mermaidTypeChecks(true, withChart(chart));
    expect(result.pass).toBe(false);
    expect(result.reason).toContain('node "user data" is not a catalog step');
    expect(result.reason).toContain("3 node(s) for 2 stage(s)");
  });

  it("fails on a step node with no edge in a chart of several nodes", () => {
    const chart = 'flowchart LR\n  a["data_prep/sft_packing"]\n  b["sft/megatron_bridge"]';
    const result = GRADERS.mermaidTypeChecks(true, withChart(chart));
    expect(result.reason).toContain('node "data_prep/sft_packing" has no edge (orphan)');
    const single = 'flowchart LR\n  a["data_prep/sft_packing"]';
    const [first] = sftPlanResult().plan?.stages ?? [];
    expect(GRADERS.mermaidTypeChecks(true, withChart(single, first ? [first] : [])).pass).toBe(
      true,
    );
  });

  it("fails when the source does not produce the edge type", () => {
    const chart =
      'flowchart LR\n  a["data_prep/sft_packing"] -->|checkpoint_hf| b["sft/megatron_bridge"]';
    const result = GRADERS.mermaidTypeChecks(true, withChart(chart));
    expect(result.pass).toBe(false);
    expect(result.reason).toContain("does not produce checkpoint_hf");
  });

  it("fails when the target does not consume the edge type (is_a only widens)", () => {
    const stages = [
      stage("01_curate", "curate/nemo_curator", [["raw_jsonl", "user"]], ["filtered_jsonl"]),
      stage(
        "02_sft",
        "sft/megatron_bridge",
        [["packed_parquet", "01_curate"]],
        ["checkpoint_megatron"],
      ),
    ];
    const chart =
      'flowchart LR\n  a["curate/nemo_curator"] -->|filtered_jsonl| b["sft/megatron_bridge"]';
    const result = GRADERS.mermaidTypeChecks(true, withChart(chart, stages));
    expect(result.reason).toContain("does not consume filtered_jsonl");
  });

  it("fails on unknown steps, unlabelled step edges, unknown labels and cycles", () => {
    const unknown =
      'flowchart LR\n  a["data_prep/sft_packing"] -->|packed_parquet| b["sft/fancy_trainer"]';
    expect(GRADERS.mermaidTypeChecks(true, withChart(unknown)).reason).toContain(
      "not a catalog step",
    );
    const bare = 'flowchart LR\n  a["data_prep/sft_packing"] --> b["sft/megatron_bridge"]';
    expect(GRADERS.mermaidTypeChecks(true, withChart(bare)).reason).toContain("no artifact label");
    const odd = 'flowchart LR\n  a["data_prep/sft_packing"] -->|shards| b["sft/megatron_bridge"]';
    expect(GRADERS.mermaidTypeChecks(true, withChart(odd)).reason).toContain(
      "names no artifact type",
    );
    const loop = [
      "flowchart LR",
      '  a["data_prep/sft_packing"] -->|packed_parquet| b["sft/megatron_bridge"]',
      "  b -->|checkpoint_megatron| b",
    ].join("\n");
    expect(GRADERS.mermaidTypeChecks(true, withChart(loop)).reason).toContain("cycle");
  });

  it("fails when the chart and the plan disagree, or there is no header or plan", () => {
    const short = 'flowchart LR\n  a["data_prep/sft_packing"]';
    expect(GRADERS.mermaidTypeChecks(true, withChart(short)).reason).toContain(
      "missing from the chart",
    );
    const headless = 'a["data_prep/sft_packing"] -->|packed_parquet| b["sft/megatron_bridge"]';
    expect(GRADERS.mermaidTypeChecks(true, withChart(headless)).reason).toContain("header");
    expect(GRADERS.mermaidTypeChecks(true, ctxFor(sftPlanResult({ plan: null }))).pass).toBe(false);
  });
});

describe("firstMermaidBlock", () => {
  it("returns the body of the first mermaid fence only", () => {
    const md = [
      "# Plan",
      "```bash",
      "echo hi",
      "```",
      "```mermaid",
      "flowchart LR",
      '  s01["sft/automodel"]',
      "```",
      "```mermaid",
      "graph TD",
      "```",
    ].join("\n");
    expect(firstMermaidBlock(md)).toBe('flowchart LR\n  s01["sft/automodel"]\n');
    expect(firstMermaidBlock("no chart here\n```\nflowchart LR\n```")).toBeUndefined();
  });
});
