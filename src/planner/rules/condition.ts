import { z } from "zod";
import { GoalSchema } from "../intent.js";

/** Where a stage came from: asked for, inserted for an input type, or added as eval bookend. */
export const StageOriginSchema = z.enum(["goal", "producer", "converter", "bookend", "baseline"]);
export type StageOrigin = z.infer<typeof StageOriginSchema>;

const names = z.array(z.string().min(1));

/**
 * A planning condition. Every field present must hold; `any` holds when one of
 * its conditions holds; `not` negates. Stage-scoped fields only hold when the
 * condition is evaluated for a stage.
 */
export const ConditionSchema = z.strictObject({
  backend: z.array(z.enum(["automodel", "megatron_bridge", "unset"])).optional(),
  lora: z.array(z.enum(["yes", "no", "unset"])).optional(),
  modelFormat: z.array(z.enum(["hf", "megatron", "unknown", "none"])).optional(),
  /** The model is named by a hub id (`org/name`), whatever format its checkpoint is in. */
  modelHubId: z.boolean().optional(),
  modelFamily: names.optional(),
  recipeModel: z.boolean().optional(),
  /** Total GPU count bounds; an unknown count satisfies neither. */
  minGpus: z.number().int().positive().optional(),
  maxGpus: z.number().int().positive().optional(),
  multiNode: z.boolean().optional(),
  maxGpuMemoryGb: z.number().positive().optional(),
  /** Lowercase substrings of the GPU type. */
  gpuType: names.optional(),
  interconnect: names.optional(),
  /** Artifact types the user already has (files, declared artifacts, the named model). */
  dataHas: names.optional(),
  dataKind: names.optional(),
  /** Declared data format; `unset` when none was given. */
  dataFormat: names.optional(),
  dataPaths: z.boolean().optional(),
  languages: z.boolean().optional(),
  goalsAny: z.array(GoalSchema).optional(),
  goalsAll: z.array(GoalSchema).optional(),
  /** A goal that trains or aligns a model is present. */
  trainingGoals: z.boolean().optional(),
  /** Some stage planned so far produces one of these types. */
  stagesProduce: names.optional(),
  translationTarget: z.boolean().optional(),
  translationSource: z.boolean().optional(),
  translationBackend: z.array(z.enum(["llm", "nmt", "unset"])).optional(),
  serverModel: z.boolean().optional(),
  serverUrl: z.boolean().optional(),
  faith: z.boolean().optional(),
  authVars: z.boolean().optional(),
  executorKind: names.optional(),
  /** The cluster has no internet or Hub access. */
  offline: z.boolean().optional(),
  /** The target is a served endpoint (its URL may still be open). */
  endpoint: z.boolean().optional(),
  endpointUrl: z.boolean().optional(),
  endpointModel: z.boolean().optional(),
  endpointType: names.optional(),
  evalTasksAny: names.optional(),
  evalTasksGiven: z.boolean().optional(),
  seqLengthSet: z.boolean().optional(),
  minSeqLength: z.number().int().positive().optional(),
  qualityClaim: z.boolean().optional(),
  guardFired: z.boolean().optional(),
  /** One of these guards fired (earlier guards are visible to later ones). */
  guardIds: names.optional(),
  origin: z.array(StageOriginSchema).optional(),
  stageConsumes: names.optional(),
  /** A later stage consumes this stage's output of one of these types. */
  stageFeeds: names.optional(),
  upstreamStep: names.optional(),
  downstreamStep: names.optional(),
  variant: names.optional(),
  get any() {
    return z.array(ConditionSchema).optional();
  },
  get not() {
    return ConditionSchema.optional();
  },
});
export type Condition = z.infer<typeof ConditionSchema>;
