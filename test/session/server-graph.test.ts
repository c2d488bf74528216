import { Command, MemorySaver } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { addedFiles, scratchCheckout, treeSnapshot } from "../helpers/scratch.js";
import { serverGraph } from "../helpers/server-graph.js";
import { SAMPLE } from "../helpers/snapshot.js";

const NODES = ["orient", "plan", "approval", "act", "explorer", "verify"];
const NANO3 =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

/** The interrupt shape Agent Inbox / Agent Chat UI render (the fields this test relies on). */
const HumanInterrupt = z.object({
  action_request: z.object({ action: z.string(), args: z.object({ files: z.array(z.string()) }) }),
  config: z.object({
    allow_accept: z.boolean(),
    allow_respond: z.boolean(),
    allow_ignore: z.boolean(),
    allow_edit: z.boolean(),
  }),
  description: z.string(),
});

describe("the graph langgraph.json serves", () => {
  it("is a compiled graph named nemotron_customize with the agent's nodes and no checkpointer of its own", async () => {
    const { name, graph } = await serverGraph();
    expect(name).toBe("nemotron_customize");
    expect(
      Object.keys(graph.nodes)
        .filter((node) => !node.startsWith("__"))
        .sort(),
    ).toEqual([...NODES].sort());
    // The server attaches its own store; a checkpointer compiled in would shadow it.
    expect(graph.checkpointer).toBeUndefined();
  });

  describe("with a checkpointer attached the way the server does it", () => {
    let checkout: { root: string; cleanup: () => void };
    const previousRepo = process.env.NEMOTRON_REPO;
    beforeAll(async () => {
      checkout = await scratchCheckout(SAMPLE);
      process.env.NEMOTRON_REPO = checkout.root;
    });
    afterAll(() => {
      if (previousRepo === undefined) delete process.env.NEMOTRON_REPO;
      else process.env.NEMOTRON_REPO = previousRepo;
      checkout.cleanup();
    });

    it("pauses with a HumanInterrupt and an Agent Inbox accept reply writes the plan", async () => {
      const { graph } = await serverGraph();
      graph.checkpointer = new MemorySaver();
      const thread = { configurable: { thread_id: "server-1" } };
      const before = treeSnapshot(checkout.root);

      // A run started from Studio or the SDK: only the request, no checkout ($NEMOTRON_REPO is used).
      await graph.invoke({ requests: [NANO3] }, thread);
      const paused = await graph.getState(thread);
      const request = HumanInterrupt.parse(paused.tasks[0]?.interrupts[0]?.value);
      expect(request.action_request.action).toBe("approve_plan");
      expect(request.config).toEqual({
        allow_accept: true,
        allow_respond: true,
        allow_ignore: true,
        allow_edit: true,
      });
      expect(request.description).toContain("nano3");
      expect(addedFiles(before, treeSnapshot(checkout.root))).toEqual([]);

      await graph.invoke(new Command({ resume: [{ type: "accept", args: null }] }), thread);
      const done = await graph.getState(thread);
      expect(done.values.status).toBe("done");
      const files = request.action_request.args.files;
      expect(files.length).toBeGreaterThan(1);
      expect(addedFiles(before, treeSnapshot(checkout.root))).toEqual([...files].sort());
    });
  });
});
