import { z } from "zod";
import { onFirstUse } from "../../catalog/index.js";
import { GoalSchema } from "../intent.js";
import { ParamValueSchema } from "../plan.js";
import { ConditionSchema } from "./condition.js";

function buildStepRuleSchemas() {
  const names = z.array(z.string().min(1));
  const always = ConditionSchema.default({});

  /** Which shipped config key carries which planning concept for a step. */
  const ConceptKeysSchema = z.strictObject({
    model: z.string().optional(),
    tokenizer: names.default([]),
    seqLength: names.default([]),
    chatTemplate: z.string().optional(),
    lora: z
      .strictObject({ key: z.string(), on: ParamValueSchema, off: ParamValueSchema })
      .optional(),
    globalBatch: z.string().optional(),
    tp: z.string().optional(),
    pp: z.string().optional(),
    cp: z.string().optional(),
    ep: z.string().optional(),
    /** Number of the last training iteration, used to name the final checkpoint. */
    finalIter: z.string().optional(),
    sourceLanguage: z.string().optional(),
    targetLanguage: z.string().optional(),
    translationBackend: z.string().optional(),
    serverUrl: z.string().optional(),
    serverModel: z.string().optional(),
    nmtUrl: z.string().optional(),
    faith: z.string().optional(),
    textField: z.string().optional(),
    endpointUrl: z.string().optional(),
    endpointModel: z.string().optional(),
    endpointType: z.string().optional(),
    tasks: z.string().optional(),
    /** Key holding the NAME of the environment variable with the API key. */
    authVar: z.string().optional(),
  });

  const OutputKeySchema = z.strictObject({
    key: z.string().min(1),
    /** Where a consumer reads inside the output directory; `{iter}` is the final iteration. */
    read: z.string().optional(),
  });

  const VariantSchema = z.strictObject({
    name: z.string().min(1),
    when: always,
    baseConfig: z.string().optional(),
    params: z.record(z.string(), ParamValueSchema).default({}),
    /** Required inputs this variant does not need (listed as coming from the user, never asked). */
    waive: names.default([]),
    /** Optional inputs this variant needs. */
    require: names.default([]),
    /** Optional inputs this variant never wires. */
    omit: names.default([]),
    /** Output types of this variant, when not the step's required outputs. */
    produces: names.optional(),
    outputRole: z.string().optional(),
  });

  const AskSchema = z.strictObject({ key: z.string().min(1), when: always });

  const StepRuleSchema = z.strictObject({
    keys: ConceptKeysSchema.default({ tokenizer: [], seqLength: [] }),
    /** Artifact type consumed → config key that receives its path. */
    inputs: z.record(z.string(), z.string()).default({}),
    outputs: z.record(z.string(), OutputKeySchema).default({}),
    /** Artifact type consumed → roles accepted from upstream (user data of unknown kind is always accepted). */
    accept: z.record(z.string(), names).default({}),
    outputRole: z.string().optional(),
    /** Optional inputs that may be reached through converter steps. */
    convertOptional: names.default([]),
    /** Optional inputs made by their producer when the user has data that producer reads. */
    produceOptional: names.default([]),
    languageFormat: z.enum(["iso", "locale"]).default("iso"),
    /** The step's output is a deliverable: ask where it goes whenever the request does not say. */
    needsOutputDir: z.boolean().default(false),
    /** The shipped output location is fine even for a one-step answer (never asked for). */
    outputOptional: z.boolean().default(false),
    /** Optional inputs a path the user gave may fill when no required input takes it. */
    pathOptional: names.default([]),
    needsModel: z.boolean().default(false),
    /**
     * The tokenizer belongs to the checkpoint the stage loads (an eval deployment): it is set
     * from the named model only when a checkpoint is loaded, and never asked for.
     */
    tokenizerFromCheckpoint: z.boolean().default(false),
    /** Finding level when the planned model is not among the step's listed models. */
    unlistedModel: z.enum(["warning", "info"]).default("info"),
    variants: z.array(VariantSchema).default([]),
    asks: z.array(AskSchema).default([]),
    /** When the stage talks to a hosted service, so `keys.authVar` gets the variable name. */
    authWhen: ConditionSchema.optional(),
  });
  return { ConceptKeysSchema, OutputKeySchema, VariantSchema, AskSchema, StepRuleSchema };
}

/** The schemas of one step's entry under `steps:`, built on first use (see `planningSchemas`). */
export const stepRuleSchemas = onFirstUse(buildStepRuleSchemas);

