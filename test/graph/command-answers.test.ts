import { MemorySaver } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { type AgentGraph, compileAgentGraph } from "../../src/graph/graph.js";
import { ask, resume } from "../../src/session/session.js";
import { scratchCheckout } from "../helpers/scratch.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

describe.skipIf(!hasSnapshot)("one-step answers and what the plan builds from the request", () => {
  let root: string;
  let cleanup: () => void;
  let graph: AgentGraph;
  let n = 0;

  beforeAll(async () => {
    ({ root, cleanup } = await scratchCheckout(SNAPSHOT));
    graph = compileAgentGraph(createAgentDeps({ path: "" }), new MemorySaver());
  });
  afterAll(() => cleanup());

  const start = (request: string) => {
    n += 1;
    const threadId = `c${n}`;
    return ask(graph, { threadId, request, checkout: { root, source: "flag" } });
  };

  it("a command that lacks values the user can give waits for them, not Blocked", async () => {
    const first = await start("what's the command to smoke test my hosted model?");
    expect(first.status).toBe("needs_input");
    expect(first.pendingReply).toBe(false);
    const asked = first.plan?.requiredInputs.map((r) => r.key) ?? [];
    expect(asked).toEqual(expect.arrayContaining(["eval.endpoint", "eval.model_id"]));

    // The answer continues the thread, through resume as well as a new message.
    const answered = await resume(graph, first.threadId, {
      type: "answer",
      text: "url is https://nim.corp.net/v1, model id corp/nano-chat, key in CORP_NIM_KEY, task mmlu_instruct",
    });
    expect(answered.status).toBe("answered");
    const command = answered.commands[0]?.command ?? "";
    for (const part of [
      "https://nim.corp.net/v1",
      "corp/nano-chat",
      "CORP_NIM_KEY",
      "mmlu_instruct",
    ])
      expect(command).toContain(part);
  });

  it("a missing env profile for a remote run is Blocked: the checkout needs a fix first", async () => {
    const result = await start(
      "Submit rl/nemo_rl/dpo -c tiny to Lepton with --batch lepton_rl_nemo_rl_dpo. There is no env toml yet.",
    );
    expect(result.route).toBe("single_step");
    expect(result.status).toBe("blocked");
    expect(result.commands[0]?.unblockedBy).toBe("environment");
  });

  it("a shipped smoke config the user names supplies the paths it sets", async () => {
    const result = await start(
      "smoke-test BYOB MCQ generation with -c tiny, all stages, as a dry run",
    );
    expect(result.status).toBe("answered");
    expect(result.plan?.requiredInputs).toEqual([]);
    expect(result.commands[0]?.command).toContain("-c tiny");
  });

  it("an end product the user asks for is reached with the catalog's converters", async () => {
    const result = await start(
      "LoRA meta-llama/Llama-3.1-8B-Instruct on /data/lora/claims.jsonl with two GPUs into /out/lora; we need a single deployable HF checkpoint at the end.",
    );
    const steps = result.plan?.stages.map((s) => s.step) ?? [];
    expect(steps.slice(0, 2)).toEqual(["peft/automodel", "convert/merge_lora"]);
  });

  it("an edge the user wires from 'it' is repaired from what 'it' is, and says so", async () => {
    const result = await start(
      "Take the LoRA adapter at /runs/mistral-lora/adapter (trained with AutoModel on mistralai/Mistral-7B-Instruct-v0.3) and feed it straight into ModelOpt quantize on 8 B200s. Output to /models/mistral-nvfp4.",
    );
    const steps = result.plan?.stages.map((s) => s.step) ?? [];
    expect(steps.slice(0, 2)).toEqual(["convert/merge_lora", "optimize/modelopt/quantize"]);
    expect(result.plan?.findings.map((f) => f.code)).toContain("type_mismatch");
    expect(result.markdown).toContain("type mismatch");
  });
});
