import { readFileSync } from "node:fs";
import path from "node:path";
import type { Document } from "yaml";
import { z } from "zod";
import { packageRoot, parseYamlText } from "../../catalog/index.js";
import { rulesFile } from "../../planner/rules-cache.js";

/** The model facts shipped with the package, relative to its root. */
export const MODEL_FACTS_FILE = "references/models.yaml";
/** How stages are read for the memory estimate, and its constants. */
export const MEMORY_FIT_FILE = "references/memory-fit.yaml";

const billions = z.number().positive();
/** A fact no public source states is null (or left out): the estimate names it as unknown. */
const count = z.number().int().nonnegative().nullable().optional();

export const ModelFactsSchema = z.strictObject({
  label: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  totalParamsB: billions.nullable().optional(),
  activeParamsB: billions.nullable().optional(),
  layers: count,
  hiddenSize: count,
  vocabSize: count,
  /** Routed experts per MoE layer; 0 for a dense model. */
  experts: count,
  expertsPerToken: count,
  source: z.string().min(1),
});
export type ModelFacts = z.infer<typeof ModelFactsSchema>;

export const ModelFactsFileSchema = z.strictObject({
  version: z.literal(1),
  models: z.record(z.string().min(1), ModelFactsSchema),
});

const key = z.string().min(1);
const KnobKeysSchema = z.strictObject({
  ep: key.optional(),
  etp: key.optional(),
  sequenceParallel: key.optional(),
  microBatch: key.optional(),
  recompute: key.optional(),
  distributedOptimizer: key.optional(),
  dtype: key.optional(),
  loraRank: key.optional(),
  loraTargets: key.optional(),
});
export type KnobKeys = z.infer<typeof KnobKeysSchema>;

const KnobDefaultsSchema = z.strictObject({
  distributedOptimizer: z.boolean().optional(),
  loraRank: z.number().int().positive().optional(),
  loraTargets: z.number().int().positive().optional(),
  dtype: z.string().optional(),
});

/** Keys a fix sets; `recompute` also says the value that turns it on. */
const FixKeysSchema = z.strictObject({
  recompute: z.strictObject({ key, value: z.union([z.string(), z.boolean()]) }).optional(),
  microBatch: key.optional(),
  distributedOptimizer: key.optional(),
  ep: key.optional(),
  etp: key.optional(),
});
export type FixKeys = z.infer<typeof FixKeysSchema>;

export const EngineSchema = z.enum(["megatron", "fsdp"]);
export type Engine = z.infer<typeof EngineSchema>;

export const StepFitSchema = z.strictObject({
  engine: EngineSchema,
  /** `always`: the step only trains adapters; otherwise the planning rules' LoRA key decides. */
  lora: z.literal("always").optional(),
  keys: KnobKeysSchema.default({}),
  defaults: KnobDefaultsSchema.default({}),
  /** Knobs the recipe sets when the config is silent, so an absent key leaves them unknown. */
  unknownWhenAbsent: z.array(z.enum(["ep"])).default([]),
  sequencesPerSample: z.number().int().positive().default(1),
  fixes: FixKeysSchema.default({}),
});
export type StepFit = z.infer<typeof StepFitSchema>;

const bytes = z.number().nonnegative();
export const MemoryFitFileSchema = z.strictObject({
  version: z.literal(1),
  runtimeReserveGb: bytes,
  allocatorSlack: z.number().min(0).max(1),
  assumedSeqLength: z.number().int().positive(),
  activations: z.strictObject({
    perLayer: bytes,
    tensorParallelShare: bytes,
    checkpointed: bytes,
    routedCopies: bytes,
    logits: bytes,
  }),
  adapterBytesPerParam: bytes,
  engines: z.strictObject({
    megatron: z.strictObject({ weightBytes: bytes, gradBytes: bytes, optimizerBytes: bytes }),
    fsdp: z.strictObject({ gatherBytes: bytes, gatheredLayers: z.number().int().nonnegative() }),
  }),
  dtypeBytes: z.record(z.string(), z.number().positive()),
  steps: z.record(z.string().min(1), StepFitSchema),
});
export type MemoryFitConstants = Omit<z.infer<typeof MemoryFitFileSchema>, "steps" | "version">;

