import { z } from "zod";
import { RouteSchema } from "./intent.js";
import { MemoryFitRowSchema } from "./memory-fit.js";

/** Any YAML/JSON value a stage parameter can take. */
export type ParamValue =
  | string
  | number
  | boolean
  | null
  | ParamValue[]
  | { [key: string]: ParamValue };
export const ParamValueSchema: z.ZodType<ParamValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(ParamValueSchema),
    z.record(z.string(), ParamValueSchema),
  ]),
);

export const FindingSchema = z.object({
  level: z.enum(["error", "warning", "info"]),
  /** Stable machine-readable code, e.g. `artifact_chain`, `gpu_min`, `alignment`. */
  code: z.string(),
  message: z.string(),
  fix: z.string().optional(),
  /** Stage id the finding concerns, if any. */
  stage: z.string().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const StageInputSchema = z.object({
  type: z.string(),
  /** Id of the upstream stage, or `user` when the user supplies it. */
  from: z.string(),
  required: z.boolean(),
});

/**
 * Where a stage value came from: the `user` (with the request text it was
 * read from), the `catalog` (a declared default or a step strategy), the
 * planning `rules`, or the `model` (checked, never trusted).
 */
export const ProvenanceSchema = z.object({
  source: z.enum(["user", "catalog", "rules", "model"]),
  /** For `user`: which request (0 = first) and the character range written there. */
  span: z
    .object({
      request: z.number().int().nonnegative(),
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      text: z.string(),
    })
    .optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const StageSchema = z.object({
  /** `01_sft_packing`: order plus the step's last path segment. */
  id: z.string(),
  step: z.string(),
  consumes: z.array(StageInputSchema),
  produces: z.array(z.object({ type: z.string() })),
  /** Config keys (dotted paths) and the values the plan sets. */
  params: z.record(z.string(), ParamValueSchema),
  /** The step's strategies that matched, as `when: then`. */
  strategies: z.array(z.string()),
  /** Ids of patterns that changed this stage. */
  patterns: z.array(z.string()),
  /** Shipped config the new one is based on (usually `default`). */
  baseConfig: z.string(),
  /** Path of the config Act would create, relative to the checkout root. */
  configPath: z.string(),
  /** Model the stage trains or serves, when relevant. */
  model: z.string().optional(),
  /** Where each of `params` came from, keyed like `params` (set once the plan is checked). */
  provenance: z.record(z.string(), ProvenanceSchema).optional(),
});
export type Stage = z.infer<typeof StageSchema>;

export const RequiredInputSchema = z.object({
  /** What is missing, e.g. `data.path`, `hardware.gpus`, `eval.tasks`. */
  key: z.string(),
  question: z.string(),
  stage: z.string().optional(),
});
export type RequiredInput = z.infer<typeof RequiredInputSchema>;

export const TierSchema = z.enum(["Verified", "Repo-grounded", "Reference-grounded", "Blocked"]);
export type Tier = z.infer<typeof TierSchema>;

export const CommandSchema = z.object({
  step: z.string(),
  command: z.string(),
  tier: TierSchema,
  /** Why the command is Blocked, when it is. */
  blockedBy: z.string().optional(),
  /**
   * What lifts the block: the user's answer to the open questions, or a change to the
   * checkout or environment (a missing env profile, a step the catalog lacks).
   */
  unblockedBy: z.enum(["answer", "environment"]).optional(),
});
export type Command = z.infer<typeof CommandSchema>;

export const PlanSchema = z.object({
  name: z.string(),
  route: RouteSchema,
  stages: z.array(StageSchema),
  findings: z.array(FindingSchema),
  requiredInputs: z.array(RequiredInputSchema),
  commands: z.array(CommandSchema),
  /** Free-form notes shown under Infrastructure (profile used, GPU layout). */
  infrastructure: z.array(z.string()),
  /** Per-GPU memory estimate of each training stage, when the plan has a GPU count. */
  memory: z.array(MemoryFitRowSchema).optional(),
  markdown: z.string(),
  mermaid: z.string(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** A plan before rendering: what the composer produces and the renderers turn into text. */
export const PlanDraftSchema = PlanSchema.omit({ markdown: true, mermaid: true, commands: true });
export type PlanDraft = z.infer<typeof PlanDraftSchema>;

/** What composing concluded about the request that the hard checks judge the plan against. */
export const PlanFactsSchema = z.object({
  /** GPUs the plan runs on: as given, else nodes × GPUs per node; unknown when unsaid. */
  gpus: z.number().int().positive().optional(),
  /** Ids of the hardware heuristics whose conditions hold for this request and plan. */
  heuristics: z.array(z.string()),
});
export type PlanFacts = z.infer<typeof PlanFactsSchema>;

/** A composed plan with the facts it was composed from. */
export const ComposedPlanSchema = z.object({ draft: PlanDraftSchema, facts: PlanFactsSchema });
export type ComposedPlan = z.infer<typeof ComposedPlanSchema>;

/** The model's Why / Avoid prose for a plan: a typed section of its markdown, never spliced text. */
export const PlanProseSchema = z.object({ why: z.string(), avoid: z.string() });
export type PlanProse = z.infer<typeof PlanProseSchema>;
