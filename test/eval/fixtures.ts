import { ArtifactGraph, type ArtifactType, type StepManifest } from "../../src/catalog/index.js";
import type { GradeCatalog, GradeContext } from "../../src/eval/index.js";
import type { Stage } from "../../src/planner/plan.js";
import type { AgentResult } from "../../src/planner/result.js";

/** A small hand-built catalog with the real shape: a few types, `is_a` and converters. */
const TYPES: Array<[string, string[], Record<string, string>]> = [
  ["raw_jsonl", ["training_jsonl"], {}],
  ["filtered_jsonl", ["training_jsonl"], {}],
  ["translated_jsonl", ["training_jsonl"], {}],
  ["training_jsonl", [], {}],
  ["packed_parquet", [], {}],
  ["checkpoint_megatron", [], { checkpoint_hf: "convert/megatron_to_hf" }],
  ["checkpoint_hf", [], { checkpoint_megatron: "convert/hf_to_megatron" }],
  ["eval_results", [], {}],
];

function manifest(id: string, consumes: string[], produces: string[], optional: string[] = []) {
  const step: StepManifest = {
    id,
    name: id,
    category: id.split("/")[0] ?? id,
    description: "",
    tags: [],
    path: `src/nemotron/steps/${id}`,
    consumes: [
      ...consumes.map((type) => ({ type, required: true, description: "" })),
      ...optional.map((type) => ({ type, required: false, description: "" })),
    ],
    produces: produces.map((type) => ({ type, required: true, description: "" })),
    models: [],
    parameters: [],
    strategies: [],
    errors: [],
    reference: {},
    configs: ["default", "tiny"],
  };
  return step;
}

const STEPS: StepManifest[] = [
  manifest("curate/nemo_curator", ["raw_jsonl"], ["filtered_jsonl"]),
  manifest("translate/nemo_curator", ["filtered_jsonl"], ["translated_jsonl"]),
  manifest("data_prep/sft_packing", ["training_jsonl"], ["packed_parquet"]),
  manifest(
    "sft/megatron_bridge",
    ["packed_parquet"],
    ["checkpoint_megatron"],
    ["checkpoint_megatron"],
  ),
  manifest("sft/automodel", ["training_jsonl"], ["checkpoint_hf"]),
  manifest("convert/megatron_to_hf", ["checkpoint_megatron"], ["checkpoint_hf"]),
  manifest("eval/model_eval", [], ["eval_results"], ["checkpoint_megatron"]),
];

export const fixtureCatalog: GradeCatalog = {
  steps: STEPS,
  step: (id) => STEPS.find((s) => s.id === id),
  artifacts: new ArtifactGraph(
    new Map(
      TYPES.map(([name, isA, convertTo]): [string, ArtifactType] => [
        name,
        { name, description: "", isA, convertTo },
      ]),
    ),
  ),
};

/** A stage of a plan; `from` pairs are `[type, stageId]` (stage id or `user`). */
export function stage(
  id: string,
  step: string,
  consumes: Array<[string, string]>,
  produces: string[],
  params: Stage["params"] = {},
): NonNullable<AgentResult["plan"]>["stages"][number] {
  return {
    id,
    step,
    consumes: consumes.map(([type, from]) => ({ type, from, required: true })),
    produces: produces.map((type) => ({ type })),
    params,
    configPath: `src/nemotron/steps/${step}/config/${id}.yaml`,
  };
}

/** The packing → Megatron-Bridge SFT plan most tests start from. */
export function sftPlanResult(overrides: Partial<AgentResult> = {}): AgentResult {
  return {
    threadId: "t-1",
    status: "awaiting_approval",
    pendingReply: true,
    route: "pipeline",
    markdown: "## Intent\nSFT of Nano3.\n## Validation\nWARNING: pack size differs from seq_length",
    plan: {
      name: "nano3-sft",
      stages: [
        stage(
          "01_sft_packing",
          "data_prep/sft_packing",
          [["training_jsonl", "user"]],
          ["packed_parquet"],
          {
            pack_size: 4096,
          },
        ),
        stage(
          "02_megatron_bridge",
          "sft/megatron_bridge",
          [["packed_parquet", "01_sft_packing"]],
          ["checkpoint_megatron"],
          {
            "model.seq_length": 8192,
            dataset: { packed_sequence_specs: { packed_sequence_size: 8192 } },
          },
        ),
      ],
      mermaid: [
        "flowchart LR",
        '  s01["data_prep/sft_packing"] -->|packed_parquet| s02["sft/megatron_bridge"]',
      ].join("\n"),
      findings: [
        { level: "warning", code: "alignment", message: "pack_size 4096 != seq_length 8192" },
      ],
      requiredInputs: [{ key: "hardware.gpus", question: "How many GPUs?" }],
      memory: [],
    },
    commands: [
      {
        step: "data_prep/sft_packing",
        command: "uv run nemotron steps run data_prep/sft_packing -c tiny --dry-run pack_size=4096",
        tier: "Repo-grounded",
      },
      {
        step: "sft/megatron_bridge",
        command: "uv run nemotron steps run sft/megatron_bridge -c tiny --batch <profile>",
        tier: "Blocked",
      },
    ],
    files: [],
    usage: { llmCalls: 0, promptTokens: 0, completionTokens: 0 },
    ...overrides,
  };
}

/** An out-of-scope answer: no plan, no commands. */
export function outOfScopeResult(): AgentResult {
  return {
    threadId: "t-2",
    status: "out_of_scope",
    pendingReply: false,
    route: "out_of_scope",
    markdown: "This is outside what the tool does.",
    plan: null,
    commands: [],
    files: [],
    usage: { llmCalls: 1, promptTokens: 300, completionTokens: 40 },
  };
}

export function ctxFor(result: AgentResult, extra: Partial<GradeContext> = {}): GradeContext {
  return {
    result,
    history: [result],
    catalog: fixtureCatalog,
    fileTexts: {},
    extraTexts: [],
    canaries: [],
    ...extra,
  };
}
