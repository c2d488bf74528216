import { describe, expect, it } from "vitest";
import { checkRlWarmStart } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, contextFor, draftOf, NANO3, plan, rules, stage } from "./fixtures.js";

const rl = (from: string) =>
  stage({
    id: "02_rlvr",
    step: "rl/nemo_rl/rlvr",
    consumes: [
      { type: "training_jsonl", from: "user", required: true },
      { type: "checkpoint_megatron", from, required: true },
    ],
  });

describe.skipIf(!hasSnapshot)("checkRlWarmStart", () => {
  it("accepts RL fed by an SFT stage, directly or through a converter", () => {
    const p = plan({
      goals: ["sft", "rlvr"],
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: CHAT_DATA,
    });
    expect(checkRlWarmStart(p.draft, p.ctx, rules)).toEqual([]);
    const viaConvert = plan({
      goals: ["sft", "rlvr"],
      backend: "automodel",
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: CHAT_DATA,
    });
    expect(viaConvert.steps).toContain("convert/hf_to_megatron");
    expect(checkRlWarmStart(viaConvert.draft, viaConvert.ctx, rules)).toEqual([]);
  });

  it("warns when RL starts from the user without a declared SFT checkpoint", () => {
    const ctx = contextFor({ goals: ["rlvr"] });
    const [finding] = checkRlWarmStart(draftOf([rl("user")]), ctx, rules);
    expect(finding?.code).toBe("rl_warm_start");
    expect(finding?.message).toMatch(/^WARNING: /);
    expect(finding?.fix).toContain("SFT");
    const declared = contextFor({ goals: ["rlvr"], data: { has: ["checkpoint_megatron"] } });
    expect(checkRlWarmStart(draftOf([rl("user")]), declared, rules)).toEqual([]);
  });

  it("warns when RL starts from a stage that is not a fine-tune", () => {
    const pretrain = stage({
      id: "01_megatron_bridge",
      step: "pretrain/megatron_bridge",
      consumes: [{ type: "binidx", from: "user", required: true }],
    });
    const findings = checkRlWarmStart(
      draftOf([pretrain, rl("01_megatron_bridge")]),
      contextFor({}),
      rules,
    );
    expect(findings.map((f) => f.code)).toEqual(["rl_warm_start"]);
    expect(findings[0]?.message).toContain("pretrain/megatron_bridge");
    const missing = stage({ id: "01_rlvr", step: "rl/nemo_rl/rlvr", consumes: [] });
    expect(checkRlWarmStart(draftOf([missing]), contextFor({}), rules)).toHaveLength(1);
  });
});
