import { describe, expect, it } from "vitest";
import { checkBatchDivisibility } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { composedOf, contextFor, rules, stage } from "./fixtures.js";

const train = (params: Record<string, number> = {}) =>
  stage({
    id: "01_megatron_bridge",
    step: "sft/megatron_bridge",
    consumes: [{ type: "packed_parquet", from: "user", required: true }],
    params,
  });

describe.skipIf(!hasSnapshot)("checkBatchDivisibility", () => {
  it("uses the shipped layout (tp=4) and batch (8) when the plan sets none", () => {
    expect(
      checkBatchDivisibility(
        composedOf([train()], 8),
        contextFor({ hardware: { totalGpus: 8 } }),
        rules,
      ),
    ).toEqual([]);
    const [finding] = checkBatchDivisibility(
      composedOf([train()], 12),
      contextFor({ hardware: { totalGpus: 12 } }),
      rules,
    );
    expect(finding?.code).toBe("batch_divisibility");
    expect(finding?.message).toMatch(/^WARNING: .*global batch 8 .*data-parallel size 3/);
    expect(finding?.fix).toBe("Set train.global_batch_size=9 (a multiple of 3).");
  });

  it("flags a layout whose product does not divide the GPUs", () => {
    const [finding] = checkBatchDivisibility(
      composedOf([train()], 6),
      contextFor({ hardware: { totalGpus: 6 } }),
      rules,
    );
    expect(finding?.code).toBe("parallel_shape");
  });

  it("reads the plan's own values first, and skips when GPUs are unknown", () => {
    const planned = train({ "model.tensor_model_parallel_size": 2, "train.global_batch_size": 5 });
    const [finding] = checkBatchDivisibility(
      composedOf([planned], 8),
      contextFor({ hardware: { totalGpus: 8 } }),
      rules,
    );
    expect(finding?.fix).toContain("=8 ");
    expect(checkBatchDivisibility(composedOf([planned], undefined), contextFor({}), rules)).toEqual(
      [],
    );
  });
});
