import { describe, expect, it } from "vitest";
import { RequiredInputKeySchema } from "../../src/eval/case-schema.js";
import { pathShape } from "../../src/planner/compose/path-shape.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { CHAT_DATA, type IntentInput, LLAMA, NANO3, plan, rules } from "../validators/fixtures.js";

const keysOf = (p: ReturnType<typeof plan>) => p.draft.requiredInputs.map((r) => r.key);
const codesOf = (p: ReturnType<typeof plan>) => p.findings.map((f) => f.code);

describe("path shapes", () => {
  it("tells data files and globs from saved iterations and plain folders", () => {
    const hints = rules.paths;
    expect(pathShape("/data/chat.jsonl", hints)).toBe("data");
    expect(pathShape("/data/raw/part-*.jsonl", hints)).toBe("data");
    expect(pathShape("/data/bin/blend.json", hints)).toBe("data");
    expect(pathShape("/runs/sft/checkpoints/iter_0002000", hints)).toBe("iteration");
    expect(pathShape("/runs/sft/checkpoints/iter_0002000/", hints)).toBe("iteration");
    expect(pathShape("/runs/sft/checkpoints", hints)).toBe("plain");
    expect(pathShape("env.slurm.toml", hints)).toBe("plain");
  });
});

describe("required input keys", () => {
  // Concepts the public key list has no entry for yet; they keep their question id.
  const unmapped = new Set([
    "translation.source",
    "translation.serverModel",
    "translation.serverUrl",
    "executor.kind",
  ]);

  it("file every question the composer asks under a public key, or a known unmapped id", () => {
    const asked = Object.values(rules.steps).flatMap((s) => s.asks.map((a) => a.key));
    const fixed = Object.keys(rules.questions);
    const keys = [...asked, ...fixed].map((id) => rules.inputKeys[id] ?? id);
    const unknown = keys.filter(
      (k) => !RequiredInputKeySchema.safeParse(k).success && !unmapped.has(k),
    );
    expect(unknown).toEqual([]);
    for (const key of Object.values(rules.inputKeys)) {
      expect(RequiredInputKeySchema.safeParse(key).success, key).toBe(true);
    }
  });
});

