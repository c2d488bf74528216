import { describe, expect, it } from "vitest";
import { renderAnswer } from "../../src/planner/render/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { type IntentInput, LLAMA, plan, SUPER3 } from "../validators/fixtures.js";

function answer(intent: Partial<IntentInput>, profiles = plan(intent).ctx.profiles) {
  const p = plan(intent);
  const ctx = { ...p.ctx, profiles };
  const draft = { ...p.draft, findings: p.findings };
  return { p, ...renderAnswer(draft, ctx) };
}

describe.skipIf(!hasSnapshot)("recommendations from catalog facts (real catalog)", () => {
  it("answers which steps read an artifact type from the manifests", () => {
    const { markdown, commands } = answer({
      route: "recommendation",
      data: { has: ["packed_parquet"] },
    });
    expect(markdown).toContain("## Answer");
    expect(markdown).toMatch(/`packed_parquet` is consumed by .*`sft\/megatron_bridge`/);
    expect(markdown).toContain("`peft/megatron_bridge`");
    expect(markdown).toContain("produced by `data_prep/sft_packing`");
    expect(markdown).not.toContain("`sft/automodel`");
    expect(commands).toEqual([]);
  });

  it("lists env profile sections by name and key names only", () => {
    const { markdown } = answer(
      { route: "recommendation", goals: ["env_profile"] },
      {
        source: "checkout",
        sections: [
          { file: "env.toml", section: "slurm_sft", executor: "slurm", keys: ["host", "password"] },
        ],
      },
    );
    expect(markdown).toContain("`slurm_sft` in `env.toml`");
    expect(markdown).toContain("slurm executor");
    expect(markdown).toContain("`password`");
    expect(markdown).toContain("values not shown");
  });

  it("recommends the ladder step that fits when the asked one needs more GPUs", () => {
    const { p, markdown } = answer({
      route: "recommendation",
      goals: ["sft"],
      lora: false,
      model: LLAMA,
      hardware: { totalGpus: 2 },
      data: { kind: "chat" },
    });
    expect(p.steps).toEqual(["peft/automodel"]);
    expect(p.findings.map((f) => f.code)).toContain("fit_fallback");
    expect(p.findings.map((f) => f.code)).not.toContain("gpu_min");
    expect(markdown).toContain("Use `peft/automodel`");
    expect(markdown).toContain(
      "needs at least 4 GPUs on sft/automodel; with 2, peft/automodel fits",
    );
  });

  it("states the usual starting size of RL for a large model family", () => {
    const rl: Partial<IntentInput> = { route: "recommendation", goals: ["rlvr"], model: SUPER3 };
    const unknown = answer(rl);
    expect(unknown.p.findings.map((f) => f.code)).toContain("hardware_sizing");
    expect(unknown.markdown).toContain("64+ GPUs (8 nodes of 8)");
    const small = plan({ ...rl, route: "pipeline", hardware: { totalGpus: 16 } });
    const fit = small.findings.find((f) => f.code === "hardware_fit");
    expect(fit?.level).toBe("warning");
    expect(fit?.message).toContain("the plan has 16");
    expect(plan({ ...rl, hardware: { totalGpus: 64 } }).findings.map((f) => f.code)).not.toContain(
      "hardware_fit",
    );
  });

  it("takes the endpoint's model id from an endpoint-only request that names a model", () => {
    const p = plan({
      route: "single_step",
      goals: ["eval"],
      model: { name: "acme/support-13b", format: "hf", inCatalog: false },
      eval: { endpointUrl: "https://models.example/v1", tasks: ["ifeval"] },
      authVars: ["ACME_KEY"],
    });
    expect(p.stage("eval/model_eval").params["target.api_endpoint.model_id"]).toBe(
      "acme/support-13b",
    );
    expect(p.draft.requiredInputs.map((r) => r.key)).not.toContain("eval.model_id");
  });
});
