import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ActError, buildStageConfig } from "../../src/act/index.js";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import type { ParamValue, Stage } from "../../src/planner/plan.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { BASE_CONFIG, CONFIG_DIR, cleanup, interp, makeCheckout } from "./fixture.js";

const PLAN = { name: "demo plan" };

function stage(
  params: Record<string, ParamValue>,
  step = "sft/demo",
  baseConfig = "default",
): Stage {
  return {
    id: "01_demo",
    step,
    consumes: [],
    produces: [],
    params,
    strategies: [],
    patterns: [],
    baseConfig,
    configPath: `${CONFIG_DIR}/demo_plan.yaml`,
  };
}

/** The rendered text minus the header this module adds above the shipped one. */
function body(text: string): string {
  const start = text.indexOf(BASE_CONFIG.split("\n")[0] ?? "");
  return text.slice(start);
}

function refusal(run: () => unknown): ActError {
  try {
    run();
  } catch (error) {
    if (error instanceof ActError) return error;
    throw error;
  }
  throw new Error("expected an ActError");
}

let root = "";
let catalog: Catalog;
beforeAll(() => {
  root = makeCheckout();
  catalog = loadCatalog(root);
});
afterAll(() => cleanup(root));

describe("buildStageConfig", () => {
  it("changes only the overridden lines and keeps every shipped comment", () => {
    const params = { "train.global_batch_size": 64, "dataset.path": "/data/mine/train.jsonl" };
    const { text } = buildStageConfig({ catalog, stage: stage(params), plan: PLAN, secrets: [] });
    const before = BASE_CONFIG.split("\n");
    const after = body(text).split("\n");
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) =>
      line === after[i] ? [] : [`${line} -> ${after[i]}`],
    );
    expect(changed).toEqual([
      "  path: /data/train ->   path: /data/mine/train.jsonl",
      "  global_batch_size: 8 ->   global_batch_size: 64",
    ]);
    for (const comment of before.filter((line) => line.includes("#")))
      expect(text).toContain(comment);
  });

  it("parses to the base values plus the overrides and nothing else", () => {
    const params = { "dataset.seq_length": 8192, "dataset.fields": ["input_ids"], max_tokens: 512 };
    const { text } = buildStageConfig({ catalog, stage: stage(params), plan: PLAN, secrets: [] });
    const expected = parse(BASE_CONFIG);
    expected.dataset.seq_length = 8192;
    expected.dataset.fields = ["input_ids"];
    expected.max_tokens = 512;
    expect(parse(text)).toEqual(expected);
  });

  it("starts with a header naming the plan, the stage, the base config and the changed keys", () => {
    const { text } = buildStageConfig({
      catalog,
      stage: stage({ "train.micro_batch_size": 2 }),
      plan: { name: "my\nplan" },
      secrets: [],
    });
    const head = text.split("\n").slice(0, 4);
    expect(head[0]).toMatch(/^# .*plan "my plan", stage 01_demo/);
    expect(head[1]).toContain("src/nemotron/steps/sft/demo/config/default.yaml");
    expect(head[2]).toBe("#   - train.micro_batch_size");
  });

  it("accepts a declared parameter the base config does not spell out", () => {
    const params = { "checkpoint.pretrained_checkpoint": "/ckpt/iter_0001000", peft: { dim: 16 } };
    const { text } = buildStageConfig({ catalog, stage: stage(params), plan: PLAN, secrets: [] });
    const parsed = parse(text);
    expect(parsed.checkpoint).toEqual({ pretrained_checkpoint: "/ckpt/iter_0001000" });
    expect(parsed.peft).toEqual({ dim: 16 });
  });

  it("leaves the catalog's cached base config untouched", () => {
    buildStageConfig({
      catalog,
      stage: stage({ "train.global_batch_size": 4 }),
      plan: PLAN,
      secrets: [],
    });
    expect(catalog.config("sft/demo", "default").toString()).toBe(BASE_CONFIG);
  });

  it("keeps a string a string when it replaces a number", () => {
    const { text } = buildStageConfig({
      catalog,
      stage: stage({ "dataset.seq_length": "8192" }),
      plan: PLAN,
      secrets: [],
    });
    expect(parse(text).dataset.seq_length).toBe("8192");
  });

  it("refuses a key that is neither in the base config nor declared", () => {
    const error = refusal(() =>
      buildStageConfig({
        catalog,
        stage: stage({ "train.lr_typo": 1e-5 }),
        plan: PLAN,
        secrets: [],
      }),
    );
    expect(error.code).toBe("unknown_key");
    expect(error.message).toContain("train.lr_typo");
    expect(
      refusal(() =>
        buildStageConfig({ catalog, stage: stage({ "a..b": 1 }), plan: PLAN, secrets: [] }),
      ).code,
    ).toBe("unknown_key");
  });

  it("refuses artifact references anywhere in a value", () => {
    for (const value of [
      interp("art:data/packed"),
      ["/ok", interp("art:model")],
      { deep: `x ${interp("art:y")}` },
    ]) {
      const error = refusal(() =>
        buildStageConfig({
          catalog,
          stage: stage({ "dataset.path": value }),
          plan: PLAN,
          secrets: [],
        }),
      );
      expect(error.code).toBe("artifact_reference");
    }
  });

  it("refuses a value holding a secret from the env files, without repeating it", () => {
    const secret = "hf_canary_value_91";
    const error = refusal(() =>
      buildStageConfig({
        catalog,
        stage: stage({ "dataset.path": `/data/${secret}/x` }),
        plan: PLAN,
        secrets: [secret],
      }),
    );
    expect(error.code).toBe("secret_value");
    expect(error.message).not.toContain(secret);
  });

  it("lets credential keys name an env var, and refuses anything else there", () => {
    const ok = buildStageConfig({
      catalog,
      stage: stage({
        "auth.api_key_env": "MY_API_KEY",
        "auth.api_key": interp("oc.env:MY_API_KEY"),
      }),
      plan: PLAN,
      secrets: [],
    });
    expect(parse(ok.text).auth).toEqual({
      api_key_env: "MY_API_KEY",
      api_key: interp("oc.env:MY_API_KEY"),
    });
    const literals: Record<string, ParamValue>[] = [
      { "auth.api_key": "nvapi-literal-123" },
      { "auth.api_key_env": "nvapi-literal-123" },
      { "auth.api_key": interp("oc.env:MY_API_KEY,nvapi-literal-123") },
      { auth: { api_key: "nvapi-literal-123" } },
    ];
    for (const params of literals) {
      const error = refusal(() =>
        buildStageConfig({ catalog, stage: stage(params), plan: PLAN, secrets: [] }),
      );
      expect(error.code).toBe("secret_key");
      expect(error.message).not.toContain("nvapi-literal-123");
    }
  });

  it("refuses a path that runs through a scalar", () => {
    const error = refusal(() =>
      buildStageConfig({
        catalog,
        stage: stage({ "hf_model_path.revision": "main" }),
        plan: PLAN,
        secrets: [],
      }),
    );
    expect(error.code).toBe("unknown_key");
  });
});