describe.skipIf(!hasSnapshot)("composePlan path assignment (real catalog)", () => {
  it("gives a checkpoint path to the checkpoint input and the data file to the data input, in any order", () => {
    for (const paths of [
      ["/ckpt/sft-hf", "/data/prefs.jsonl"],
      ["/data/prefs.jsonl", "/ckpt/sft-hf"],
    ]) {
      const p = plan({
        goals: ["dpo"],
        model: NANO3,
        hardware: { totalGpus: 16 },
        data: {
          paths,
          kind: "preference",
          format: "jsonl",
          has: ["checkpoint_hf"],
          checkpoints: ["/ckpt/sft-hf"],
        },
      });
      expect(p.steps.slice(0, 2)).toEqual(["convert/hf_to_megatron", "rl/nemo_rl/dpo"]);
      expect(p.stage("convert/hf_to_megatron").params.hf_model_id).toBe("/ckpt/sft-hf");
      expect(p.stage("rl/nemo_rl/dpo").params["data.train.prompt_file"]).toBe("/data/prefs.jsonl");
      expect(codesOf(p)).not.toContain("unused_input");
      expect(codesOf(p)).not.toContain("rl_warm_start");
    }
  });

  it("gives a path nothing else reads to a required input the user did not type", () => {
    const p = plan({
      route: "single_step",
      goals: ["quantize"],
      hardware: { gpuType: "B200" },
      data: { paths: ["/ckpt/model-hf"] },
    });
    expect(p.stage("optimize/modelopt/quantize").params["args.hf_model_id"]).toBe("/ckpt/model-hf");
    expect(keysOf(p)).toEqual(["output_dir"]);
  });

  it("names the outputs of requested stages with the paths left over, in request order", () => {
    const p = plan({
      goals: ["peft", "merge"],
      lora: true,
      model: LLAMA,
      hardware: { totalGpus: 1 },
      data: { ...CHAT_DATA, paths: ["/data/faq.jsonl", "/ckpt/faq-lora", "/ckpt/faq-merged"] },
    });
    expect(p.stage("peft/automodel").params["checkpoint.checkpoint_dir"]).toBe("/ckpt/faq-lora");
    const merge = p.stage("convert/merge_lora").params;
    expect(merge.lora_checkpoint).toBe("/ckpt/faq-lora");
    expect(merge.output_hf_path).toBe("/ckpt/faq-merged");
    expect(codesOf(p)).not.toContain("unused_input");
  });

  it("writes a one-stage plan's output to the output directory as given", () => {
    const p = plan({
      route: "single_step",
      goals: ["prune"],
      data: { paths: ["/ckpt/base-hf"], has: ["checkpoint_hf"] },
      outputDir: "/ckpt/pruned-4b",
    });
    expect(p.stage("optimize/modelopt/prune").params).toMatchObject({
      "args.hf_model_name_or_path": "/ckpt/base-hf",
      "args.output_hf_path": "/ckpt/pruned-4b",
    });
    expect(keysOf(p)).toEqual([]);
  });

  it("asks where a one-step product goes, but keeps the shipped results folder of an eval", () => {
    const curate = plan({
      route: "single_step",
      goals: ["curate"],
      data: { paths: ["/raw/*.jsonl"] },
    });
    expect(keysOf(curate)).toEqual(["output_dir"]);
    const evalRun = plan({
      route: "single_step",
      goals: ["eval"],
      data: { paths: ["/runs/x/iter_0000100"], has: ["checkpoint_megatron"] },
      eval: { tasks: ["ifeval"] },
    });
    expect(keysOf(evalRun)).toEqual([]);
    expect(evalRun.stage("eval/model_eval").params["deployment.checkpoint_path"]).toBe(
      "/runs/x/iter_0000100",
    );
  });

  it("asks for one saved iteration when a Megatron checkpoint path is the run folder", () => {
    const convert = (path: string) =>
      plan({
        route: "single_step",
        goals: ["convert"],
        data: { paths: [path], has: ["checkpoint_megatron"] },
        outputDir: "/export/hf",
      });
    const folder = convert("/runs/sft/checkpoints");
    expect(folder.steps).toEqual(["convert/megatron_to_hf"]);
    const warning = folder.findings.find((f) => f.code === "checkpoint_iteration");
    expect(warning?.message).toContain("iter_*");
    expect(warning?.fix).toContain("/runs/sft/checkpoints/iter_*");
    const config = expect.stringContaining("HF model id or config source");
    expect(folder.draft.requiredInputs).toEqual([
      expect.objectContaining({
        key: "model",
        stage: "01_megatron_to_hf",
        question: expect.stringContaining("iter_*"),
      }),
      // Without an HF model named, the export also needs the config it rebuilds from.
      expect.objectContaining({ key: "model", stage: "01_megatron_to_hf", question: config }),
    ]);
    const iteration = convert("/runs/sft/checkpoints/iter_0002000");
    expect(codesOf(iteration)).not.toContain("checkpoint_iteration");
    expect(iteration.draft.requiredInputs.map((r) => r.question)).toEqual([config]);
    const named = plan({
      route: "single_step",
      goals: ["convert"],
      model: NANO3,
      data: { paths: ["/runs/sft/checkpoints/iter_0002000"], has: ["checkpoint_megatron"] },
      outputDir: "/export/hf",
    });
    expect(keysOf(named)).toEqual([]);
  });

  it("reads 'the HF model X' as the named base model, so RL still asks for a warm start", () => {
    const base: Partial<IntentInput> = {
      goals: ["rlvr"],
      model: NANO3,
      hardware: { totalGpus: 16 },
      data: { paths: ["/data/math.jsonl"], kind: "prompts", has: ["checkpoint_hf"] },
    };
    const p = plan(base);
    expect(p.steps).not.toContain("convert/hf_to_megatron");
    expect(codesOf(p)).toContain("rl_warm_start");
    // With a path the request calls a checkpoint, the declared checkpoint is a separate artifact.
    const own = plan({
      ...base,
      data: {
        ...base.data,
        paths: ["/data/math.jsonl", "/ckpt/policy-hf"],
        checkpoints: ["/ckpt/policy-hf"],
      },
    });
    expect(own.steps[0]).toBe("convert/hf_to_megatron");
    expect(own.stage("convert/hf_to_megatron").params.hf_model_id).toBe("/ckpt/policy-hf");
  });
});
