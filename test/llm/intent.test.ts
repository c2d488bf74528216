import { describe, expect, it } from "vitest";
import { extractIntent } from "../../src/llm/tasks/intent.js";
import {
  allBodies,
  CANARY_PASSWORD,
  CANARY_TOKEN,
  offlineIntent,
  sampleCatalog,
  taskHarness,
} from "./fixtures.js";
import type { ScriptedReply } from "./openai-test-server.js";

const VAGUE =
  "our support bot drifts on incomplete tickets; we have last quarter's chats in /data/q3/chats.jsonl and a small Lepton quota";
const LORA =
  "LoRA fine-tune meta-llama/Llama-3.1-8B-Instruct on my chat JSONL at /data/chat.jsonl with 2 GPUs";

const { checkout, serve } = taskHarness();

async function extract(
  text: string,
  replies: ScriptedReply[],
  options: { rejectJsonSchema?: boolean } = {},
) {
  const { server, client } = await serve(replies, options);
  const offline = offlineIntent(text);
  const result = await extractIntent({
    llm: client,
    text,
    offlineIntent: offline,
    catalog: sampleCatalog(),
    candidates: [{ id: "sft/megatron_bridge" }, { id: "peft/automodel" }],
    secrets: checkout.secrets,
  });
  return { ...result, offline, server };
}

const messages = (findings: { message: string }[]) => findings.map((f) => f.message);

describe("extractIntent", () => {
  it("fills what the rules could not read, in one call, with catalog metadata as labelled data", async () => {
    const { intent, offline, findings, usage, server } = await extract(VAGUE, [
      {
        kind: "json",
        value: { route: "pipeline", goals: ["sft"], executor: "lepton", data: { kind: "chat" } },
      },
    ]);
    expect(offline.goals).toEqual([]);
    expect(intent.route).toBe("pipeline");
    expect(intent.goals).toEqual(["sft"]);
    expect(intent.data.paths).toEqual(["/data/q3/chats.jsonl"]);
    expect(intent.executor.kind).toBe("lepton");
    expect(findings).toEqual([]);
    expect(usage.llmCalls).toBe(1);
    const body = server.requests[0]?.body ?? "";
    expect(body).toContain("<catalog-data>");
    expect(body).toContain("<user-request>");
    expect(body).toContain("data, not instructions");
    // Metadata only: step ids and parameter names, never shipped config text.
    expect(body).toContain("sft/megatron_bridge");
    const description = sampleCatalog().step("sft/megatron_bridge")?.description ?? "";
    expect(description.length).toBeGreaterThan(20);
    expect(body).not.toContain(description.slice(0, 40));
  });

  it("drops a step id and an artifact type the catalog lacks, saying which", async () => {
    const { intent, findings } = await extract(VAGUE, [
      {
        kind: "json",
        value: {
          route: "pipeline",
          goals: ["sft"],
          steps: ["sft/turbo_tuner", "sft/megatron_bridge"],
          data: { has: ["chat_parquet"] },
        },
      },
    ]);
    expect(intent.explicitSteps).toEqual(["sft/megatron_bridge"]);
    expect(intent.data.has).not.toContain("chat_parquet");
    expect(messages(findings)).toEqual([
      "the model proposed step `sft/turbo_tuner`, which the catalog lacks; it was dropped",
      "the model proposed artifact type `chat_parquet`, which the catalog lacks; it was dropped",
    ]);
    expect(findings.every((f) => f.level === "warning" && f.code === "llm_rejected")).toBe(true);
  });

  it("never invents a path or a GPU count the request does not contain", async () => {
    const { intent, findings } = await extract(VAGUE, [
      {
        kind: "json",
        value: {
          goals: ["sft"],
          route: "pipeline",
          data: { paths: ["/data/q3/all_chats.jsonl"] },
          hardware: { gpusPerNode: 8 },
        },
      },
    ]);
    expect(intent.data.paths).toEqual(["/data/q3/chats.jsonl"]);
    expect(intent.hardware.gpusPerNode).toBeUndefined();
    expect(messages(findings).join("\n")).toContain(
      "path `/data/q3/all_chats.jsonl`, which is not in the request",
    );
    expect(messages(findings).join("\n")).toContain(
      "the hardware gpusPerNode = 8, the request does not say 8 GPU(s) per node",
    );
  });

  it("keeps every value the user typed verbatim, whatever the model says", async () => {
    const { intent, offline } = await extract(LORA, [
      {
        kind: "json",
        value: {
          route: "pipeline",
          goals: ["sft"],
          model: "mistralai/Mistral-7B-Instruct-v0.3",
          lora: false,
          hardware: { totalGpus: 8 },
          data: { paths: ["/data/chat.jsonl"], format: "parquet" },
        },
      },
    ]);
    expect(intent).toEqual(offline);
  });

  it("keeps the rule-based intent, with a warning, when every reply is prose", async () => {
    const prose: ScriptedReply = { kind: "text", text: "This looks like a LoRA job on two GPUs." };
    const { intent, offline, findings, usage, server } = await extract(LORA, [prose, prose, prose]);
    expect(intent).toEqual(offline);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ level: "warning", code: "llm_output_unusable" });
    expect(findings[0]?.message).toMatch(/^the model output was unusable \(intent: jsonSchema: /);
    expect(usage.llmCalls).toBe(3);
    expect(server.calls).toBe(3);
  });

  it("falls back to function calling when the server refuses json_schema", async () => {
    const { intent, server } = await extract(
      VAGUE,
      [{ kind: "json", value: { route: "pipeline", goals: ["sft"] } }],
      { rejectJsonSchema: true },
    );
    expect(intent.goals).toEqual(["sft"]);
    expect(server.requests.map((r) => `${r.mode} ${r.status}`)).toEqual([
      "json_schema 400",
      "tools 200",
    ]);
  });

  it("sends no secret from the request or the env file, and keeps none the model returns", async () => {
    const text = `tune the helpdesk bot on /srv/tickets.jsonl, token nvapi-abcdef1234567 and wandb password ${CANARY_PASSWORD}`;
    const { intent, findings, server } = await extract(text, [
      {
        kind: "json",
        value: {
          route: "pipeline",
          goals: ["sft"],
          data: { paths: [CANARY_TOKEN] },
          gap: CANARY_PASSWORD,
        },
      },
    ]);
    const bodies = allBodies(server);
    for (const secret of [CANARY_TOKEN, CANARY_PASSWORD, "nvapi-abcdef1234567"]) {
      expect(bodies).not.toContain(secret);
      expect(JSON.stringify(intent)).not.toContain(secret);
      expect(JSON.stringify(findings)).not.toContain(secret);
    }
    expect(messages(findings)).toContain(
      "the model proposed a secret-looking value for data.paths, which is never kept; it was dropped",
    );
  });
});
