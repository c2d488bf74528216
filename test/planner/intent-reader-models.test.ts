import { describe, expect, it } from "vitest";
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
