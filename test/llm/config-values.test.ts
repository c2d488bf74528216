// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests spell out OmegaConf references literally
import { describe, expect, it } from "vitest";
import { configKeys } from "../../src/llm/catalog-brief.js";
import {
  checkStageValues,
  mentionedOpenKeys,
  type OpenStage,
  openKeys,
} from "../../src/llm/tasks/config-values.js";
import { compileRules } from "../../src/planner/compose/index.js";
import type { ParamValue } from "../../src/planner/plan.js";
import { loadPlanningRules } from "../../src/planner/rules/index.js";
import {
  loadModelValueRules,
  ruleKeys,
  SUPPLY_CHAIN,
} from "../../src/validators/model-values/index.js";
import { CANARY_TOKEN, canaryCheckout, sampleCatalog } from "./fixtures.js";

const STEP = "peft/automodel";
const USER_PATH = "/data/chat.jsonl";
const OUT = "/runs/lora";
const stage = {
  id: "01_automodel",
  step: STEP,
  baseConfig: "default",
  params: {
    "model.pretrained_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct",
    "dataset.path_or_dataset_id": USER_PATH,
  },
};

const rules = loadModelValueRules();
const checkout = canaryCheckout();

function openStage(): OpenStage {
  const step = sampleCatalog().step(STEP);
  if (!step) throw new Error(`${STEP} missing from the sample checkout`);
  const baseConfigKeys = configKeys(sampleCatalog(), STEP, "default");
  const derived = ruleKeys(compileRules(loadPlanningRules()).stepRule(STEP), step.parameters);
  const open = openKeys({
    stage,
    baseConfigKeys,
    declaredParams: step.parameters,
    ruleKeys: derived,
    rules,
  });
  return { stage, step, baseConfigKeys, ruleKeys: derived, open };
}

const check = (proposed: { key: string; value: ParamValue }[]) =>
  checkStageValues({
    catalog: sampleCatalog(),
    open: openStage(),
    proposed,
    userPaths: [USER_PATH, OUT],
    outputRoots: [OUT],
    secrets: checkout.secrets,
    rules,
  });

const reasons = (proposed: { key: string; value: ParamValue }[]) =>
  check(proposed).findings.map((f) =>
    f.message.replace(/^rejected the model's value for `[^`]+` in `01_automodel`: /, ""),
  );

describe("checking a model's config values", () => {
  it("accepts values for open keys within their type and range", () => {
    const { values, findings } = check([
      { key: "peft.dim", value: 32 },
      { key: "step_scheduler.max_steps", value: 1000 },
      { key: "checkpoint.model_save_format", value: "torch_save" },
    ]);
    expect(values).toEqual({
      "peft.dim": 32,
      "step_scheduler.max_steps": 1000,
      "checkpoint.model_save_format": "torch_save",
    });
    expect(findings).toEqual([]);
  });

  it("refuses unknown keys, children of declared parameters the config lacks, and class paths", () => {
    expect(
      reasons([
        { key: "peft.rank_boost", value: 2 },
        { key: "peft.args", value: "x" },
        { key: "peft._target_", value: "evil.module.Class" },
      ]),
    ).toEqual([
      "unknown key: peft/automodel ships no such config key and declares no such parameter",
      "unknown key: peft/automodel ships no such config key and declares no such parameter",
      "unknown key: peft/automodel ships no such config key and declares no such parameter",
    ]);
  });

  it("refuses images, trackers and endpoints, keys the rules derive, and keys the plan set", () => {
    expect(
      reasons([
        { key: "run.env.container_image", value: "docker.io/evil/trainer:latest" },
        { key: "distributed.tp_size", value: 2 },
        { key: "dataset.path_or_dataset_id", value: "/data/other.jsonl" },
      ]),
    ).toEqual([
      SUPPLY_CHAIN,
      "the planning rules derive this key",
      "the planning rules derive this key",
    ]);
  });

  it("refuses references, secrets, control characters, tags and every path you did not write whole", () => {
    const said = reasons([
      { key: "checkpoint.model_save_format", value: "${art:checkpoint_lora}" },
      { key: "dist_env.backend", value: CANARY_TOKEN },
      { key: "model.torch_dtype", value: "a\nb: c" },
      { key: "model.backend.attn", value: "!!python/object x" },
      { key: "model.backend.attn", value: "te" },
    ]);
    expect(said[0]).toContain("an artifact reference");
    expect(said[1]).toContain("a secret");
    expect(JSON.stringify(said)).not.toContain(CANARY_TOKEN);
    expect(said[2]).toBe("a control character or line break");
    expect(said[3]).toBe("a YAML tag");
    // A later value for a key already judged is not looked at.
    expect(said).toHaveLength(4);
    for (const value of [
      "http://evil.example/x",
      "/",
      "/data",
      "file:/etc/passwd",
      "~root/.ssh",
      "../x",
    ]) {
      expect(reasons([{ key: "dist_env.backend", value }])[0], value).toMatch(/^the path `/);
    }
  });

  it("lets a path through only when it is one you wrote, or inside your output directory", () => {
    expect(reasons([{ key: "dist_env.backend", value: USER_PATH }])).toEqual([]);
    expect(reasons([{ key: "dist_env.backend", value: `${OUT}/extra` }])).toEqual([]);
    expect(reasons([{ key: "dist_env.backend", value: `${OUT}/../etc` }])[0]).toMatch(/^the path/);
  });

  it("refuses values outside the range the key implies, and wrong types", () => {
    expect(
      reasons([
        { key: "step_scheduler.max_steps", value: -1 },
        { key: "step_scheduler.val_every_steps", value: 2.5 },
        { key: "peft.alpha", value: "high" },
        { key: "rng.seed", value: -7 },
      ]),
    ).toEqual([
      "-1 is outside the range >= 1",
      "a count must be a whole number",
      "expected a number like the declared default",
      "-7 is negative where the shipped value is not",
    ]);
  });
});

describe("open keys", () => {
  const { open } = openStage();

  it("leaves out keys the plan set, keys the rules derive, class paths and supply-chain keys", () => {
    expect(open).toContain("peft.dim");
    expect(open).toContain("step_scheduler.max_steps");
    expect(open).not.toContain("dataset.path_or_dataset_id");
    expect(open).not.toContain("distributed.tp_size");
    expect(open).not.toContain("run.env.container_image");
    expect(open.some((k) => k.includes("_target_"))).toBe(false);
  });

  it("finds the open keys a request talks about, and none when it talks about none", () => {
    expect(mentionedOpenKeys("train for max 1000 steps, LoRA dim 32", open)).toEqual(
      expect.arrayContaining(["peft.dim", "step_scheduler.max_steps"]),
    );
    expect(mentionedOpenKeys("LoRA on my chats with 2 GPUs", open)).toEqual([]);
  });
});
