import { describe, expect, it } from "vitest";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { NANO3, plan } from "../validators/fixtures.js";
import { intentReader } from "./intent-fixtures.js";

describe.skipIf(!hasSnapshot)("what the user already has", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "We already have an SFT'd nano3 in megatron format at /ckpts/n3/iter_0006000. Run DPO on /d/p.jsonl.",
    "There's a fine-tuned Nano3 in HF format at /models/n3-ft; GRPO it with /d/rl.jsonl.",
  ])("a participle before a model name reports the work: %s", (text) => {
    expect(read(text).goals).not.toContain("sft");
  });

  it("a participle followed by how to do it still asks for the work", () => {
    expect(read("I want Nano3 fine-tuned on /data/chat.jsonl, 8 GPUs.").goals).toContain("sft");
  });

  it("takes the model a trained checkpoint's path names, when none is named", () => {
    const intent = read(
      "DPO our sft ckpt /ckpts/nano3-sft/iter_0004200 with /data/prefs.jsonl on 16 GPUs.",
    );
    expect(intent.model).toMatchObject({ alias: "Nano3", format: "megatron", tuned: true });
    expect(intent.data.paths).toContain("/ckpts/nano3-sft/iter_0004200");
    const unnamed = read(
      "DPO our sft ckpt /ckpts/run3/iter_0004200 with /data/prefs.jsonl on 16 GPUs.",
    );
    expect(unnamed.model).toBeUndefined();
  });
});

describe.skipIf(!hasSnapshot)("a cluster without internet or Hub access", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "The training cluster is air-gapped.",
    "We have no internet access on the cluster.",
    "There is no HF Hub on our nodes.",
  ])("%s", (text) => {
    expect(read(`DPO Nano3 with the blend /data/blend.json. ${text}`).executor.offline).toBe(true);
  });

  it("is not read from a mention of the Hub alone", () => {
    expect(
      read("DPO Nano3 with HF hub datasets listed in /data/blend.json.").executor.offline,
    ).toBe(undefined);
  });

  it("says that placeholders are made local before training", () => {
    const planned = plan({
      goals: ["dpo"],
      model: { ...NANO3, format: "megatron", tuned: true },
      data: { paths: ["/data/blend.json"], kind: "blend", has: ["training_jsonl"] },
      executor: { remote: false, offline: true },
      hardware: { totalGpus: 16 },
      outputDir: "/out",
    });
    expect(planned.stage("data_prep/rl_prep").params.resolve_hf_placeholders).toBe(true);
  });
});

describe.skipIf(!hasSnapshot)("the word local", () => {
  const read = intentReader(SNAPSHOT);

  it("describes data, not where the job runs, before a data word", () => {
    const intent = read(
      "DPO Nano3 with a blend of HF refs plus one local file at /data/blend.json.",
    );
    expect(intent.executor.kind).toBeUndefined();
  });

  it("names the local executor on its own", () => {
    expect(read("Run the Nano3 SFT on /data/c.jsonl local, no cluster.").executor.kind).toBe(
      "local",
    );
  });
});

describe.skipIf(!hasSnapshot)(
  "what the user says they do not have, and what they only place",
  () => {
    const read = intentReader(SNAPSHOT);
    const first =
      "LoRA nano3 with megatron bridge on 2 nodes x 8 A100. The base is the HF release, we do NOT have a megatron ckpt of it. data /data/chat/*.jsonl, seq 4096.";

    it("a checkpoint the user lacks is neither had nor the model's format", () => {
      const intent = read(first);
      expect(intent.data.has).not.toContain("checkpoint_megatron");
      expect(intent.model?.format).toBe("hf");
    });

    it("things told where to go are not work done or artifacts had", () => {
      const answered = read(
        "root dir /proj/n3-lora, put the converted base, packed data and adapter under there",
        read(first),
      );
      expect(answered.outputDir).toBe("/proj/n3-lora");
      expect(answered.data.has).not.toContain("packed_parquet");
      expect(answered.data.has).not.toContain("checkpoint_lora");
      expect(answered.declined).toEqual([]);
      expect(answered.goals).toEqual(["peft"]);
    });

    it("plans LoRA at multi-node scale on Megatron-Bridge's PEFT step, converting the HF base", () => {
      const planned = plan(read(`${first} Output under /proj/n3-lora.`));
      expect(planned.steps).toEqual(
        expect.arrayContaining([
          "convert/hf_to_megatron",
          "data_prep/sft_packing",
          "peft/megatron_bridge",
        ]),
      );
    });
  },
);

describe.skipIf(!hasSnapshot)("a directory the words call data", () => {
  const read = intentReader(SNAPSHOT);
  const text =
    "Prune Qwen/Qwen3-8B to about 6B, then distill it back with the 8B as teacher. The data is already tokenized bin/idx under /data/distill/ (made by pretrain_prep). 8 H100s, outputs under /proj/q6.";

  it("is data, not a checkpoint for the first step that reads one", () => {
    const intent = read(text);
    expect(intent.data.checkpoints).toEqual([]);
    expect(intent.goals).not.toContain("data_prep");
  });

  it("feeds the step that reads data, while the model feeds the one that reads weights", () => {
    const planned = plan(read(text));
    expect(planned.steps).not.toContain("data_prep/pretrain_prep");
    expect(planned.stage("optimize/modelopt/prune").params["args.hf_model_name_or_path"]).toBe(
      "Qwen/Qwen3-8B",
    );
    expect(planned.stage("optimize/modelopt/distill").consumes).toContainEqual(
      expect.objectContaining({ type: "binidx", from: "user" }),
    );
  });
});

describe.skipIf(!hasSnapshot)("an iteration named apart from its run dir", () => {
  const read = intentReader(SNAPSHOT);
  const convert = (rest: string) =>
    read(
      `convert the nano3 sft ckpt to HF. run dir is /ckpts/r2/ , ${rest} write HF to /ckpts/r2-hf`,
    );

  it.each([
    ["it has iter_0001500 and iter_0003000, use the 3000 one.", "/ckpts/r2/iter_0003000"],
    ["it has iter_0001500 and iter_0003000; take the latest one.", "/ckpts/r2/iter_0003000"],
    ["the one we eval'd is iter_0001500.", "/ckpts/r2/iter_0001500"],
  ])("%s", (rest, path) => {
    expect(convert(rest).data.paths).toContain(path);
  });

  it("leaves the run dir as given when several are named and none is picked", () => {
    expect(convert("it has iter_0001500 and iter_0003000.").data.paths).toContain("/ckpts/r2/");
  });
});

describe.skipIf(!hasSnapshot)("an adapter the user has", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "I have a LoRA adaptor from peft/automodel at /runs/lora/epoch_0_step_400. Base was meta-llama/Llama-3.1-8B-Instruct. Merge it into /models/merged.",
    "There's a LoRA adapter at /runs/lora/epoch_0_step_400 (base meta-llama/Llama-3.1-8B-Instruct); merge it into /models/merged.",
  ])("is merged, not trained again: %s", (text) => {
    const intent = read(text);
    expect(intent.goals).toEqual(["merge"]);
    expect(intent.data.has).toContain("checkpoint_lora");
    expect(intent.data.checkpoints).toEqual(["/runs/lora/epoch_0_step_400"]);
  });
});
