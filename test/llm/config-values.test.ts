// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests spell out OmegaConf references literally
import { describe, expect, it } from "vitest";
import { configKeys } from "../../src/llm/catalog-brief.js";
import {
  mentionedOpenKeys,
  openKeys,
  proposeConfigValues,
} from "../../src/llm/tasks/config-values.js";
import { allBodies, CANARY_TOKEN, intentRules, sampleCatalog, taskHarness } from "./fixtures.js";
import type { ScriptedReply } from "./openai-test-server.js";

const STEP = "peft/automodel";
const USER_PATH = "/data/chat.jsonl";
const stage = {
  id: "01_automodel",
  step: STEP,
  params: {
    "model.pretrained_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct",
    "dataset.path_or_dataset_id": USER_PATH,
  },
};

const { checkout, serve } = taskHarness();

async function propose(replies: ScriptedReply[], keys?: { base: string[]; declared: boolean }) {
  const { server, client } = await serve(replies);
  const step = sampleCatalog().step(STEP);
  if (!step) throw new Error(`${STEP} missing from the sample checkout`);
  const result = await proposeConfigValues({
    llm: client,
    stage,
    step,
    baseConfigKeys: keys?.base ?? configKeys(sampleCatalog(), STEP, "default"),
    declaredParams: keys?.declared === false ? [] : step.parameters,
    userText: `LoRA on ${USER_PATH} with rank 32; the lepton token is ${CANARY_TOKEN}`,
    userPaths: [USER_PATH],
    pathPattern: intentRules().literals.pathPrefix,
    secrets: checkout.secrets,
  });
  return { ...result, server };
}

describe("proposeConfigValues", () => {
  it("accepts values for open keys and lists only key names and declared defaults", async () => {
    const { values, findings, usage, server } = await propose([
      {
        kind: "json",
        value: {
          values: [
            { key: "peft.dim", value: 32 },
            { key: "step_scheduler.max_steps", value: 1000 },
          ],
        },
      },
    ]);
    expect(values).toEqual({ "peft.dim": 32, "step_scheduler.max_steps": 1000 });
    expect(findings).toEqual([]);
    expect(usage.llmCalls).toBe(1);
    const body = server.requests[0]?.body ?? "";
    expect(body).toContain("<open-keys>");
    expect(body).toContain("peft.dim (default 16)");
    // Shipped config values and class paths stay home.
    expect(body).not.toContain("nvcr.io/nvidia/nemo-automodel");
    expect(body).not.toContain("_target_");
    // Keys the plan already set are not offered.
    expect(body).not.toContain("- dataset.path_or_dataset_id");
  });

  it("rejects an unknown key, a ${art:} value, an inlined secret and a changed path, each with a finding", async () => {
    const { values, findings, server } = await propose([
      {
        kind: "json",
        value: {
          values: [
            { key: "peft.rank_boost", value: 2 },
            { key: "checkpoint.checkpoint_dir", value: "${art:checkpoint_lora}" },
            { key: "run.env.container_image", value: CANARY_TOKEN },
            { key: "checkpoint.checkpoint_dir", value: "/data/chat_clean.jsonl" },
            { key: "dataset.path_or_dataset_id", value: "/data/other.jsonl" },
            { key: "peft.alpha", value: "high" },
            { key: "peft.dim", value: 8 },
          ],
        },
      },
    ]);
    expect(values).toEqual({ "peft.dim": 8 });
    const said = findings.map((f) => f.message);
    expect(said).toEqual([
      "rejected the model's value for `peft.rank_boost` in 01_automodel: unknown key: peft/automodel has no such parameter or config key",
      "rejected the model's value for `checkpoint.checkpoint_dir` in 01_automodel: an artifact reference (`${art:...}`), which written configs never hold",
      "rejected the model's value for `run.env.container_image` in 01_automodel: the value contains a secret from the checkout's env files or a credential",
      "rejected the model's value for `checkpoint.checkpoint_dir` in 01_automodel: the path `/data/chat_clean.jsonl` is not one the request gave; paths are copied from the request only",
      "rejected the model's value for `dataset.path_or_dataset_id` in 01_automodel: the plan already sets this key",
      "rejected the model's value for `peft.alpha` in 01_automodel: expected a number like the declared default",
    ]);
    expect(
      findings.every(
        (f) => f.level === "warning" && f.code === "llm_rejected" && f.stage === "01_automodel",
      ),
    ).toBe(true);
    expect(JSON.stringify(findings)).not.toContain(CANARY_TOKEN);
    expect(allBodies(server)).not.toContain(CANARY_TOKEN);
  });

  it("rejects a path the user did not give, even in an open key", async () => {
    const { values, findings } = await propose([
      {
        kind: "json",
        value: { values: [{ key: "checkpoint.checkpoint_dir", value: "/data/chat_clean.jsonl" }] },
      },
    ]);
    expect(values).toEqual({});
    expect(findings[0]?.message).toBe(
      "rejected the model's value for `checkpoint.checkpoint_dir` in 01_automodel: the path `/data/chat_clean.jsonl` is not one the request gave; paths are copied from the request only",
    );
  });

  it("makes no call when the rules left nothing open", async () => {
    const { values, usage, server } = await propose([], { base: [], declared: false });
    expect(values).toEqual({});
    expect(usage.llmCalls).toBe(0);
    expect(server.calls).toBe(0);
  });

  it("warns and proposes nothing when the reply is prose", async () => {
    const prose: ScriptedReply = { kind: "text", text: "Use rank 32." };
    const { values, findings } = await propose([prose, prose, prose]);
    expect(values).toEqual({});
    expect(findings.map((f) => f.code)).toEqual(["llm_output_unusable"]);
  });
});

describe("open keys", () => {
  const step = sampleCatalog().step(STEP);
  const open = openKeys({
    stage,
    baseConfigKeys: configKeys(sampleCatalog(), STEP, "default"),
    declaredParams: step?.parameters ?? [],
  });

  it("leaves out keys the plan set, and class paths", () => {
    expect(open).toContain("peft.dim");
    expect(open).toContain("step_scheduler.max_steps");
    expect(open).not.toContain("dataset.path_or_dataset_id");
    expect(open.some((k) => k.includes("_target_"))).toBe(false);
  });

  it("finds the open keys a request talks about, and none when it talks about none", () => {
    expect(mentionedOpenKeys("train for max 1000 steps, LoRA dim 32", open)).toEqual(
      expect.arrayContaining(["peft.dim", "step_scheduler.max_steps"]),
    );
    expect(mentionedOpenKeys("LoRA on my chats with 2 GPUs", open)).toEqual([]);
  });
});
