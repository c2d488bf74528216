import { describe, expect, it } from "vitest";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { plan } from "../validators/fixtures.js";
import { intentReader, LLAMA8B, NANO3, PREFERRED_ROOT as ROOT } from "./intent-fixtures.js";

if (!ROOT) console.warn("[tests] no catalog (snapshot or sample checkout): model cases skipped.");

/** Requests naming a model with and without its organisation word before the name. */
const PAIRS: Array<[string, string, string]> = [
  [
    "Pack /data/chat.jsonl and train NVIDIA Nemotron 3 Nano with Megatron-Bridge on 8x H100",
    "Pack /data/chat.jsonl and train Nemotron 3 Nano with Megatron-Bridge on 8x H100",
    NANO3,
  ],
  [
    "Pack /data/chat.jsonl and train nvidia Nano3 with Megatron-Bridge",
    "Pack /data/chat.jsonl and train Nano3 with Megatron-Bridge",
    NANO3,
  ],
  [
    "Full SFT of Meta Llama 3.1 8B Instruct with AutoModel on 8 GPUs, data /data/chat.jsonl",
    "Full SFT of Llama 3.1 8B Instruct with AutoModel on 8 GPUs, data /data/chat.jsonl",
    LLAMA8B,
  ],
];

describe.skipIf(!ROOT)("readIntent model names", () => {
  const read = intentReader(ROOT ?? "");
  it.each(PAIRS)("the organisation word is part of the name: %s", (withOrg, without, model) => {
    const a = read(withOrg);
    const b = read(without);
    expect(a.model?.name).toBe(model);
    expect({ route: a.route, goals: a.goals }).toEqual({ route: b.route, goals: b.goals });
  });
});

describe.skipIf(!hasSnapshot)("models read by the part they play", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "Distill Qwen/Qwen3-8B (teacher) into Qwen/Qwen3-4B (student) using /data/web_*.jsonl",
    "Distill Qwen/Qwen3-8B into Qwen/Qwen3-4B using /data/web_*.jsonl",
    "Knowledge distillation with student: Qwen/Qwen3-4B and teacher: Qwen/Qwen3-8B on /data/web_*.jsonl",
  ])("the teacher is the model, the student an input: %s", (text) => {
    const intent = read(text);
    expect(intent.model?.name).toBe("Qwen/Qwen3-8B");
    expect(intent.data.checkpoints).toEqual(["Qwen/Qwen3-4B"]);
  });

  it("feeds the student and the teacher to their own parameters, with real data prepared", () => {
    const planned = plan(
      read(
        "Distill Qwen/Qwen3-8B (teacher) into Qwen/Qwen3-4B (student) on /data/web_*.jsonl, 16 GPUs, out /o",
      ),
    );
    expect(planned.steps.slice(0, 2)).toEqual([
      "data_prep/pretrain_prep",
      "optimize/modelopt/distill",
    ]);
    expect(planned.stage("optimize/modelopt/distill").params).toMatchObject({
      "args.teacher_hf_path": "Qwen/Qwen3-8B",
      "args.student_hf_path": "Qwen/Qwen3-4B",
    });
  });
});
