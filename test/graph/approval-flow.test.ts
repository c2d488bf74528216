import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, MemorySaver } from "@langchain/langgraph";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createAgentDeps } from "../../src/graph/deps.js";
import { type AgentGraph, compileAgentGraph } from "../../src/graph/graph.js";
import { ask, resume } from "../../src/session/session.js";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

describe.skipIf(!hasSnapshot)("approval flow on a scratch copy of the real snapshot", () => {
  let root: string;
  let cleanup: () => void;
  let graph: AgentGraph;
  const thread = { configurable: { thread_id: "t1" } };

  beforeEach(async () => {
    ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
    graph = compileAgentGraph(createAgentDeps({ path: "" }), new MemorySaver());
  });
  afterEach(() => cleanup());

  const start = (request: string) =>
    ask(graph, { threadId: "t1", request, checkout: { root, source: "flag" } });

  it("stops at approval with nothing written, then writes one config per stage on approve", async () => {
    const before = treeSnapshot(root);
    const first = await start(NANO3);
    expect(first.status).toBe("awaiting_approval");
    expect(addedFiles(before, treeSnapshot(root))).toEqual([]);

    const paused = await graph.getState(thread);
    const request = paused.tasks[0]?.interrupts[0]?.value;
    expect(request).toMatchObject({
      action_request: { action: "approve_plan" },
      config: { allow_accept: true, allow_respond: true, allow_ignore: true, allow_edit: true },
      action_requests: [{ name: "approve_plan" }],
      review_configs: [
        { action_name: "approve_plan", allowed_decisions: ["approve", "edit", "reject"] },
      ],
    });

    await graph.invoke(new Command({ resume: { type: "approve" } }), thread);
    const done = await graph.getState(thread);
    expect(done.tasks).toHaveLength(0);
    expect(done.values.status).toBe("done");

    const added = addedFiles(before, treeSnapshot(root));
    const stages = first.plan?.stages ?? [];
    expect(added).toHaveLength(stages.length);
    for (const file of added)
      expect(file).toMatch(/^src\/nemotron\/steps\/.+\/config\/[^/]+\.yaml$/);

    const configs = added.map((file) => ({
      file,
      doc: parse(readFileSync(path.join(root, file), "utf8")),
    }));
    const packing = configs.find((c) => c.file.includes("data_prep/sft_packing"));
    const training = configs.find((c) => c.file.includes("sft/megatron_bridge"));
    expect(packing && training).toBeTruthy();
    expect(JSON.stringify(packing?.doc)).toContain("/data/chat/train.jsonl");
    const packSize = packing?.doc.pack_size;
    expect(packSize).toBeTypeOf("number");
    expect(training?.doc.seq_length ?? training?.doc.dataset?.seq_length).toBe(packSize);
    for (const command of done.values.commands) {
      expect(command.command).toMatch(/-c src\/nemotron\/steps\/.+\.yaml --dry-run/);
    }
  });

  it("loops back on a malformed reply and says why", async () => {
    await start(NANO3);
    await graph.invoke(new Command({ resume: { type: "maybe" } }), thread);
    const state = await graph.getState(thread);
    const payload = state.tasks[0]?.interrupts[0]?.value;
    expect(payload).toMatchObject({ error: expect.stringContaining("expected") });
    expect(state.values.status).toBe("awaiting_approval");
  });

  it("a chat-UI accept reply approves, an ignore reply ends with nothing written", async () => {
    const before = treeSnapshot(root);
    await start(NANO3);
    const rejected = await resume(graph, "t1", [{ type: "ignore", args: null }]);
    expect(rejected.status).toBe("done");
    expect(rejected.markdown).toMatch(/nothing was written/i);
    expect(addedFiles(before, treeSnapshot(root))).toEqual([]);
  });

  it("a revision re-plans: AutoModel on 4 GPUs drops packing and Megatron-Bridge", async () => {
    const first = await start(
      "Fine-tune Nemotron Nano3 on my chat JSONL at /data/chat.jsonl with Megatron-Bridge on 8 GPUs",
    );
    expect(first.plan?.stages.map((s) => s.step)).toContain("sft/megatron_bridge");
    const revised = await resume(graph, "t1", {
      type: "revise",
      text: "Actually, use AutoModel instead - we only have 4 GPUs.",
    });
    const steps = revised.plan?.stages.map((s) => s.step) ?? [];
    expect(steps).toContain("sft/automodel");
    expect(steps).not.toContain("sft/megatron_bridge");
    expect(steps).not.toContain("data_prep/sft_packing");
    expect((await graph.getState(thread)).values.replans).toBe(1);
  });

  it("approving with values still missing asks for them instead of writing", async () => {
    const before = treeSnapshot(root);
    const first = await start("Fine-tune Nemotron Nano3 on my chat data with Megatron-Bridge");
    expect(first.plan?.requiredInputs.length).toBeGreaterThan(0);
    const again = await resume(graph, "t1", { type: "approve" });
    expect(again.status).toBe("needs_input");
    const payload = (await graph.getState(thread)).tasks[0]?.interrupts[0]?.value;
    expect(payload).toMatchObject({ error: expect.stringContaining("still missing") });
    expect(addedFiles(before, treeSnapshot(root))).toEqual([]);
  });

  it("a follow-up after Act adds a stage and re-plans on the same thread", async () => {
    await start(NANO3);
    await resume(graph, "t1", { type: "approve" });
    const follow = await start("Add RL with GRPO after SFT");
    const steps = follow.plan?.stages.map((s) => s.step) ?? [];
    expect(steps).toContain("rl/nemo_rl/rlvr");
    expect(steps).toContain("sft/megatron_bridge");
    expect(follow.status).toMatch(/awaiting_approval|needs_input/);
  });
});
