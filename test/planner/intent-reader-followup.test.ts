import { describe, expect, it } from "vitest";
import { type Intent, IntentSchema } from "../../src/planner/intent.js";
import { CATALOGS, intentReader, NANO3, SUPER3, warnAbsentCatalogs } from "./intent-fixtures.js";

warnAbsentCatalogs("intent follow-up tests");

const BASE = "data prep + SFT for Nemotron Super3 on 4 nodes of 8x H100";

describe.each(CATALOGS)("follow-ups on the $name catalog", ({ root, present }) => {
  const read = intentReader(root);
  /** Read a thread: each message is a follow-up on the intent so far. */
  const thread = (...messages: string[]): Intent => {
    let intent: Intent | undefined;
    for (const message of messages) intent = read(message, intent);
    if (!intent) throw new Error("empty thread");
    expect(IntentSchema.safeParse(intent).success).toBe(true);
    expect(intent.requests).toEqual(messages);
    return intent;
  };

  describe.skipIf(!present)("threads", () => {
    it("switches backend and GPU count but keeps model, data and goals", () => {
      const intent = thread(BASE, "Actually use AutoModel, we only have 4 GPUs");
      expect(intent).toMatchObject({
        route: "pipeline",
        goals: ["data_prep", "sft"],
        backend: "automodel",
        model: { name: SUPER3, alias: "Super3" },
        hardware: { totalGpus: 4, gpuType: "H100" },
      });
      expect(intent.hardware.nodes).toBeUndefined();
      expect(intent.hardware.gpusPerNode).toBeUndefined();
    });

    it("adds RL with GRPO after SFT", () => {
      const intent = thread(BASE, "Add RL with GRPO after SFT");
      expect(intent.goals).toEqual(["data_prep", "sft", "rlvr"]);
      expect(intent.route).toBe("pipeline");
      expect(intent.hardware).toMatchObject({ nodes: 4, gpusPerNode: 8, totalGpus: 32 });
    });

    it("changes the node count and keeps GPUs per node", () => {
      const intent = thread(BASE, "use 2 nodes instead");
      expect(intent.hardware).toEqual({
        nodes: 2,
        gpusPerNode: 8,
        totalGpus: 16,
        gpuType: "H100",
        gpuMemoryGb: 80,
      });
      expect(intent.goals).toEqual(["data_prep", "sft"]);
    });

    it("keeps a backend that serves an earlier goal when a new goal cannot use it", () => {
      const intent = thread(
        BASE,
        "Actually use AutoModel, we only have 4 GPUs",
        "Add RL with GRPO after SFT",
      );
      expect(intent.route).toBe("pipeline");
      expect(intent.goals).toEqual(["data_prep", "sft", "rlvr"]);
      expect(intent.gap).toBeUndefined();
    });

    it("replaces a goal of the same family when the user says instead", () => {
      const lora = thread("Fine-tune Nano3 on my chat JSONL", "use LoRA instead");
      expect(lora.goals).toEqual(["peft"]);
      expect(lora.lora).toBe(true);
      const dpo = thread("SFT then GRPO for Nano3", "Do DPO instead of RLVR");
      expect(dpo.goals).toEqual(["sft", "dpo"]);
    });

    it("drops a goal the user skips", () => {
      const intent = thread(BASE, "skip the data prep, my data is already packed parquet");
      expect(intent.goals).toEqual(["sft"]);
      expect(intent.data.has).toContain("packed_parquet");
    });

    it("adds evaluation tasks and an output directory", () => {
      const intent = thread(BASE, "also evaluate on IFEval and write outputs to /out/super3");
      expect(intent.goals).toEqual(["data_prep", "sft", "eval"]);
      expect(intent.eval.tasks).toEqual(["ifeval"]);
      expect(intent.outputDir).toBe("/out/super3");
    });

    it("replaces the model and clears an unsupported one", () => {
      const intent = thread("Fine-tune Falcon-Mamba-999B on my data", "ok, use Nano3 instead");
      expect(intent.model).toMatchObject({ name: NANO3, inCatalog: true });
      expect(intent.unsupportedModels).toEqual([]);
      expect(intent.route).not.toBe("explorer");
    });

    it("keeps an explorer request in explorer mode when details change", () => {
      const intent = thread(
        "Scaffold a new step for DPO with AutoModel on HF checkpoints with preference JSONL (prompt/chosen/rejected), 2 GPUs",
        "use 4 GPUs",
      );
      expect(intent.route).toBe("explorer");
      expect(intent.hardware.totalGpus).toBe(4);
      expect(intent.goals).toEqual(["dpo"]);
    });

    it("comes into scope when an out-of-scope thread turns to customization", () => {
      const intent = thread(
        "Build a React dashboard for my training runs",
        "OK, then fine-tune Nano3 on my chat JSONL",
      );
      expect(intent.route).toBe("pipeline");
      expect(intent.goals).toEqual(["sft"]);
    });

    it("merges overrides and credential names across turns", () => {
      const intent = thread(
        "translate /data/a.jsonl to Hindi text_field=text with NVIDIA_API_KEY",
        "set output_mode=both and add /data/b.jsonl",
      );
      expect(intent.overrides).toEqual({ text_field: "text", output_mode: "both" });
      expect(intent.data.paths).toEqual(["/data/a.jsonl", "/data/b.jsonl"]);
      expect(intent.authVars).toEqual(["NVIDIA_API_KEY"]);
      expect(intent.translation.target).toBe("hi");
    });
  });
});
