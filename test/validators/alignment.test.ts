import { describe, expect, it } from "vitest";
import { checkAlignment } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, LLAMA, NANO3, plan, rules, SUPER3 } from "./fixtures.js";

describe.skipIf(!hasSnapshot)("checkAlignment", () => {
  const nano = () =>
    plan({
      goals: ["sft"],
      model: NANO3,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
      outputDir: "/o",
    });

  it("passes when prep and train agree", () => {
    const p = nano();
    expect(checkAlignment(p.draft, p.ctx, rules)).toEqual([]);
  });

  it("warns when pack size and trainer sequence length differ", () => {
    const p = nano();
    p.stage("data_prep/sft_packing").params.pack_size = 8192;
    const [finding] = checkAlignment(p.draft, p.ctx, rules);
    expect(finding?.level).toBe("warning");
    expect(finding?.message).toMatch(/^WARNING: sequence length differs/);
    expect(finding?.message).toContain("pack_size=8192");
    expect(finding?.fix).toContain("4096");
  });

  it("warns when the prep tokenizer is not the trained model (shipped default included)", () => {
    const p = nano();
    delete p.stage("data_prep/sft_packing").params["tokenizer.model"];
    const findings = checkAlignment(p.draft, p.ctx, rules);
    expect(findings.map((f) => f.code)).toEqual(["alignment"]);
    expect(findings[0]?.fix).toContain(`tokenizer.model=${NANO3.name}`);
  });

  it("warns when a non-Nemotron model gets a Nemotron chat template, not for Nemotron recipe models", () => {
    const llama = plan({
      goals: ["sft"],
      backend: "megatron_bridge",
      model: LLAMA,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    const findings = checkAlignment(llama.draft, llama.ctx, rules);
    expect(findings.some((f) => f.message.includes("chat template"))).toBe(true);
    const superPlan = plan({
      goals: ["sft"],
      model: SUPER3,
      hardware: { totalGpus: 32 },
      data: CHAT_DATA,
    });
    expect(checkAlignment(superPlan.draft, superPlan.ctx, rules)).toEqual([]);
  });
});
