import { describe, expect, it } from "vitest";
import { CatalogError } from "../../../src/catalog/index.js";
import { checkChart, parseMermaid } from "../../../src/eval/index.js";
import { type Check, gradeTier2, parseTier2Case, passes } from "../../../src/eval/nvidia/index.js";
import type { AgentResult } from "../../../src/planner/result.js";
import { fixtureCatalog, sftPlanResult } from "../fixtures.js";

const SCENARIO = `
[case]
name = "pack-then-train"
description = "A packing and training scenario."

[input]
request = "Train on my chat JSONL with Megatron-Bridge."

[expected.steps]
must_include = ["data_prep/sft_packing", "sft/megatron_bridge"]
may_include = ["eval/model_eval"]
must_exclude = ["sft/automodel"]

[expected.plan]
has_mermaid_diagram = true
stage_count = { min = 2, max = 2 }
must_mention = ["PACKED_PARQUET", "Megatron-Bridge"]
future_rule = true

[expected.iteration]
followup = "Use AutoModel instead."
must_remove_stage = "01_prep"
must_have_step = "sft/automodel"
must_not_have_step = "sft/megatron_bridge"
must_mention = ["AutoModel"]

[expected.project]
must_have_files = ["pipeline.py"]

[expected.disclosure]
must_read = ["STEPS.md"]
`;

function answer(markdown: string): AgentResult {
  return { ...sftPlanResult(), markdown };
}

const chart = (...lines: string[]) =>
  [
    "Plan for Megatron-Bridge on packed_parquet.",
    "```mermaid",
    "flowchart LR",
    ...lines,
    "```",
  ].join("\n");
const PACK_TRAIN = chart(
  '  s01["data_prep/sft_packing"]',
  '  s02["sft/megatron_bridge"]',
  "  s01 -->|packed_parquet| s02",
);
const AUTOMODEL = 'Switched to AutoModel.\n```mermaid\nflowchart LR\n  s01["sft/automodel"]\n```';

function byName(checks: readonly Check[]) {
  return new Map(checks.map((c) => [c.check, c]));
}

