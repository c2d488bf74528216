import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { onFirstUse, packageRoot, parseYamlWith } from "../../catalog/index.js";
import { rulesFile } from "../../planner/rules-cache.js";

/** The model facts shipped with the package, relative to its root. */
export const MODEL_FACTS_FILE = "references/models.yaml";
/** How stages are read for the memory estimate, and its constants. */
export const MEMORY_FIT_FILE = "references/memory-fit.yaml";

function buildMemoryFitSchemas() {
  const billions = z.number().positive();
  /** A fact no public source states is null (or left out): the estimate names it as unknown. */
  const count = z.number().int().nonnegative().nullable().optional();

  const ModelFactsSchema = z.strictObject({
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

  const ModelFactsFileSchema = z.strictObject({
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

  const EngineSchema = z.enum(["megatron", "fsdp"]);

  const StepFitSchema = z.strictObject({
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

  const bytes = z.number().nonnegative();
  const MemoryFitFileSchema = z.strictObject({
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
  return {
    ModelFactsSchema,
    ModelFactsFileSchema,
    KnobKeysSchema,
    KnobDefaultsSchema,
    FixKeysSchema,
    EngineSchema,
    StepFitSchema,
    MemoryFitFileSchema,
  };
}

/** The schemas of the two data files, built on first use: only reading the YAML validates with them. */
const memoryFitSchemas = onFirstUse(buildMemoryFitSchemas);
type Schemas = ReturnType<typeof memoryFitSchemas>;

export type ModelFacts = z.infer<Schemas["ModelFactsSchema"]>;
export type KnobKeys = z.infer<Schemas["KnobKeysSchema"]>;
export type FixKeys = z.infer<Schemas["FixKeysSchema"]>;
export type Engine = z.infer<Schemas["EngineSchema"]>;
export type StepFit = z.infer<Schemas["StepFitSchema"]>;
export type MemoryFitConstants = Omit<z.infer<Schemas["MemoryFitFileSchema"]>, "steps" | "version">;

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

function parseWith<S extends z.ZodType>(schema: S, text: string, file: string): z.infer<S> {
  return parseYamlWith(schema, text, file, (message) => new MemoryFitDataError(message));
}

/** Validate the two data files given as text (model facts, then step knobs and constants). */
export function parseMemoryFitData(
  modelsText: string,
  fitText: string,
  files = { models: MODEL_FACTS_FILE, fit: MEMORY_FIT_FILE },
): MemoryFitData {
  const { ModelFactsFileSchema, MemoryFitFileSchema } = memoryFitSchemas();
  const facts = parseWith(ModelFactsFileSchema, modelsText, files.models);
  const fit = parseWith(MemoryFitFileSchema, fitText, files.fit);
  return assemble(facts, fit, files);
}

function assemble(
  facts: z.infer<Schemas["ModelFactsFileSchema"]>,
  fit: z.infer<Schemas["MemoryFitFileSchema"]>,
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
const modelFactsFile = rulesFile(
  MODEL_FACTS_FILE,
  () => memoryFitSchemas().ModelFactsFileSchema,
  (file) => parseWith(memoryFitSchemas().ModelFactsFileSchema, readFileSync(file, "utf8"), file),
);
const memoryFitFile = rulesFile(
  MEMORY_FIT_FILE,
  () => memoryFitSchemas().MemoryFitFileSchema,
  (file) => parseWith(memoryFitSchemas().MemoryFitFileSchema, readFileSync(file, "utf8"), file),
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
