import { describe, expect, it } from "vitest";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import { extractIntent } from "../../src/llm/tasks/intent.js";
import { writePlanProse } from "../../src/llm/tasks/plan-prose.js";
import { addUsage } from "../../src/llm/usage.js";
import { composePlan } from "../../src/planner/compose/index.js";
import type { Intent } from "../../src/planner/intent.js";
import { readIntent } from "../../src/planner/intent-reader/index.js";
import { loadPlanningRules } from "../../src/planner/rules/index.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import {
  allBodies,
  CANARY_PASSWORD,
  CANARY_TOKEN,
  intentRules,
  sampleCatalog,
  taskHarness,
} from "./fixtures.js";
import type { ScriptedReply, TestServerOptions } from "./openai-test-server.js";

const PIPELINE =
  "Data prep + SFT for Nano3 on /data/chat.jsonl on one node of 8x H100, outputs in /runs/nano3";
const LORA =
  "LoRA fine-tune meta-llama/Llama-3.1-8B-Instruct on my chat JSONL at /data/chat.jsonl with 2 GPUs";
const PROSE = {
  why: "Packing first lets the SFT stage read Parquet; the eval stage scores the result.",
  avoid: "Keep the pack size equal to the sequence length.",
};

const { checkout, serve } = taskHarness();

const planFor = (catalog: Catalog, intent: Intent) =>
  composePlan({ catalog, catalogSource: "sample", intent, profiles: null }, loadPlanningRules())
    .draft;

/** What the graph does in LLM mode for one request: intent, rule-based plan, prose. */
async function run(
  catalog: Catalog,
  text: string,
  replies: ScriptedReply[],
  options: TestServerOptions = {},
) {
  const { server, client } = await serve(replies, options);
  const offline = readIntent(text, catalog, intentRules());
  const offlinePlan = planFor(catalog, offline);
  const candidates = offlinePlan.stages.map((s) => ({ id: s.step }));
  const read = await extractIntent({
    llm: client,
    text,
    offlineIntent: offline,
    catalog,
    candidates,
    secrets: checkout.secrets,
  });
  const plan = planFor(catalog, read.intent);
  const prose = await writePlanProse({
    llm: client,
    plan,
    catalog,
    userText: text,
    secrets: checkout.secrets,
  });
  return {
    offlinePlan,
    plan,
    prose,
    usage: addUsage(read.usage, prose.usage),
    findings: [...read.findings, ...prose.findings],
    server,
  };
}

const budgetCase = (catalog: () => Catalog) => async () => {
  const { usage, server } = await run(catalog(), PIPELINE, [
    { kind: "json", value: { route: "pipeline", goals: ["data_prep", "sft"] } },
    { kind: "json", value: PROSE },
  ]);
  const promptTokens = server.requests.reduce((n, r) => n + r.promptTokens, 0);
  expect(server.calls).toBe(2);
  expect(usage.llmCalls).toBe(2);
  expect(usage.promptTokens).toBe(promptTokens);
  expect(promptTokens).toBeLessThanOrEqual(4_000);
};

describe("LLM budget for a pipeline request", () => {
  it(
    "uses two calls and at most 4,000 prompt tokens on the sample checkout",
    budgetCase(sampleCatalog),
  );
  it.skipIf(!hasSnapshot)(
    "stays within budget on the real catalog",
    budgetCase(() => loadCatalog(SNAPSHOT)),
  );
});

describe("acceptance: a misbehaving endpoint changes nothing but the warning", () => {
  it("plans as offline when every reply is prose, within six calls, sending no secret", async () => {
    const prose: ScriptedReply = {
      kind: "text",
      text: "Sounds like a LoRA job on two GPUs to me!",
    };
    const { offlinePlan, plan, usage, findings, server } = await run(
      sampleCatalog(),
      `${LORA}. wandb password ${CANARY_PASSWORD}`,
      Array.from({ length: 6 }, () => prose),
    );
    expect(plan).toEqual(offlinePlan);
    expect(usage.llmCalls).toBeGreaterThanOrEqual(1);
    expect(server.calls).toBeLessThanOrEqual(6);
    expect(findings.map((f) => f.code)).toContain("llm_output_unusable");
    expect(findings.every((f) => f.level !== "error")).toBe(true);
    expect(allBodies(server)).not.toContain(CANARY_PASSWORD);
    expect(allBodies(server)).not.toContain(CANARY_TOKEN);
  });

  it("plans as offline when the server refuses json_schema, remembering function calling", async () => {
    const { offlinePlan, plan, server } = await run(
      sampleCatalog(),
      LORA,
      [
        {
          kind: "json",
          value: {
            route: "single_step",
            goals: ["peft"],
            model: "meta-llama/Llama-3.1-8B-Instruct",
            lora: true,
          },
        },
        { kind: "json", value: PROSE },
      ],
      { rejectJsonSchema: true },
    );
    expect(plan).toEqual(offlinePlan);
    expect(server.requests.map((r) => `${r.mode} ${r.status}`)).toEqual([
      "json_schema 400",
      "tools 200",
      "tools 200",
    ]);
  });
});