describe("tier-2 scenario files", () => {
  it("reads NVIDIA's tables as they are, keeping unknown expectation keys to report", () => {
    const scenario = parseTier2Case(SCENARIO, "pack.toml");
    expect(scenario.case.name).toBe("pack-then-train");
    expect(scenario.expected.iteration?.must_have_step).toEqual(["sft/automodel"]);
    expect(scenario.expected.plan.stage_count).toEqual({ min: 2, max: 2 });
    expect(scenario.unknownKeys).toEqual(["expected.plan.future_rule"]);
  });

  it("names the file and line of a syntax or shape error", () => {
    expect(() => parseTier2Case('[case]\nname = "x"\n[input\n', "bad.toml")).toThrow(
      /^bad\.toml:3:\d+: invalid TOML/,
    );
    const noRequest =
      '[case]\nname = "x"\n[input]\nprompt = "hi"\n[expected.plan]\nhas_mermaid_diagram = true\n';
    const error = (() => {
      try {
        parseTier2Case(noRequest, "shape.toml");
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CatalogError);
    expect(String(error)).toMatch(/shape\.toml:3:1: missing required field input\.request/);
  });
});

describe("tier-2 grading", () => {
  const scenario = parseTier2Case(SCENARIO, "pack.toml");

  it("passes a plan whose chart draws the steps, and the re-plan on the follow-up", () => {
    const checks = gradeTier2(scenario, [answer(PACK_TRAIN), answer(AUTOMODEL)], fixtureCatalog);
    const failed = checks.filter((c) => c.status === "fail");
    expect(failed).toEqual([]);
    expect(passes(checks)).toBe(true);
    const named = byName(checks);
    expect(named.get("plan.stage_count")?.reason).toBe("2 stage(s) drawn, expected [2, 2]");
    expect(named.get("iteration.must_have_step")?.answer).toBe(1);
  });

  it("reports project, disclosure, stage folders and unknown keys as not applicable, never passed", () => {
    const checks = gradeTier2(scenario, [answer(PACK_TRAIN), answer(AUTOMODEL)], fixtureCatalog);
    const na = checks.filter((c) => c.status === "not_applicable").map((c) => c.check);
    expect(na.sort()).toEqual(
      ["disclosure", "iteration.must_remove_stage", "plan.future_rule", "project"].sort(),
    );
    const onlyNa = checks.filter((c) => c.status === "not_applicable");
    expect(passes(onlyNa)).toBe(false);
  });

  it("counts a drawn user input as a stage and fails it as a node that is not a step", () => {
    const withUser = chart(
      '  u1[/"training_jsonl"/]',
      '  s01["data_prep/sft_packing"]',
      '  s02["sft/megatron_bridge"]',
      "  u1 -->|training_jsonl| s01",
      "  s01 -->|packed_parquet| s02",
    );
    const named = byName(
      gradeTier2(scenario, [answer(withUser), answer(AUTOMODEL)], fixtureCatalog),
    );
    expect(named.get("plan.mermaid")?.status).toBe("fail");
    expect(named.get("plan.mermaid")?.reason).toContain(
      'node "training_jsonl" is not a catalog step',
    );
    expect(named.get("plan.stage_count")?.status).toBe("fail");
    expect(named.get("plan.stage_count")?.reason).toContain("3 stage(s) drawn");
  });

  it("grades steps on the chart's nodes, not on the prose", () => {
    const prose =
      "We use data_prep/sft_packing then sft/megatron_bridge on packed_parquet (Megatron-Bridge).";
    const named = byName(gradeTier2(scenario, [answer(prose), answer(AUTOMODEL)], fixtureCatalog));
    expect(named.get("plan.has_mermaid_diagram")?.status).toBe("fail");
    expect(named.get("steps.must_include")?.status).toBe("fail");
    expect(named.get("plan.must_mention")?.status).toBe("pass");
  });

  it("fails an unlabelled edge, a type the target does not take, an excluded step and a missing phrase", () => {
    const wrong = [
      "Nothing about the format.",
      "```mermaid",
      "flowchart LR",
      '  s01["data_prep/sft_packing"] --> s02["sft/megatron_bridge"]',
      '  s02 -->|checkpoint_hf| s03["sft/automodel"]',
      "```",
    ].join("\n");
    const named = byName(gradeTier2(scenario, [answer(wrong), answer(AUTOMODEL)], fixtureCatalog));
    const mermaid = named.get("plan.mermaid")?.reason ?? "";
    expect(mermaid).toContain("edge has no artifact label");
    expect(mermaid).toContain("sft/megatron_bridge does not produce checkpoint_hf");
    expect(named.get("steps.must_exclude")?.reason).toContain("drawn: sft/automodel");
    expect(named.get("plan.must_mention")?.reason).toBe(
      'not mentioned: "PACKED_PARQUET", "Megatron-Bridge"',
    );
  });

  it("accepts an edge label related to the declared types through is_a in either direction", () => {
    // translate/nemo_curator consumes filtered_jsonl, which is_a training_jsonl: a training_jsonl
    // label on the edge into it holds only when is_a is read both ways, as NVIDIA's runner does.
    const body = [
      '  c["curate/nemo_curator"]',
      '  t["translate/nemo_curator"]',
      "  c -->|training_jsonl| t",
    ];
    const loose = { ...scenario, expected: { ...scenario.expected, iteration: undefined } };
    const named = byName(gradeTier2(loose, [answer(chart(...body))], fixtureCatalog));
    expect(named.get("plan.mermaid")?.status).toBe("pass");
    const strict = checkChart(
      parseMermaid(`flowchart LR\n${body.join("\n")}`),
      fixtureCatalog,
      "producer-to-consumer",
    );
    expect(strict.failures).toEqual([
      "c -> t: translate/nemo_curator does not consume training_jsonl",
    ]);
  });

  it("fails the iteration when the follow-up got no answer or kept the old trainer", () => {
    const none = byName(gradeTier2(scenario, [answer(PACK_TRAIN)], fixtureCatalog));
    expect(none.get("iteration.followup")?.status).toBe("fail");
    const same = byName(
      gradeTier2(scenario, [answer(PACK_TRAIN), answer(PACK_TRAIN)], fixtureCatalog),
    );
    expect(same.get("iteration.must_have_step")?.status).toBe("fail");
    expect(same.get("iteration.must_not_have_step")?.reason).toContain(
      "drawn: sft/megatron_bridge",
    );
    expect(same.get("iteration.must_mention")?.status).toBe("fail");
  });

  it("passes a scenario that wants no chart only when none is drawn", () => {
    const noChart = parseTier2Case(
      [
        '[case]\nname = "unsupported"',
        '[input]\nrequest = "Fine-tune a model the catalog lacks."',
        "[expected.plan]\nhas_mermaid_diagram = false\nstage_count = { min = 0, max = 0 }",
        'must_mention = ["not supported"]',
      ].join("\n"),
      "none.toml",
    );
    const refused = byName(
      gradeTier2(noChart, [answer("This model is not supported.")], fixtureCatalog),
    );
    expect([...refused.values()].every((c) => c.status === "pass")).toBe(true);
    const drawn = byName(
      gradeTier2(noChart, [answer(`not supported\n${PACK_TRAIN}`)], fixtureCatalog),
    );
    expect(drawn.get("plan.has_mermaid_diagram")?.status).toBe("fail");
    expect(drawn.get("plan.stage_count")?.status).toBe("fail");
  });
});
