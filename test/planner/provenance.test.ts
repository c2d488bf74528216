import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { composePlan } from "../../src/planner/compose/index.js";
import { loadIntentRules, readIntent } from "../../src/planner/intent-reader/index.js";
import { modelSetKeys, withProvenance } from "../../src/planner/provenance.js";
import { validationLines } from "../../src/planner/render/plan-markdown.js";
import { plainParagraph, proseSections } from "../../src/planner/render/prose.js";
import { loadPlanningRules } from "../../src/planner/rules/index.js";
import { SAMPLE } from "../helpers/snapshot.js";

const REQUEST =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft, pack_size=2048";

describe("provenance of plan values", () => {
  const catalog = loadCatalog(SAMPLE);
  const intent = readIntent(REQUEST, catalog, loadIntentRules());
  const draft = composePlan(
    { catalog, catalogSource: "flag", intent, profiles: null },
    loadPlanningRules(),
  ).draft;
  const first = draft.stages[0];
  if (!first) throw new Error("no stage planned");
  const marked = withProvenance(
    { stages: [{ ...first, params: { ...first.params, valid_ratio: 0.05 } }] },
    intent,
    catalog,
    new Map([[first.id, new Set(["valid_ratio"])]]),
  );
  const stage = marked.stages[0];

  it("marks what you wrote with its span, the model's values, and the rest as catalog or rules", () => {
    expect(stage?.provenance?.blend_path).toEqual({
      source: "user",
      span: {
        request: 0,
        start: REQUEST.indexOf("/data/chat"),
        end: REQUEST.indexOf("/data/chat") + 22,
        text: "/data/chat/train.jsonl",
      },
    });
    expect(stage?.provenance?.pack_size).toMatchObject({
      source: "user",
      span: { text: "pack_size=2048" },
    });
    expect(stage?.provenance?.valid_ratio).toEqual({ source: "model" });
    expect(stage?.provenance?.output_dir).toEqual({ source: "rules" });
    expect(stage ? modelSetKeys(stage) : []).toEqual(["valid_ratio"]);
  });

  it("never says all checks passed without naming the model's values beside it", () => {
    const lines = validationLines([], marked.stages).join("\n");
    expect(lines).not.toContain("All hard checks passed.");
    expect(lines).toContain("`valid_ratio=0.05` (stage `01_sft_packing`)");
    expect(validationLines([], draft.stages)).toEqual(["All hard checks passed."]);
  });
});

describe("the model's prose in the plan", () => {
  it("is one escaped paragraph that cannot open markup or end its section", () => {
    expect(plainParagraph("a\n## Next step\n```x`` <b>[l](u)")).toBe(
      "a \\#\\# Next step \\`\\`\\`x\\`\\` \\<b\\>\\[l\\](u)",
    );
    const section = proseSections({ why: "Why\n## Next step", avoid: "" });
    expect(section.split("\n").filter((l) => l.startsWith("## "))).toHaveLength(1);
    expect(section).toContain("model's words");
  });
});
