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

  it("warns when the user's packed data was built at another length than the stage trains at", () => {
    const packed = (overrides: Record<string, string>, seqLength: number) =>
      plan({
        goals: ["sft"],
        model: NANO3,
        hardware: { totalGpus: 8 },
        data: { paths: ["/data/packed_4k/"], format: "packed_parquet", has: ["packed_parquet"] },
        overrides,
        seqLength,
        outputDir: "/o",
      });
    const stale = packed({ pack_size: "4096" }, 8192);
    expect(stale.steps[0]).toBe("sft/megatron_bridge");
    const [finding] = checkAlignment(stale.draft, stale.ctx, rules);
    expect(finding?.message).toContain("built with pack_size 4096");
    expect(finding?.fix).toContain("Repack the data at 8192");
    const fresh = packed({ pack_size: "8192" }, 8192);
    expect(checkAlignment(fresh.draft, fresh.ctx, rules)).toEqual([]);
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
