import { describe, expect, it } from "vitest";
import { checkHardwareHeuristics } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, NANO3, plan, rules, SUPER3 } from "./fixtures.js";

const codes = (p: ReturnType<typeof plan>) =>
  checkHardwareHeuristics(p.composed, p.ctx, rules).map((f) => f.code);

describe.skipIf(!hasSnapshot)("checkHardwareHeuristics", () => {
  const mb = (hardware: object) =>
    plan({ goals: ["sft"], backend: "megatron_bridge", model: NANO3, hardware, data: CHAT_DATA });

  it("warns for Megatron-Bridge on 2-4 GPUs and on one GPU, not on a full node", () => {
    const four = mb({ totalGpus: 4 });
    const few = checkHardwareHeuristics(four.composed, four.ctx, rules);
    expect(few.map((f) => f.code)).toEqual(["megatron-on-few-gpus"]);
    expect(few[0]?.message).toBe(
      "WARNING: sft/megatron_bridge on 4 GPUs is below the 8-GPU node its shipped parallel layout targets.",
    );
    expect(codes(mb({ totalGpus: 1 }))).toEqual(["megatron-on-one-gpu"]);
    expect(codes(mb({ totalGpus: 8 }))).toEqual([]);
  });

  it("warns for RL below two nodes and Super3 on small-memory GPUs", () => {
    expect(
      codes(
        plan({ goals: ["sft", "rlvr"], model: NANO3, hardware: { totalGpus: 8 }, data: CHAT_DATA }),
      ),
    ).toEqual(["rl-below-two-nodes"]);
    const small = plan({
      goals: ["sft"],
      model: SUPER3,
      hardware: { nodes: 4, gpusPerNode: 8, gpuMemoryGb: 40 },
      data: CHAT_DATA,
    });
    const finding = checkHardwareHeuristics(small.composed, small.ctx, rules).find(
      (f) => f.code === "super3-on-small-memory",
    );
    expect(finding?.stage).toBeUndefined();
    expect(finding?.message).toContain("40 GB");
  });

  it("adds an info note for tensor parallelism across Ethernet-class links", () => {
    const p = mb({ nodes: 2, gpusPerNode: 8, interconnect: "RoCE" });
    const finding = checkHardwareHeuristics(p.composed, p.ctx, rules)[0];
    expect(finding).toMatchObject({ level: "info", code: "tensor-parallel-over-ethernet" });
    expect(finding?.message).not.toMatch(/^WARNING/);
  });
});
