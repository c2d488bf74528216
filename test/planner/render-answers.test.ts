import { describe, expect, it } from "vitest";
import { renderAnswer } from "../../src/planner/render/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { planFixtures, sections, snapshotCatalog } from "./fixtures.js";

const { stageOf, draftOf, ctxOf } = planFixtures({
  name: "news-hi",
  configPrefix: "news",
  route: "pipeline",
  firstStrategy: true,
});

function bashBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) =>
    (m[1] ?? "").trimEnd().split("\n"),
  );
}

describe.skipIf(!hasSnapshot)("answer renderers against the real catalog", () => {
  const cat = snapshotCatalog();
  describe("single-step answers", () => {
    const translate = () =>
      stageOf(cat(), "translate/nemo_curator", 1, {
        input_path: "/data/news/*.jsonl",
        output_dir: "/data/out_hi",
        source_language: "en",
        target_language: "hi",
      });

    it("show one command in one bash block, the tier, and the auth callout", () => {
      const ctx = ctxOf(cat(), { route: "single_step", authVars: ["TRANSLATE_KEY"] });
      const answer = renderAnswer(draftOf("single_step", [translate()]), ctx);
      const blocks = bashBlocks(answer.markdown);
      expect(blocks).toEqual([[answer.commands[0]?.command]]);
      expect(answer.commands[0]?.command).toContain("input_path='/data/news/*.jsonl'");
      expect(answer.markdown).toContain("Source tier: Repo-grounded");
      expect(answer.markdown).toMatch(
        /Export `TRANSLATE_KEY` in the environment.*never put its value/,
      );
    });

    it("ask for the auth variable's name instead of assuming one, keeping prose to callouts when only the command was asked", () => {
      const ctx = ctxOf(cat(), { route: "single_step", commandOnly: true });
      const md = renderAnswer(draftOf("single_step", [translate()]), ctx).markdown;
      expect(md.startsWith("```bash\n")).toBe(true);
      expect(md).toContain("Which variable name holds it?");
      expect(md).toContain("Source tier: Blocked");
      expect(md).not.toContain("NVIDIA_API_KEY");
      expect(md).not.toContain("Strategy that applies");
    });

    it("block a lepton --batch request without profiles, naming NEMOTRON_ENV_FILE and the local dry-run shape", () => {
      const stage = stageOf(cat(), "peft/automodel", 1, {
        "dataset.path_or_dataset_id": "/data/chat.jsonl",
      });
      const ctx = ctxOf(
        cat(),
        { route: "single_step", executor: { kind: "lepton", remote: true } },
        null,
      );
      const answer = renderAnswer(draftOf("single_step", [stage]), ctx);
      const [block] = bashBlocks(answer.markdown);
      expect(block).toEqual([
        "uv run nemotron steps run peft/automodel -c default --dry-run dataset.path_or_dataset_id=/data/chat.jsonl",
      ]);
      expect(answer.markdown).toContain("Source tier: Blocked");
      expect(answer.markdown).toContain("`NEMOTRON_ENV_FILE`");
      expect(answer.markdown).toContain("`env*.toml`");
      expect(answer.markdown).toContain("local `--dry-run` shape");
      expect(answer.markdown).toContain("`env/env_toml`");
    });
  });

  it("recommends with Decision, Why, Required inputs, Config/command, Avoid and Next step", () => {
    const stage = stageOf(cat(), "peft/automodel", 1, {
      "model.pretrained_model_name_or_path": "mistralai/Mistral-7B-Instruct-v0.3",
      "dataset.path_or_dataset_id": "/data/chat.jsonl",
    });
    const ctx = ctxOf(cat(), {
      route: "recommendation",
      goals: ["peft"],
      model: { name: "mistralai/Mistral-7B-Instruct-v0.3", format: "hf", inCatalog: true },
      hardware: { totalGpus: 2 },
    });
    const answer = renderAnswer(draftOf("recommendation", [stage]), ctx);
    const md = answer.markdown;
    expect(sections(md)).toEqual([
      "Decision",
      "Why",
      "Required inputs",
      "Config/command",
      "Avoid",
      "Next step",
    ]);
    expect(md).toContain("Use `peft/automodel`");
    expect(md).toContain("needs at least 1 GPU(s) on `peft/automodel`; 2 available");
    const avoid = md.slice(md.indexOf("## Avoid"), md.indexOf("## Next step"));
    expect(avoid).toContain("`peft/megatron_bridge`");
    expect(avoid).toContain("`data_prep/sft_packing`");
    expect(bashBlocks(md)).toEqual([[answer.commands[0]?.command]]);
  });

  it("answers an out-of-scope request with a short scope note and no catalog details", () => {
    const ctx = ctxOf(cat(), {
      route: "out_of_scope",
      requests: ["Build me a React dashboard for my loss curves"],
    });
    const answer = renderAnswer(draftOf("out_of_scope", []), ctx);
    const sentences = answer.markdown.trim().split(/(?<=\.)\s+/);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(answer.markdown).toMatch(/dashboards.*outside/i);
    for (const step of cat().steps) expect(answer.markdown).not.toContain(step.id);
    expect(answer.commands).toEqual([]);
    expect(answer.mermaid).toBe("");
  });

  it("names an unsupported model, the nearest steps and Explorer mode without inventing stages", () => {
    const ctx = ctxOf(cat(), {
      route: "explorer",
      goals: ["sft"],
      requests: ["full SFT of Llama-4-Maverick with Megatron-Bridge"],
      unsupportedModels: ["meta-llama/Llama-4-Maverick"],
    });
    const answer = renderAnswer(draftOf("explorer", []), ctx);
    expect(answer.markdown).toContain("`meta-llama/Llama-4-Maverick` is not supported");
    expect(answer.markdown).toContain("Explorer mode");
    const near = answer.markdown.slice(
      answer.markdown.indexOf("## Closest"),
      answer.markdown.indexOf("## Explorer"),
    );
    expect(near.split("\n")[2]).toContain("`sft/megatron_bridge`");
    expect(near).toContain("lists only");
    expect(answer.commands).toEqual([]);
    expect(answer.mermaid).toBe("");
  });

  it("names a capability gap and ranks the steps that share its rarer words first", () => {
    const ctx = ctxOf(cat(), {
      route: "explorer",
      requests: ["train a reward model"],
      gap: "reward model training",
    });
    const md = renderAnswer(draftOf("explorer", []), ctx).markdown;
    expect(md).toContain("No catalog step covers: reward model training.");
    const near = md.slice(md.indexOf("## Closest"), md.indexOf("## Explorer"));
    expect(near.split("\n")[2]).toContain("`rl/nemo_rl/rlhf`");
    expect(md).toContain("`src/nemotron/steps/rl/`");
  });
});
