import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { compileAgentGraph } from "../../src/graph/graph.js";
import { ask, resume } from "../../src/session/session.js";
import { addedFiles, treeSnapshot } from "../helpers/scratch.js";
import { SAMPLE } from "../helpers/snapshot.js";

describe("the bundled sample checkout", () => {
  it("can be planned against but is never written to", async () => {
    const before = treeSnapshot(SAMPLE);
    const graph = compileAgentGraph(createAgentDeps({ path: "" }), new MemorySaver());
    const first = await ask(graph, {
      threadId: "s",
      request:
        "Fine-tune Nemotron Nano3 on my chat JSONL at /data/chat.jsonl on one node of 8x H100, outputs under /out/s",
      checkout: { root: SAMPLE, source: "sample" },
    });
    expect(first.status).toBe("awaiting_approval");
    expect(first.markdown).toMatch(/bundled sample checkout, which is never written to/);
    const approved = await resume(graph, "s", { type: "approve" });
    expect(approved.status).toBe("blocked");
    expect(approved.files).toEqual([]);
    expect(addedFiles(before, treeSnapshot(SAMPLE))).toEqual([]);
  });
});
