import { z } from "zod";

export const RouteSchema = z.enum([
  "pipeline",
  "single_step",
  "recommendation",
  "explorer",
  "out_of_scope",
]);
export type Route = z.infer<typeof RouteSchema>;

/** What the user wants done; several goals make a pipeline. */
export const GoalSchema = z.enum([
  "curate",
  "translate",
  "sdg",
  "byob",
  "data_prep",
  "sft",
  "peft",
  "pretrain",
  "cpt",
  "dpo",
  "rlvr",
  "rlhf",
  "convert",
  "merge",
  "quantize",
  "prune",
  "distill",
  "eval",
  "env_profile",
]);
export type Goal = z.infer<typeof GoalSchema>;

export const ModelRefSchema = z.object({
  /** A catalog `[[models]].name` when matched, else the id exactly as the user wrote it. */
  name: z.string(),
  /** The alias the user used (`Nano3`, `Super3`, `Lightning`), if any. */
  alias: z.string().optional(),
  format: z.enum(["hf", "megatron", "unknown"]),
  /** True when the name matched a `[[models]]` entry of some catalog step. */
  inCatalog: z.boolean(),
  /** The user said this model is already fine-tuned ("it's already instruction tuned"). */
  tuned: z.boolean().optional(),
});
export type ModelRef = z.infer<typeof ModelRefSchema>;

export const HardwareSchema = z.object({
  nodes: z.number().int().positive().optional(),
  gpusPerNode: z.number().int().positive().optional(),
  /** Total GPUs when known (nodes × gpusPerNode, or a bare "2 GPUs"). */
  totalGpus: z.number().int().positive().optional(),
  gpuType: z.string().optional(),
  gpuMemoryGb: z.number().positive().optional(),
  interconnect: z.string().optional(),
});
export type Hardware = z.infer<typeof HardwareSchema>;

/** Total GPUs: as given, else nodes x GPUs per node, else unknown. */
export function totalGpus(intent: { hardware: Hardware }): number | undefined {
  const hw = intent.hardware;
  if (hw.totalGpus !== undefined) return hw.totalGpus;
  if (hw.gpusPerNode !== undefined) return (hw.nodes ?? 1) * hw.gpusPerNode;
  return undefined;
}

export const ExecutorSchema = z.object({
  kind: z.enum(["local", "slurm", "lepton", "dgxcloud"]).optional(),
  /** The user asked for remote submission (`--batch` / `--run`). */
  remote: z.boolean().default(false),
  /** A profile name the user gave explicitly. */
  profile: z.string().optional(),
  /** The cluster cannot reach the internet or the Hugging Face Hub ("air-gapped"). */
  offline: z.boolean().optional(),
});
export type Executor = z.infer<typeof ExecutorSchema>;

export const DataFormatSchema = z.enum([
  "jsonl",
  "parquet",
  "hf_dataset",
  "binidx",
  "packed_parquet",
]);

/**
 * What the records are: chat messages, plain text, preference pairs, RL prompts, MCQ
 * benchmark rows, source documents, or a blend that only references datasets (HF ids,
 * placeholders) still to be resolved into local files.
 */
export const DataKindSchema = z.enum([
  "blend",
  "chat",
  "text",
  "preference",
  "prompts",
  "mcq",
  "documents",
]);

export const DataSchema = z.object({
  /** Paths and globs exactly as written. */
  paths: z.array(z.string()).default([]),
  format: DataFormatSchema.optional(),
  kind: DataKindSchema.optional(),
  /** ISO-639-1 codes. */
  languages: z.array(z.string()).default([]),
  /** Artifact types the user already has (e.g. `training_jsonl`, `checkpoint_hf`). */
  has: z.array(z.string()).default([]),
  /** Paths the request calls checkpoints (the rest of `paths` is data or a destination). */
  checkpoints: z.array(z.string()).default([]),
});
export type Data = z.infer<typeof DataSchema>;

export const TranslationSchema = z.object({
  source: z.string().optional(),
  target: z.string().optional(),
  backend: z.enum(["llm", "nmt"]).optional(),
  faith: z.boolean().optional(),
  textField: z.string().optional(),
  serverUrl: z.string().optional(),
  serverModel: z.string().optional(),
});
export type Translation = z.infer<typeof TranslationSchema>;

export const EvalTargetSchema = z.object({
  endpointUrl: z.string().optional(),
  modelId: z.string().optional(),
  tasks: z.array(z.string()).default([]),
  endpointType: z.enum(["chat", "completions"]).optional(),
  /** The target is a served endpoint ("our hosted model"), whether or not its URL is given yet. */
  served: z.boolean().optional(),
});
export type EvalTarget = z.infer<typeof EvalTargetSchema>;

/** The user asked to wire an artifact straight into a step ("feed JSONL into Megatron-Bridge"). */
export const DirectEdgeSchema = z.object({ from: z.string(), toStep: z.string() });

export const IntentSchema = z.object({
  route: RouteSchema,
  goals: z.array(GoalSchema).default([]),
  /** Every user message so far, oldest first. */
  requests: z.array(z.string()).default([]),
  model: ModelRefSchema.optional(),
  /** Model names the catalog does not support (for an honest "not supported"). */
  unsupportedModels: z.array(z.string()).default([]),
  hardware: HardwareSchema.default({}),
  executor: ExecutorSchema.default({ remote: false }),
  data: DataSchema.default({ paths: [], languages: [], has: [], checkpoints: [] }),
  translation: TranslationSchema.default({}),
  backend: z.enum(["automodel", "megatron_bridge"]).optional(),
  /** LoRA/PEFT asked for (true), full fine-tuning asked for (false), or unsaid. */
  lora: z.boolean().optional(),
  eval: EvalTargetSchema.default({ tasks: [] }),
  /** Names of environment variables that hold credentials (never their values). */
  authVars: z.array(z.string()).default([]),
  /** `key=value` pairs exactly as written. */
  overrides: z.record(z.string(), z.string()).default({}),
  outputDir: z.string().optional(),
  /**
   * Goals the user declined ("no packing", "skip the eval"): never planned as a bookend;
   * a stage the types still need is kept and the plan warns about the mismatch.
   */
  declined: z.array(GoalSchema).default([]),
  /** Artifact types the user wants at the end ("an HF checkpoint at the end", "merged for serving"). */
  deliverables: z.array(z.string()).default([]),
  /** Step ids named in the request. */
  explicitSteps: z.array(z.string()).default([]),
  directEdges: z.array(DirectEdgeSchema).default([]),
  /** The user claims or wants a quality improvement, so eval bookends apply. */
  qualityClaim: z.boolean().default(false),
  /** The user wants only the command (`--dry-run` shape), not an explanation. */
  commandOnly: z.boolean().default(false),
  /** A shipped config the user named (`-c tiny`, "the tiny config"), or the smoke config of a smoke test. */
  configName: z.string().optional(),
  /** The user named `configName` (not inferred from "smoke test"): its paths are taken as given. */
  configNamed: z.boolean().optional(),
  /** Sequence length asked for. */
  seqLength: z.number().int().positive().optional(),
  /** Free-text capability the catalog lacks, when the route is explorer. */
  gap: z.string().optional(),
});
export type Intent = z.infer<typeof IntentSchema>;
