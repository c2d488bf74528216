import { z } from "zod";
import { onFirstUse } from "../../../catalog/index.js";
import { GoalSchema } from "../../intent.js";
import { CueSchema, cue, StepSelectorSchema } from "./cues.js";

function buildGoalSchemas() {
  const GoalRuleSchema = z.object({
    id: GoalSchema,
    cues: CueSchema,
    /**
     * One operation inside the goal's step ("dedup", "language filter"): asking for it asks
     * for the goal; declining it is a setting of the goal, not a decline.
     */
    parts: CueSchema.optional(),
    /** Cues that ask for the goal only in a request that names a served URL ("smoke test https://…"). */
    servedCues: CueSchema.optional(),
    steps: StepSelectorSchema,
  });

  const GoalRulesSchema = z.object({
    negation: z.string(),
    /** A clause matching this puts its goals off: context, not work to plan now. */
    deferred: z.string(),
    partNegation: z.string(),
    deferredBefore: z.string(),
    /** Where the clause of a goal word ends on its right: purpose and reason clauses. */
    clauseBreak: z.string(),
    /**
     * Tried on the text after a goal word: the word describes data ("DPO preference rows",
     * "SFT data"), so it is a goal only when nothing else in the request is.
     */
    describesData: z.string(),
    /**
     * Work the user reports as done ("SFT is done", "our SFT'd checkpoint", "already
     * packed"): `after` is tried on the text after a goal word, `before` on the text
     * before it, `participle` on the goal word itself unless `noun` (how to do it) follows.
     */
    completed: z.object({
      after: z.string(),
      before: z.string(),
      participle: z.string(),
      noun: z.string(),
      /** Before a goal word: the user owns what follows ("our", "my existing"). */
      owner: z.string(),
      /** After a goal word: an artifact it describes ("SFT Megatron checkpoint"). */
      artifact: z.string(),
      /** Before a participle: someone did the work, so how it was done is told, not asked. */
      subject: z.string(),
      /** Before a participle: the work is wished for ("we need the set translated"). */
      wanted: z.string(),
      /** Around a goal noun: a model name before it, the phrase ending after it. */
      lineage: z.object({ before: z.string(), after: z.string() }),
      /** What a completed goal leaves the user with, when the request did not say. */
      artifacts: z.partialRecord(GoalSchema, z.array(z.string())).default({}),
    }),
    absorb: z.array(z.object({ keep: GoalSchema, drop: z.array(GoalSchema) })).default([]),
    groups: z.array(z.array(GoalSchema)).default([]),
    /** Goals read from vague cues only when no goal in `unless` was named. */
    fallbacks: z
      .array(
        z.object({ goal: GoalSchema, unless: z.array(GoalSchema).default([]), cues: CueSchema }),
      )
      .default([]),
  });

  const BackendRuleSchema = z.object({
    id: z.enum(["automodel", "megatron_bridge"]),
    cues: CueSchema,
    steps: StepSelectorSchema,
  });
  return {
    goals: z.array(GoalRuleSchema).min(1),
    goalRules: GoalRulesSchema,
    backends: z.object({
      options: z.array(BackendRuleSchema),
      sensitiveGoals: z.array(GoalSchema).default([]),
      listedModelsOnly: z.array(z.string()).default([]),
    }),
    lora: z.object({ off: cue(), on: cue(), appliesToGoals: z.array(GoalSchema).default([]) }),
  };
}

/** The keys of `intent.yaml` that read goals, backends and LoRA, built on first use. */
export const goalRuleSchemas = onFirstUse(buildGoalSchemas);
