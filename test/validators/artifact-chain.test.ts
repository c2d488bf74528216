import { describe, expect, it } from "vitest";
import { checkArtifactChain, checkPlanGraph } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, contextFor, draftOf, NANO3, plan, requireCatalog, stage } from "./fixtures.js";

describe.skipIf(!hasSnapshot)("checkPlanGraph", () => {
  const pack = () =>
    stage({
      id: "01_sft_packing",
      step: "data_prep/sft_packing",
      consumes: [{ type: "training_jsonl", from: "user", required: true }],
    });
  const train = (from = "01_sft_packing", type = "packed_parquet") =>
    stage({
      id: "02_megatron_bridge",
      step: "sft/megatron_bridge",
      consumes: [{ type, from, required: true }],
    });

  it("accepts a typed chain and the composer's own plans", () => {
    expect(checkPlanGraph([pack(), train()], requireCatalog())).toEqual([]);
    const p = plan({
      goals: ["sft", "rlvr"],
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: CHAT_DATA,
    });
    expect(checkArtifactChain(p.draft, p.ctx)).toEqual([]);
  });

  it("rejects an input the step does not consume, and a missing required input", () => {
    const findings = checkPlanGraph([train("user", "training_jsonl")], requireCatalog());
    expect(findings.map((f) => f.code)).toEqual(["artifact_chain", "artifact_chain"]);
    expect(findings.every((f) => f.level === "error" && f.fix)).toBe(true);
    expect(findings[0]?.message).toContain("packed_parquet");
  });

  it("rejects an upstream that does not produce the type, or that does not exist", () => {
    const evalFromPack = stage({
      id: "02_model_eval",
      step: "eval/model_eval",
      consumes: [{ type: "checkpoint_megatron", from: "01_sft_packing", required: false }],
    });
    expect(checkPlanGraph([pack(), evalFromPack], requireCatalog()).map((f) => f.code)).toEqual([
      "artifact_chain",
    ]);
    expect(checkPlanGraph([train("09_missing")], requireCatalog())[0]?.message).toContain(
      "09_missing",
    );
  });

  it("flags unknown steps, duplicate ids, undeclared outputs and cycles", () => {
    const c = requireCatalog();
    expect(checkPlanGraph([stage({ id: "01_x", step: "sft/nonexistent" })], c)[0]?.code).toBe(
      "unknown_step",
    );
    expect(checkPlanGraph([pack(), { ...pack() }], c).map((f) => f.code)).toContain(
      "duplicate_stage",
    );
    const odd = { ...pack(), produces: [{ type: "binidx" }] };
    expect(checkPlanGraph([odd], c).map((f) => f.code)).toEqual(["artifact_chain"]);
    const a = stage({
      id: "01_hf_to_megatron",
      step: "convert/hf_to_megatron",
      consumes: [{ type: "checkpoint_hf", from: "02_megatron_to_hf", required: true }],
    });
    const b = stage({
      id: "02_megatron_to_hf",
      step: "convert/megatron_to_hf",
      consumes: [{ type: "checkpoint_megatron", from: "01_hf_to_megatron", required: true }],
    });
    const cycle = checkPlanGraph([a, b], c).find((f) => f.code === "cycle");
    expect(cycle?.message).toContain("01_hf_to_megatron -> 02_megatron_to_hf");
  });

  it("works on minimal stages such as a parsed diagram", () => {
    const ctx = contextFor({});
    const minimal = [
      {
        id: "a",
        step: "data_prep/sft_packing",
        consumes: [{ type: "training_jsonl", from: "user", required: true }],
        produces: [{ type: "packed_parquet" }],
      },
      {
        id: "b",
        step: "sft/megatron_bridge",
        consumes: [{ type: "packed_parquet", from: "a", required: true }],
        produces: [{ type: "checkpoint_megatron" }],
      },
    ];
    expect(checkPlanGraph(minimal, ctx.catalog)).toEqual([]);
    expect(checkArtifactChain(draftOf([]), ctx)).toEqual([]);
  });
});
