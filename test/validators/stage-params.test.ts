import { describe, expect, it } from "vitest";
import { checkPlan, checkStageParams } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, contextFor, draftOf, NANO3, plan, rules, stage } from "./fixtures.js";

/** An artifact reference as recipes write it (built so linters do not read it as a template). */
const ART_PATH = ["$", "{art:data,path}"].join("");

const pack = (extra: Partial<Parameters<typeof stage>[0]> = {}) =>
  stage({
    id: "01_sft_packing",
    step: "data_prep/sft_packing",
    consumes: [{ type: "training_jsonl", from: "user", required: true }],
    ...extra,
  });

describe.skipIf(!hasSnapshot)("checkStageParams", () => {
  const ctx = () => contextFor({});

  it("accepts keys of the shipped config and declared parameters", () => {
    const ok = pack({
      params: { pack_size: 4096, "tokenizer.model": NANO3.name, blend_path: "/d.jsonl" },
    });
    expect(checkStageParams(draftOf([ok]), ctx())).toEqual([]);
  });

  it("rejects invented keys, art references and credentials without echoing them", () => {
    const bad = pack({
      params: { "made.up": 1, blend_path: ART_PATH, "hf.api_key": "hf_secretvalue" },
    });
    const findings = checkStageParams(draftOf([bad]), ctx());
    expect(findings.map((f) => f.code).sort()).toEqual([
      "art_reference",
      "secret_value",
      "unknown_key",
      "unknown_key",
    ]);
    expect(JSON.stringify(findings)).not.toContain("hf_secretvalue");
    expect(findings.every((f) => f.level === "error" && f.fix)).toBe(true);
  });

  it("rejects overwriting a shipped config or writing outside the step's config dir", () => {
    const shipped = pack({
      configPath: "src/nemotron/steps/data_prep/sft_packing/config/default.yaml",
    });
    const outside = pack({ configPath: "src/nemotron/steps/sft/automodel/config/x.yaml" });
    const unknownBase = pack({ baseConfig: "huge" });
    const codes = [shipped, outside, unknownBase].map(
      (s) => checkStageParams(draftOf([s]), ctx())[0]?.code,
    );
    expect(codes).toEqual(["config_path", "config_path", "unknown_config"]);
  });
});

describe.skipIf(!hasSnapshot)("checkPlan", () => {
  it("finds nothing to fix in a well-formed Nano3 plan and runs every check", () => {
    const p = plan({
      goals: ["sft"],
      model: NANO3,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
      outputDir: "/o",
    });
    expect(checkPlan(p.composed, p.ctx, rules).filter((f) => f.level !== "info")).toEqual([]);
    const broken = plan({
      goals: ["sft"],
      model: NANO3,
      hardware: { totalGpus: 4 },
      data: CHAT_DATA,
      backend: "megatron_bridge",
    });
    const codes = checkPlan(broken.composed, broken.ctx, rules).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["gpu_min", "megatron-on-few-gpus"]));
  });
});
