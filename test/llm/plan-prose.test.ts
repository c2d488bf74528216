import { describe, expect, it } from "vitest";
import { AVOID_LIMIT, writePlanProse } from "../../src/llm/tasks/plan-prose.js";
import { composePlan } from "../../src/planner/compose/index.js";
import { loadPlanningRules } from "../../src/planner/rules/index.js";
import { allBodies, CANARY_TOKEN, offlineIntent, sampleCatalog, taskHarness } from "./fixtures.js";
import type { ScriptedReply } from "./openai-test-server.js";

const REQUEST =
  "Data prep + SFT for Nano3 on /data/chat.jsonl on one node of 8x H100, outputs in /runs/nano3";
const plan = composePlan(
  {
    catalog: sampleCatalog(),
    catalogSource: "sample",
    intent: offlineIntent(REQUEST),
    profiles: null,
  },
  loadPlanningRules(),
).draft;

const { checkout, serve } = taskHarness();

async function prose(replies: ScriptedReply[]) {
  const { server, client } = await serve(replies);
  const result = await writePlanProse({
    llm: client,
    plan,
    catalog: sampleCatalog(),
    userText: `${REQUEST} (lepton token ${CANARY_TOKEN})`,
    secrets: checkout.secrets,
  });
  return { ...result, server };
}

const good = {
  why: "data_prep/sft_packing turns the chat JSONL into packed Parquet that sft/megatron_bridge reads; eval/model_eval then scores the checkpoint written under /runs/nano3/02_megatron_bridge.",
  avoid:
    "Do not feed the raw JSONL straight into meta-llama/Llama-3.1-8B-Instruct style recipes; keep the pack size equal to the sequence length.",
};

describe("writePlanProse", () => {
  it("returns short Why/Avoid prose in one call, sending the plan as labelled data", async () => {
    const { prose: text, findings, usage, server } = await prose([{ kind: "json", value: good }]);
    expect(text).toEqual(good);
    expect(findings).toEqual([]);
    expect(usage.llmCalls).toBe(1);
    const body = server.requests[0]?.body ?? "";
    expect(body).toContain("<plan-data>");
    expect(body).toContain("02_megatron_bridge: sft/megatron_bridge");
    expect(allBodies(server)).not.toContain(CANARY_TOKEN);
  });

  it("sends a reply naming a step the catalog lacks back for repair", async () => {
    const bad = { ...good, why: "Run sft/turbo_tuner after data_prep/sft_packing." };
    const {
      prose: text,
      usage,
      server,
    } = await prose([
      { kind: "json", value: bad },
      { kind: "json", value: good },
    ]);
    expect(text).toEqual(good);
    expect(usage.llmCalls).toBe(2);
    expect(server.requests[1]?.body).toContain(
      "names step `sft/turbo_tuner`, which the catalog lacks",
    );
  });

  it("gives up after two repairs and keeps the rule-based text, with a warning", async () => {
    const long: ScriptedReply = {
      kind: "json",
      value: { ...good, avoid: "x".repeat(AVOID_LIMIT + 1) },
    };
    const { prose: text, findings, server } = await prose([long, long, long]);
    expect(text).toBeUndefined();
    expect(server.calls).toBe(3);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe("llm_output_unusable");
    expect(findings[0]?.message).toContain(
      `\`avoid\` has ${AVOID_LIMIT + 1} characters; the limit is ${AVOID_LIMIT}`,
    );
  });
});