function buildPlanningSchemas() {
  const names = z.array(z.string().min(1));
  const always = ConditionSchema.default({});
  const { StepRuleSchema } = stepRuleSchemas();

  const ModelFamilySchema = z.strictObject({
    id: z.string().min(1),
    /** Short slug used in plan names. */
    label: z.string().min(1),
    /** Lowercase substrings of a model id that identify the family. */
    match: names,
    aliases: names.default([]),
    /** A Nemotron recipe model (recipe parity on Megatron-Bridge). */
    recipe: z.boolean().default(false),
    /** A dense (non-MoE) family: expert parallelism is set back to 1. */
    dense: z.boolean().default(false),
    chatTemplate: z.string().optional(),
  });

  const UserDataRulesSchema = z.strictObject({
    byKind: z.record(z.string(), names),
    byFormat: z.record(z.string(), names),
    default: names,
    kindRoles: z.record(z.string(), z.string()),
    modelArtifacts: z.strictObject({ hf: z.string(), megatron: z.string() }),
  });

  const GuardSchema = z.strictObject({
    id: z.string().min(1),
    when: ConditionSchema,
    dropGoals: z.array(GoalSchema).default([]),
    addGoals: z.array(GoalSchema).default([]),
    dropSteps: names.default([]),
    pattern: z.string().optional(),
    note: z.string().min(1),
  });

  const RouteStageSchema = z.strictObject({
    step: z.string().min(1),
    variant: z.string().optional(),
    when: always,
  });
  const RouteCandidateSchema = z.strictObject({
    when: always,
    stages: z.array(RouteStageSchema),
  });
  const RouteSchema = z.strictObject({
    id: z.string().min(1),
    goals: z.array(GoalSchema),
    candidates: z.array(RouteCandidateSchema).min(1),
  });

  const HeuristicSchema = z.strictObject({
    id: z.string().min(1),
    /** Steps the heuristic concerns; empty means it is checked once for the plan. */
    steps: names.default([]),
    when: always,
    level: z.enum(["warning", "info"]),
    /** Placeholders: {step} {gpus} {model} {memory} {interconnect}. */
    message: z.string().min(1),
    fix: z.string().min(1),
  });

  /** The usual starting GPU count for a model family on steps of some categories. */
  const SizingSchema = z.strictObject({
    families: names,
    categories: names,
    gpus: z.number().int().positive(),
  });

  /** What the shape of a path the user wrote says about its contents. */
  const PathHintsSchema = z.strictObject({
    /** File extensions (without the dot) of data files; a glob is data too. */
    dataExtensions: names,
    /** Checkpoint types whose path must name one saved iteration, not the run folder. */
    iterationTypes: names.default([]),
    /** Regular expression the last segment of such a path matches. */
    iterationSegment: z.string().min(1),
    /** How the iteration directory is written in messages (`iter_*`). */
    iterationLabel: z.string().min(1),
  });

  const PlanningRulesSchema = z.strictObject({
    version: z.literal(1),
    modelFamilies: z.array(ModelFamilySchema),
    userData: UserDataRulesSchema,
    guards: z.array(GuardSchema).default([]),
    routes: z.array(RouteSchema).min(1),
    producers: z.record(z.string(), z.string()).default({}),
    /** Steps that turn the user's data of one role into a role a consumer takes. */
    roleProducers: z
      .array(z.strictObject({ from: names, to: z.string().min(1), step: z.string().min(1) }))
      .default([]),
    outputRoles: z.record(z.string(), z.string()).default({}),
    steps: z.record(z.string(), StepRuleSchema),
    eval: z.strictObject({
      step: z.string().min(1),
      qualityCategories: names,
      /** When a quality claim is implied without the user making one; absent means never. */
      impliedClaim: ConditionSchema.optional(),
      baselineWhen: ConditionSchema,
    }),
    warmStart: z.strictObject({
      steps: names,
      type: z.string(),
      fromCategories: names,
      /** Categories whose stages only carry a checkpoint on (followed back to its origin). */
      passThrough: names.default([]),
    }),
    alignment: z.strictObject({
      lockedTypes: names,
      /** The key a user states for the length their prepared data was built at ("pack_size 4096"). */
      statedLengthKey: z.string().min(1),
    }),
    hardware: z.strictObject({
      gpusPerNode: z.number().int().positive(),
      askGpusFor: names,
      ladders: z.record(
        z.string(),
        z.strictObject({ automodel: z.string().optional(), lora: z.string().optional() }),
      ),
      // Plans name the heuristics that hold by id, so an id names one heuristic.
      heuristics: z
        .array(HeuristicSchema)
        .default([])
        .refine((all) => new Set(all.map((h) => h.id)).size === all.length, {
          message: "heuristic ids must be unique",
        }),
      sizing: z.array(SizingSchema).default([]),
    }),
    strategyMatchers: z.array(z.strictObject({ phrase: z.string().min(1), when: always })),
    patterns: z.array(
      z.strictObject({ id: z.string().min(1), steps: names.default([]), when: always }),
    ),
    locales: z.record(z.string(), z.string()).default({}),
    paths: PathHintsSchema,
    questions: z.record(z.string(), z.string()),
    /** Question id → the public key a required input carries (ids not listed keep their own name). */
    inputKeys: z.record(z.string(), z.string()).default({}),
  });
  return {
    ModelFamilySchema,
    UserDataRulesSchema,
    GuardSchema,
    RouteStageSchema,
    RouteCandidateSchema,
    RouteSchema,
    HeuristicSchema,
    SizingSchema,
    PathHintsSchema,
    PlanningRulesSchema,
  };
}

/**
 * The schemas of `planning.yaml`, built on first use: only reading the YAML
 * (not the build's compiled copy of it) validates with them.
 */
export const planningSchemas = onFirstUse(buildPlanningSchemas);
type Schemas = ReturnType<typeof planningSchemas>;
type StepRuleSchemas = ReturnType<typeof stepRuleSchemas>;

export type ModelFamily = z.infer<Schemas["ModelFamilySchema"]>;
export type Guard = z.infer<Schemas["GuardSchema"]>;
export type Route = z.infer<Schemas["RouteSchema"]>;
export type ConceptKeys = z.infer<StepRuleSchemas["ConceptKeysSchema"]>;
export type Variant = z.infer<StepRuleSchemas["VariantSchema"]>;
export type StepRule = z.infer<StepRuleSchemas["StepRuleSchema"]>;
export type Heuristic = z.infer<Schemas["HeuristicSchema"]>;
export type Sizing = z.infer<Schemas["SizingSchema"]>;
export type PathHints = z.infer<Schemas["PathHintsSchema"]>;
export type PlanningRules = z.infer<Schemas["PlanningRulesSchema"]>;