describe.skipIf(!hasSnapshot)("buildStageConfig on the real catalog", () => {
  const real = hasSnapshot ? loadCatalog(SNAPSHOT) : undefined;

  it("round-trips every shipped config: same data, every comment line kept", () => {
    let checked = 0;
    for (const step of real?.steps ?? []) {
      for (const name of step.configs) {
        if (!real || !existsSync(real.configPath(step.id, name))) continue;
        const base = readFileSync(real.configPath(step.id, name), "utf8");
        const { text } = buildStageConfig({
          catalog: real,
          stage: stage({}, step.id, name),
          plan: PLAN,
          secrets: [],
        });
        expect(parse(text)).toEqual(parse(base));
        expect(text.endsWith(base)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("overrides Megatron-Bridge SFT batch and data path, adding the commented-out checkpoint", () => {
    if (!real) return;
    const params = {
      "train.global_batch_size": 128,
      "dataset.packed_sequence_specs.packed_train_data_path": "/lustre/packed/train",
      "checkpoint.pretrained_checkpoint": "/lustre/base/iter_0000100",
    };
    const { text } = buildStageConfig({
      catalog: real,
      stage: stage(params, "sft/megatron_bridge"),
      plan: { name: "super3 sft" },
      secrets: [],
    });
    const parsed = parse(text);
    expect(parsed.train.global_batch_size).toBe(128);
    expect(parsed.dataset.packed_sequence_specs.packed_train_data_path).toBe(
      "/lustre/packed/train",
    );
    expect(parsed.checkpoint.pretrained_checkpoint).toBe("/lustre/base/iter_0000100");
    const base = readFileSync(real.configPath("sft/megatron_bridge", "default"), "utf8");
    for (const line of base.split("\n").filter((l) => l.trim().startsWith("#"))) {
      expect(text).toContain(line.trim());
    }
  });

  it("patches scalars in place: a diff against the shipped file shows only the overrides", () => {
    if (!real) return;
    const step = "pretrain/megatron_bridge";
    const base = readFileSync(real.configPath(step, "default"), "utf8");
    const params = { "train.global_batch_size": 4242 };
    const { text } = buildStageConfig({
      catalog: real,
      stage: stage(params, step),
      plan: PLAN,
      secrets: [],
    });
    // The header this module adds ends at the first blank line; the shipped text follows.
    const after = text.slice(text.indexOf("\n\n") + 2).split("\n");
    const before = base.split("\n");
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [after[i]]));
    expect(changed).toEqual(["  global_batch_size: 4242"]);
  });

  it("re-prints with every comment kept when an override is a list", () => {
    if (!real) return;
    const step = "sft/megatron_bridge";
    const base = readFileSync(real.configPath(step, "default"), "utf8");
    const params = { "model.tensor_model_parallel_size": 8, "recipe.packed_sequence": [true] };
    const { text } = buildStageConfig({
      catalog: real,
      stage: stage(params, step),
      plan: PLAN,
      secrets: [],
    });
    const expected = parse(base);
    expected.model.tensor_model_parallel_size = 8;
    expected.recipe.packed_sequence = [true];
    expect(parse(text)).toEqual(expected);
    for (const line of base.split("\n").filter((l) => l.trim().startsWith("#"))) {
      expect(text).toContain(line.trim());
    }
  });
});
