import { describe, expect, it } from "vitest";
import type { EnvProfiles } from "../../src/planner/context.js";
import type { Finding, Stage } from "../../src/planner/plan.js";
import { renderAnswer, renderMermaid } from "../../src/planner/render/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { planFixtures, sections, snapshotCatalog } from "./fixtures.js";

const { stageOf, draftOf, ctxOf } = planFixtures({
  name: "news-hi",
  configPrefix: "news",
  route: "pipeline",
  firstStrategy: true,
});

interface Edge {
  from: string;
  type: string;
  to: string;
}

/** Read nodes and edges back out of the flowchart text. */
function parseMermaid(text: string): {
  labels: Map<string, string>;
  users: Set<string>;
  edges: Edge[];
} {
  const labels = new Map<string, string>();
  const users = new Set<string>();
  const edges: Edge[] = [];
  for (const line of text.split("\n").slice(1)) {
    const user = /^\s+(\w+)\[\/"([^"]+)"\/\]$/.exec(line);
    const node = /^\s+(\w+)\["([^"]+)"\]$/.exec(line);
    const edge = /^\s+(\w+) -->\|([^|]+)\| (\w+)$/.exec(line);
    if (user?.[1] && user[2]) {
      labels.set(user[1], user[2]);
      users.add(user[1]);
    } else if (node?.[1] && node[2]) labels.set(node[1], node[2]);
    else if (edge?.[1] && edge[2] && edge[3])
      edges.push({ from: edge[1], type: edge[2], to: edge[3] });
    else throw new Error(`unexpected mermaid line: ${line}`);
  }
  return { labels, users, edges };
}