/** Everything the estimate reads from `references/`: model facts, step knobs, constants. */
export interface MemoryFitData {
  models: ReadonlyMap<string, ModelFacts & { id: string }>;
  steps: Readonly<Record<string, StepFit>>;
  constants: MemoryFitConstants;
}

/** A data file that does not parse or does not match its schema; the message names file and line. */
export class MemoryFitDataError extends Error {
  override readonly name = "MemoryFitDataError";
}

function lineOf(doc: Document, text: string, at: readonly PropertyKey[]): number | undefined {
  for (let depth = at.length; depth > 0; depth--) {
    const node: unknown = doc.getIn(at.slice(0, depth), true);
    const range = node && typeof node === "object" && "range" in node ? node.range : undefined;
    if (Array.isArray(range) && typeof range[0] === "number") {
      return text.slice(0, range[0]).split("\n").length;
    }
  }
  return undefined;
}

function parseWith<S extends z.ZodType>(schema: S, text: string, file: string): z.infer<S> {
  let doc: Document;
  try {
    doc = parseYamlText(text, file);
  } catch (error) {
    throw new MemoryFitDataError(error instanceof Error ? error.message : String(error));
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue?.path ?? [];
  const line = lineOf(doc, text, at);
  const where = at.map(String).join(".") || "(document)";
  throw new MemoryFitDataError(
    `${file}${line ? `:${line}` : ""}: ${where}: ${issue?.message ?? "invalid"}`,
  );
}

/** Validate the two data files given as text (model facts, then step knobs and constants). */
export function parseMemoryFitData(
  modelsText: string,
  fitText: string,
  files = { models: MODEL_FACTS_FILE, fit: MEMORY_FIT_FILE },
): MemoryFitData {
  const facts = parseWith(ModelFactsFileSchema, modelsText, files.models);
  const fit = parseWith(MemoryFitFileSchema, fitText, files.fit);
  return assemble(facts, fit, files);
}

function assemble(
  facts: z.infer<typeof ModelFactsFileSchema>,
  fit: z.infer<typeof MemoryFitFileSchema>,
  files: { models: string; fit: string },
): MemoryFitData {
  const models = new Map<string, ModelFacts & { id: string }>();
  for (const [id, model] of Object.entries(facts.models)) {
    for (const name of [id, ...model.aliases]) {
      const lower = name.toLowerCase();
      if (models.has(lower)) {
        throw new MemoryFitDataError(`${files.models}: model id ${name} is listed twice`);
      }
      models.set(lower, { ...model, id });
    }
  }
  const { steps, version: _version, ...constants } = fit;
  return { models, steps, constants };
}

const cache = new Map<string, MemoryFitData>();
const modelFactsFile = rulesFile(MODEL_FACTS_FILE, ModelFactsFileSchema, (file) =>
  parseWith(ModelFactsFileSchema, readFileSync(file, "utf8"), file),
);
const memoryFitFile = rulesFile(MEMORY_FIT_FILE, MemoryFitFileSchema, (file) =>
  parseWith(MemoryFitFileSchema, readFileSync(file, "utf8"), file),
);

/** Read, validate and cache the shipped data files (or the files under `root`). */
export function loadMemoryFitData(root = packageRoot()): MemoryFitData {
  const cached = cache.get(root);
  if (cached) return cached;
  const models = path.join(root, MODEL_FACTS_FILE);
  const fit = path.join(root, MEMORY_FIT_FILE);
  const data = assemble(modelFactsFile.load(models), memoryFitFile.load(fit), { models, fit });
  cache.set(root, data);
  return data;
}

/** The facts for a model id (case-insensitive, aliases included). */
export function modelFacts(data: MemoryFitData, model: string) {
  return data.models.get(model.toLowerCase());
}
