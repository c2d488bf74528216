import { z } from "zod";

/** A TOML value as it appears in a manifest (parameter defaults, choices). */
export const TomlValueSchema: z.ZodType<TomlValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.array(TomlValueSchema),
    z.record(z.string(), TomlValueSchema),
  ]),
);
export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

export const ArtifactPortSchema = z.object({
  type: z.string().min(1),
  required: z.boolean().default(true),
  description: z.string().default(""),
});
export type ArtifactPort = z.infer<typeof ArtifactPortSchema>;

export const ModelSupportSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(""),
  default: z.boolean().default(false),
  min_gpus: z.number().int().positive().optional(),
});
export type ModelSupport = z.infer<typeof ModelSupportSchema>;

export const ParameterSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(""),
  default: TomlValueSchema.optional(),
  choices: z.array(TomlValueSchema).optional(),
});
export type Parameter = z.infer<typeof ParameterSchema>;

export const StrategySchema = z.object({
  when: z.string().min(1),
  then: z.string().min(1),
  skill: z.string().optional(),
});
export type Strategy = z.infer<typeof StrategySchema>;

export const KnownErrorSchema = z.object({
  name: z.string().min(1),
  recovery: z.string().default(""),
  skill: z.string().optional(),
});
export type KnownError = z.infer<typeof KnownErrorSchema>;

export const ReferenceSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** The on-disk shape of `step.toml`. Unknown extra sections are tolerated. */
export const StepTomlSchema = z.object({
  step: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    category: z.string().min(1),
    description: z.string().default(""),
    tags: z.array(z.string()).default([]),
  }),
  consumes: z.array(ArtifactPortSchema).default([]),
  produces: z.array(ArtifactPortSchema).default([]),
  models: z.array(ModelSupportSchema).default([]),
  parameters: z.array(ParameterSchema).default([]),
  strategies: z.array(StrategySchema).default([]),
  errors: z.array(KnownErrorSchema).default([]),
  reference: ReferenceSchema.default({}),
});

/** A step as the rest of the program sees it: the manifest plus where it lives. */
export const StepManifestSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  /** Directory of the step, relative to the checkout root, with `/` separators. */
  path: z.string(),
  consumes: z.array(ArtifactPortSchema),
  produces: z.array(ArtifactPortSchema),
  models: z.array(ModelSupportSchema),
  parameters: z.array(ParameterSchema),
  strategies: z.array(StrategySchema),
  errors: z.array(KnownErrorSchema),
  reference: ReferenceSchema,
  /** Names (without `.yaml`) of the configs shipped in the step's `config/` directory. */
  configs: z.array(z.string()),
});
export type StepManifest = z.infer<typeof StepManifestSchema>;

export const ArtifactTypeSchema = z.object({
  name: z.string(),
  description: z.string(),
  isA: z.array(z.string()),
  /** Target type → id of the converter step that performs the conversion. */
  convertTo: z.record(z.string(), z.string()),
});
export type ArtifactType = z.infer<typeof ArtifactTypeSchema>;

export const TypesTomlEntrySchema = z.object({
  description: z.string().default(""),
  is_a: z.array(z.string()).default([]),
  convert_to: z.record(z.string(), z.string()).default({}),
});

export const PatternSchema = z.object({
  id: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  triggers: z.array(z.string()),
  steps: z.array(z.string()),
  confidence: z.string().optional(),
  /** File path relative to the checkout root. */
  path: z.string(),
  /** `global` for `steps/patterns/`, otherwise the category whose `patterns/` holds it. */
  scope: z.string(),
});
export type Pattern = z.infer<typeof PatternSchema>;

export const PatternFrontmatterSchema = z.object({
  id: z.string().min(1),
  title: z.string().optional(),
  tags: z.array(z.string()).default([]),
  triggers: z.array(z.string()).default([]),
  steps: z.array(z.string()).default([]),
  confidence: z.string().optional(),
});

export const ContextPackSchema = z.object({
  id: z.string(),
  step: z.string(),
  intent: z.string().default(""),
  file: z.string(),
  description: z.string().default(""),
});
export type ContextPack = z.infer<typeof ContextPackSchema>;

export const ContextIndexSchema = z.object({ packs: z.array(ContextPackSchema).default([]) });
