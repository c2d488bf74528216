import { describe, expect, it } from "vitest";
import { checkGpuFit, checkModelSupport } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, LLAMA, NANO3, plan, rules, SUPER3 } from "./fixtures.js";

describe.skipIf(!hasSnapshot)("checkGpuFit", () => {
  const superPlan = (gpus?: number) =>
    plan({
      goals: ["sft"],
      lora: false,
      model: SUPER3,
      data: CHAT_DATA,
      ...(gpus ? { hardware: { totalGpus: gpus } } : {}),
    });

  it("warns with the fix ladder when the model's min_gpus is not met", () => {
    const p = superPlan(8);
    const [finding] = checkGpuFit(p.composed, p.ctx, rules);
    expect(finding).toMatchObject({
      level: "warning",
      code: "gpu_min",
      stage: p.stage("sft/megatron_bridge").id,
    });
    expect(finding?.message).toBe(
      `WARNING: ${SUPER3.name} needs at least 32 GPUs on sft/megatron_bridge; the plan has 8.`,
    );
    expect(finding?.fix).toMatch(
      /1\) smaller model on sft\/megatron_bridge: .*Nano-30B.*; 2\) AutoModel: sft\/automodel with .*; 3\) LoRA: peft\/automodel with /,
    );
  });

  it("is quiet when the GPUs suffice or are unknown", () => {
    for (const p of [superPlan(32), superPlan()])
      expect(checkGpuFit(p.composed, p.ctx, rules)).toEqual([]);
  });

  it("leaves rungs out when nothing fits and says so", () => {
    const p = plan({
      goals: ["sft"],
      model: NANO3,
      backend: "megatron_bridge",
      hardware: { totalGpus: 1 },
      data: CHAT_DATA,
    });
    const fix = checkGpuFit(p.composed, p.ctx, rules)[0]?.fix ?? "";
    expect(fix).not.toContain("smaller model");
    expect(fix).toContain("sft/automodel (none of its listed models fits 1 GPUs)");
    expect(fix).toContain("mistralai/Mistral-7B-Instruct-v0.3 (min 1)");
  });
});

describe.skipIf(!hasSnapshot)("checkModelSupport", () => {
  it("warns for models a Megatron-Bridge step does not list, and notes it for AutoModel", () => {
    const mb = plan({
      goals: ["sft"],
      backend: "megatron_bridge",
      model: LLAMA,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    expect(checkModelSupport(mb.draft, mb.ctx, rules).map((f) => [f.level, f.code])).toEqual([
      ["warning", "model_unlisted"],
    ]);
    const am = plan({
      goals: ["sft"],
      backend: "automodel",
      model: NANO3,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    expect(checkModelSupport(am.draft, am.ctx, rules).map((f) => f.level)).toEqual(["info"]);
    const listed = plan({
      goals: ["sft"],
      model: NANO3,
      hardware: { totalGpus: 8 },
      data: CHAT_DATA,
    });
    expect(checkModelSupport(listed.draft, listed.ctx, rules)).toEqual([]);
  });
});
