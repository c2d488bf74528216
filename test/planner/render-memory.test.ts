import { describe, expect, it } from "vitest";
import type { MemoryFitRow } from "../../src/planner/memory-fit.js";
import { memoryTableLines } from "../../src/planner/render/memory-table.js";

const row = (over: Partial<MemoryFitRow>): MemoryFitRow => ({
  stage: "02_megatron_bridge",
  step: "sft/megatron_bridge",
  model: "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16",
  mode: "full",
  layout: "tp4 pp1 cp1 ep8 dp2, mbs 1, seq 4096, recompute, dist. optimizer",
  estimateGb: 75.8,
  complete: true,
  capacityGb: 80,
  headroomGb: 4.2,
  verdict: "fits",
  parts: [],
  unknown: [],
  assumptions: [],
  ...over,
});

describe("memory table in the plan", () => {
  it("renders one row per training stage with estimate, memory, headroom and verdict", () => {
    const lines = memoryTableLines([
      row({}),
      row({
        stage: "03_rlvr",
        mode: "lora",
        estimateGb: 71.2,
        complete: false,
        headroomGb: null,
        verdict: "unknown",
        unknown: ["layer count"],
        assumptions: ["LoRA rank 32 (recipe default)"],
      }),
    ]);
    expect(lines).toContain(
      "| `02_megatron_bridge` | `nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16` | full | tp4 pp1 cp1 ep8 dp2, mbs 1, seq 4096, recompute, dist. optimizer | 75.8 | 80 | 4.2 | yes |",
    );
    expect(lines.find((l) => l.startsWith("| `03_rlvr`"))).toMatch(
      /\| LoRA \| .* \| >= 71\.2 \| 80 \| - \| unknown \|$/,
    );
    expect(lines).toContain(
      "- `03_rlvr`: unknown: layer count; assumed: LoRA rank 32 (recipe default)",
    );
  });

  it("marks a stage that does not fit and says when the GPU memory is not given", () => {
    const lines = memoryTableLines([
      row({ verdict: "does_not_fit", estimateGb: 188.4, headroomGb: -108.4 }),
      row({ stage: "03_x", capacityGb: null, headroomGb: null, verdict: "unknown" }),
    ]);
    expect(lines.find((l) => l.includes("188.4"))).toMatch(/\| 80 \| -108\.4 \| \*\*no\*\* \|$/);
    expect(lines.find((l) => l.startsWith("| `03_x`"))).toMatch(/\| not given \| - \| unknown \|$/);
  });

  it("adds nothing without rows", () => {
    expect(memoryTableLines([])).toEqual([]);
  });
});
