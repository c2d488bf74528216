import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GRADERS } from "../../../src/eval/index.js";
import { ctxFor, sftPlanResult } from "../fixtures.js";

const PACK = "src/nemotron/steps/data_prep/sft_packing/config/nano3_long.yaml";
const SFT = "src/nemotron/steps/sft/megatron_bridge/config/nano3_long.yaml";
const TEXTS: Record<string, string> = {
  [PACK]: "pack_size: 8192\ntokenizer:\n  model: nvidia/x\n",
  [SFT]:
    "model:\n  seq_length: 8192\ndataset:\n  packed_sequence_specs:\n    packed_sequence_size: 8192\n",
};
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function written(texts: Record<string, string> = TEXTS, hashes: Record<string, string> = {}) {
  const files = Object.entries(texts).map(([path, text]) => ({
    path,
    sha256: hashes[path] ?? sha(text),
  }));
  return ctxFor(sftPlanResult({ status: "done", files }), { fileTexts: texts });
}

describe("files", () => {
  it("passes on count, folder and YAML values", () => {
    const result = GRADERS.files(
      {
        count: 2,
        under: "src/nemotron/steps/",
        yaml: [
          { file: "data_prep/sft_packing/config/", key: "pack_size", equals: 8192 },
          {
            file: "sft/megatron_bridge/config/",
            key: "dataset.packed_sequence_specs.packed_sequence_size",
            equals: 8192,
          },
        ],
      },
      written(),
    );
    expect(result.reason).not.toContain(";");
    expect(result.pass).toBe(true);
  });

  it("fails on a wrong count or a file outside the folder", () => {
    expect(GRADERS.files({ count: 0 }, written()).pass).toBe(false);
    expect(GRADERS.files({ under: "src/nemotron/steps/sft" }, written()).pass).toBe(false);
  });

  it("fails on a wrong value, a missing key or no matching file", () => {
    const yaml = (key: string, equals: number) => ({
      yaml: [{ file: "sft_packing", key, equals }],
    });
    expect(GRADERS.files(yaml("pack_size", 4096), written()).pass).toBe(false);
    expect(GRADERS.files(yaml("seq_length", 8192), written()).pass).toBe(false);
    const none = GRADERS.files(
      { yaml: [{ file: "peft/", key: "peft.dim", equals: 8 }] },
      written(),
    );
    expect(none.reason).toContain('no written file matches "peft/"');
  });

  it("fails on invalid YAML and on a hash that does not match the text", () => {
    const broken = written({ [PACK]: "pack_size: [8192\n" });
    expect(
      GRADERS.files({ yaml: [{ file: "sft_packing", key: "pack_size", equals: 8192 }] }, broken)
        .pass,
    ).toBe(false);
    const tampered = written(TEXTS, { [PACK]: sha("something else") });
    const result = GRADERS.files({ count: 2 }, tampered);
    expect(result.pass).toBe(false);
    expect(result.reason).toContain("sha256");
  });

  it("accepts absolute paths inside the checkout root", () => {
    const abs = `/tmp/scratch/${PACK}`;
    const ctx = ctxFor(sftPlanResult({ files: [{ path: abs, sha256: sha(TEXTS[PACK] ?? "") }] }), {
      fileTexts: { [abs]: TEXTS[PACK] ?? "" },
      checkoutRoot: "/tmp/scratch",
    });
    expect(GRADERS.files({ count: 1, under: "src/nemotron/steps/data_prep" }, ctx).pass).toBe(true);
  });
});

describe("newConfigPaths", () => {
  it("passes for new configs inside each stage's own config folder", () => {
    expect(GRADERS.newConfigPaths(true, written()).pass).toBe(true);
  });

  it("fails when a stage would replace a shipped config or sits in another step's folder", () => {
    const shipped = sftPlanResult();
    const first = shipped.plan?.stages[0];
    if (!first) throw new Error("fixture has stages");
    first.configPath = "src/nemotron/steps/data_prep/sft_packing/config/default.yaml";
    const result = GRADERS.newConfigPaths(true, ctxFor(shipped));
    expect(result.pass).toBe(false);
    expect(result.reason).toContain("shipped default.yaml");
    first.configPath = "src/nemotron/steps/sft/automodel/config/mine.yaml";
    expect(GRADERS.newConfigPaths(true, ctxFor(shipped)).pass).toBe(false);
  });

  it("fails when a written file overwrites a shipped file or lands outside the steps tree", () => {
    const overwrite = sftPlanResult({
      files: [{ path: "src/nemotron/steps/sft/megatron_bridge/config/tiny.yaml", sha256: "0" }],
    });
    expect(GRADERS.newConfigPaths(true, ctxFor(overwrite)).pass).toBe(false);
    const outside = sftPlanResult({ files: [{ path: "configs/mine.yaml", sha256: "0" }] });
    expect(GRADERS.newConfigPaths(true, ctxFor(outside)).reason).toContain("outside");
  });
});
