import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_SHAPES, renderHardware } from "../../src/eval/metamorphic/index.js";
import { intentReader, PREFERRED_ROOT as ROOT } from "./intent-fixtures.js";

if (!ROOT)
  console.warn("[tests] no catalog (snapshot or sample checkout): hardware cases skipped.");

type Counts = { nodes?: number; gpusPerNode?: number; totalGpus?: number };

/** Hardware phrases and the counts they say; absent counts must stay unread. */
const CASES: Array<[string, Counts]> = [
  ["SFT Nano3 on 2 nodes of 8x H100", { nodes: 2, gpusPerNode: 8, totalGpus: 16 }],
  ["SFT Nano3 on 2x8 H100", { nodes: 2, gpusPerNode: 8, totalGpus: 16 }],
  ["SFT Nano3 on 16 H100 GPUs across two nodes", { nodes: 2, gpusPerNode: 8, totalGpus: 16 }],
  ["SFT Nano3 on two 8-GPU H100 nodes", { nodes: 2, gpusPerNode: 8, totalGpus: 16 }],
  ["SFT Nano3 on 2 nodes with 8 H100 GPUs per node", { nodes: 2, gpusPerNode: 8, totalGpus: 16 }],
  // A GPU model name before plural nodes describes the nodes; it does not size them.
  ["SFT Nano3 on 2 H100 nodes with 8 GPUs each", { nodes: 2, gpusPerNode: 8, totalGpus: 16 }],
  ["SFT Nano3 on four A100 80GB machines of 8 GPUs", { nodes: 4, gpusPerNode: 8, totalGpus: 32 }],
  ["SFT Nano3 on one H100 node with eight GPUs each", { nodes: 1, gpusPerNode: 8, totalGpus: 8 }],
  ["SFT Nano3 on one H100 node", { nodes: 1 }],
  // A count before a generic GPU word, or before one node, is the node's size.
  ["SFT Nano3 on an 8 H100 box", { nodes: 1, gpusPerNode: 8, totalGpus: 8 }],
  ["SFT Nano3 on two 8-GPU nodes", { nodes: 2, gpusPerNode: 8, totalGpus: 16 }],
  ["SFT Nano3 on 8 GPU nodes", { nodes: 1, gpusPerNode: 8, totalGpus: 8 }],
  ["SFT Nano3 on 8 H100s", { totalGpus: 8 }],
  // A bare count "per node" is GPUs on each node.
  ["SFT Nano3 on four nodes, 8 per node", { nodes: 4, gpusPerNode: 8, totalGpus: 32 }],
  ["SFT Nano3 on 32 GPUs (4 nodes, 8 per node)", { nodes: 4, gpusPerNode: 8, totalGpus: 32 }],
];

describe.skipIf(!ROOT)("readIntent hardware counts", () => {
  const read = intentReader(ROOT ?? "");
  it.each(CASES)("%s", (text, counts) => {
    const { nodes, gpusPerNode, totalGpus } = read(text).hardware;
    const found: Counts = {
      ...(nodes !== undefined ? { nodes } : {}),
      ...(gpusPerNode !== undefined ? { gpusPerNode } : {}),
      ...(totalGpus !== undefined ? { totalGpus } : {}),
    };
    expect(found).toEqual(counts);
  });
});

describe.skipIf(!ROOT)(
  "readIntent hardware counts in every shape the rewrite grammar writes",
  () => {
    const read = intentReader(ROOT ?? "");
    const layout = fc.record({
      nodes: fc.integer({ min: 1, max: 16 }),
      perNode: fc.constantFrom(1, 2, 4, 8),
      gpu: fc.option(fc.constantFrom("H100", "A100", "B200", "L40S"), { nil: undefined }),
      memory: fc.option(fc.constantFrom("40GB", "80GB"), { nil: undefined }),
    });

    it("reads nodes, GPUs per node and the total as written", () => {
      fc.assert(
        fc.property(
          layout,
          fc.constantFrom(...ALL_SHAPES),
          fc.constantFrom("digits" as const, "words" as const),
          (m, shape, style) => {
            const meaning = { ...m, ...(m.gpu ? {} : { memory: undefined }) };
            const written = renderHardware(meaning, shape, style);
            if (written === undefined) return;
            const hw = read(`SFT Nano3 on ${written}`).hardware;
            expect({ nodes: hw.nodes, perNode: hw.gpusPerNode, written }).toEqual({
              nodes: m.nodes,
              perNode: m.perNode,
              written,
            });
          },
        ),
        { seed: 20261202, numRuns: 300 },
      );
    });

    it("reads a bare count as a total", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 64 }),
          fc.option(fc.constantFrom("H100", "A100", "B200"), { nil: undefined }),
          fc.constantFrom(...ALL_SHAPES),
          fc.constantFrom("digits" as const, "words" as const),
          (total, gpu, shape, style) => {
            const written = renderHardware({ total, ...(gpu ? { gpu } : {}) }, shape, style);
            if (written === undefined) return;
            const hw = read(`SFT Nano3 on ${written}`).hardware;
            expect({ total: hw.totalGpus, written }).toEqual({ total, written });
          },
        ),
        { seed: 20261202, numRuns: 200 },
      );
    });
  },
);

describe.skipIf(!ROOT)("GPU models outside the listed ones", () => {
  const read = intentReader(ROOT ?? "");

  it.each([
    ["LoRA Llama 8B on my workstation (2x RTX A6000, 48GB each)", 2, "A6000", 48],
    ["SFT on 8 V100s", 8, "V100", undefined],
    ["LoRA on 4x RTX 6000 Ada", 4, undefined, undefined],
    ["LoRA on two A40 cards", 2, "A40", 48],
    ["LoRA on 4 L40 GPUs with 48 GB each", 4, "L40", 48],
  ])("%s", (text, total, gpuType, memory) => {
    const hw = read(text).hardware;
    expect(hw.totalGpus).toBe(total);
    expect(hw.gpuType).toBe(gpuType);
    expect(hw.gpuMemoryGb).toBe(memory);
  });

  it("does not read a model's size as a GPU", () => {
    const hw = read("SFT Nemotron-3-Super-120B-A12B on 16 H100").hardware;
    expect(hw).toMatchObject({ totalGpus: 16, gpuType: "H100" });
    expect(read("fine-tune nano3 30b a3b").hardware.gpuType).toBeUndefined();
  });
});