describe.skipIf(!hasSnapshot)("plan renderers against the real catalog", () => {
  const cat = snapshotCatalog();
  /** curate → translate → pack → Megatron-Bridge SFT → HF export → eval, wired by artifact type. */
  const pipeline = (): Stage[] => {
    const curate = stageOf(cat(), "curate/nemo_curator", 1, { input_glob: "/data/news/*.jsonl" });
    const translate = stageOf(
      cat(),
      "translate/nemo_curator",
      2,
      { target_language: "hi" },
      { filtered_jsonl: curate.id },
    );
    const pack = stageOf(
      cat(),
      "data_prep/sft_packing",
      3,
      { pack_size: 4096 },
      { training_jsonl: translate.id },
    );
    const sft = stageOf(cat(), "sft/megatron_bridge", 4, {}, { packed_parquet: pack.id });
    const toHf = stageOf(cat(), "convert/megatron_to_hf", 5, {}, { checkpoint_megatron: sft.id });
    const evalStage = stageOf(cat(), "eval/model_eval", 6, {}, { checkpoint_megatron: sft.id });
    return [curate, translate, pack, sft, toHf, evalStage];
  };

  it("draws every edge with a type the source step produces and the target step consumes", () => {
    const stages = pipeline();
    const text = renderMermaid(stages);
    expect(text.split("\n")[0]).toBe("flowchart LR");
    const { labels, users, edges } = parseMermaid(text);
    expect(stages.map((s) => labels.get(`s${s.id.slice(0, 2)}`))).toEqual(
      stages.map((s) => s.step),
    );
    // Only inputs from other stages are drawn; the user's inputs live in the Stages table.
    const expectedEdges = stages.flatMap((s) => s.consumes).filter((c) => c.from !== "user");
    expect(edges).toHaveLength(expectedEdges.length);
    expect(users.size).toBe(0);
    expect(labels.size).toBe(stages.length);
    const graph = cat().artifacts;
    for (const edge of edges) {
      const target = cat().step(labels.get(edge.to) ?? "");
      expect(
        target?.consumes.some((c) => graph.isCompatible(edge.type, c.type)),
        JSON.stringify(edge),
      ).toBe(true);
      if (users.has(edge.from)) {
        expect(labels.get(edge.from)).toBe(edge.type);
        continue;
      }
      const source = cat().step(labels.get(edge.from) ?? "");
      expect(
        source?.produces.map((p) => p.type),
        JSON.stringify(edge),
      ).toContain(edge.type);
    }
    expect(edges).toContainEqual({ from: "s01", type: "filtered_jsonl", to: "s02" });
    expect(edges).toContainEqual({ from: "s03", type: "packed_parquet", to: "s04" });
    expect([...labels.values()]).not.toContain("raw_jsonl");
  });

  it("lays out a pipeline plan with every section, a stage table and the mermaid graph", () => {
    const stages = pipeline();
    const findings: Finding[] = [
      {
        level: "error",
        code: "alignment",
        message: "pack_size 4096 differs from seq_length 8192",
        fix: "Set seq_length=4096.",
        stage: stages[3]?.id,
      },
      {
        level: "info",
        code: "pattern",
        message: "Eval bookends apply because quality is claimed.",
      },
    ];
    const draft = draftOf("pipeline", stages, {
      findings,
      requiredInputs: [{ key: "translation.source", question: "Which language is the corpus in?" }],
      infrastructure: ["Super3 needs 32 GPUs across 4 nodes."],
    });
    const ctx = ctxOf(cat(), {
      requests: ["clean /data/news/*.jsonl, translate to Hindi, SFT Nano3"],
      goals: ["curate", "translate", "sft"],
      data: { paths: ["/data/news/*.jsonl"] },
      hardware: { nodes: 4, gpusPerNode: 8, gpuType: "H100" },
      executor: { kind: "lepton", remote: true },
    });
    const answer = renderAnswer(draft, ctx);
    const md = answer.markdown;
    expect(sections(md)).toEqual([
      "Intent",
      "Stages",
      "Validation",
      "Infrastructure",
      "Required inputs",
      "Next step",
    ]);
    expect(md).toContain("`/data/news/*.jsonl`");
    expect(md).toContain(`\`\`\`mermaid\n${answer.mermaid}\n\`\`\``);
    const rows = md.split("\n").filter((l) => l.startsWith("| `0"));
    expect(rows).toHaveLength(stages.length);
    expect(rows[0]).toContain("user: `/data/news/*.jsonl` (raw_jsonl)");
    expect(rows[1]).toContain("`01_nemo_curator` (filtered_jsonl)");
    expect(rows[2]).toContain("`pack_size=4096`");
    expect(md).toMatch(
      /^WARNING: pack_size 4096 differs from seq_length 8192.*Proposed fix: Set seq_length=4096\.$/m,
    );
    expect(md).not.toContain("All hard checks passed");
    expect(md).toContain("- Eval bookends apply because quality is claimed.");
    expect(md).toContain("4 node(s) × 8 GPU(s)");
    expect(md).toContain("- Super3 needs 32 GPUs across 4 nodes.");
    expect(md).toContain("NEMOTRON_ENV_FILE");
    for (const stage of stages) expect(md).toContain(`- \`${stage.configPath}\``);
    expect(answer.commands).toHaveLength(stages.length);
  });

  it("says all hard checks passed only when none failed, and names the profile used", () => {
    const stages = pipeline().slice(2, 4);
    const profiles: EnvProfiles = {
      source: "NEMOTRON_ENV_FILE",
      sections: [
        {
          file: "env.lepton.toml",
          section: "lepton_prep_sft_packing",
          executor: "lepton",
          keys: [],
        },
        {
          file: "env.lepton.toml",
          section: "lepton_sft_megatron_bridge",
          executor: "lepton",
          keys: [],
        },
      ],
    };
    const info: Finding = {
      level: "info",
      code: "note",
      message: "Packing matches the sequence length.",
    };
    const ctx = ctxOf(cat(), { executor: { kind: "lepton", remote: true } }, profiles);
    const md = renderAnswer(draftOf("pipeline", stages, { findings: [info] }), ctx).markdown;
    expect(md).toContain("All hard checks passed.");
    expect(md).not.toMatch(/^WARNING:/m);
    expect(md).toContain(
      "`--batch lepton_sft_megatron_bridge` from `env.lepton.toml` (found via $NEMOTRON_ENV_FILE)",
    );
    expect(sections(md)).not.toContain("Required inputs");
  });

  it("never shows a credential value from the plan's params", () => {
    const stage = stageOf(cat(), "sft/automodel", 1, {
      hf_token: "hf_abcdefSECRET",
      "model.pretrained_model_name_or_path": "Qwen/Qwen3-30B-A3B",
    });
    const md = renderAnswer(draftOf("pipeline", [stage]), ctxOf(cat(), {})).markdown;
    expect(md).not.toContain("hf_abcdefSECRET");
  });
});
