import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ActError, writePlanConfigs } from "../../src/act/index.js";
import { loadCatalog } from "../../src/catalog/index.js";
import type { Stage } from "../../src/planner/plan.js";
import { CONFIG_DIR, cleanup, makeCheckout, write } from "./fixture.js";

function stage(id: string, params: Stage["params"], file: string): Stage {
  return {
    id,
    step: "sft/demo",
    consumes: [],
    produces: [],
    params,
    strategies: [],
    patterns: [],
    baseConfig: "default",
    configPath: `${CONFIG_DIR}/${file}`,
  };
}

let root = "";
beforeEach(() => {
  root = makeCheckout();
});
afterEach(() => cleanup(root));

describe("writePlanConfigs", () => {
  it("builds and writes every stage, and a re-run writes nothing twice", async () => {
    const catalog = loadCatalog(root);
    const plan = {
      name: "two runs",
      stages: [
        stage("01_demo", { "train.global_batch_size": 16 }, "two_runs.yaml"),
        stage("02_demo", { "train.global_batch_size": 32 }, "two_runs_b.yaml"),
      ],
    };
    const first = await writePlanConfigs({ catalog, plan });
    expect(first.written.map((f) => f.path)).toEqual([
      `${CONFIG_DIR}/two_runs.yaml`,
      `${CONFIG_DIR}/two_runs_b.yaml`,
    ]);
    const text = readFileSync(path.join(root, CONFIG_DIR, "two_runs_b.yaml"), "utf8");
    expect(parse(text).train.global_batch_size).toBe(32);
    const second = await writePlanConfigs({ catalog, plan });
    expect(second.written).toEqual([]);
    expect(second.unchanged).toEqual(first.written);
  });

  it("writes nothing when one stage is refused", async () => {
    const catalog = loadCatalog(root);
    const secret = "hf_canary_plan_4410";
    write(root, "env.toml", `[local]\n[local.env_vars]\nHF_TOKEN = "${secret}"\n`);
    const plan = {
      name: "bad",
      stages: [
        stage("01_demo", { "train.global_batch_size": 16 }, "ok.yaml"),
        stage("02_demo", { "dataset.path": `/data/${secret}` }, "leak.yaml"),
      ],
    };
    await expect(writePlanConfigs({ catalog, plan })).rejects.toBeInstanceOf(ActError);
    expect(existsSync(path.join(root, CONFIG_DIR, "ok.yaml"))).toBe(false);
    expect(existsSync(path.join(root, CONFIG_DIR, "leak.yaml"))).toBe(false);
  });
});
