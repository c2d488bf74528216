import { describe, expect, it } from "vitest";
import { intentReader, PREFERRED_ROOT as ROOT } from "./intent-fixtures.js";

if (!ROOT) console.warn("[tests] no catalog (snapshot or sample checkout): hardware cases skipped.");

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
