import { z } from "zod";
import { onFirstUse } from "../../../catalog/index.js";
import { GoalSchema } from "../../intent.js";
import { CueSchema, cue } from "./cues.js";

function buildRouteSchemas() {
  const RouteRulesSchema = z.object({
    explorer: cue(),
    outOfScopeStrong: cue(),
    outOfScopeWeak: cue(),
    genericAdvice: cue(),
    recommendation: cue(),
    feasibility: cue(),
    pipeline: cue(),
    domain: cue(),
    /** Capabilities the catalog lacks, each with the gap text Explorer mode reports. */
    gaps: z.array(z.object({ gap: z.string().min(1), cues: CueSchema })).default([]),
    assumedInputs: z.array(z.string()).default([]),
    unprocessedInputs: z.array(z.string()).default([]),
    modelArtifacts: z.object({ hf: z.string(), megatron: z.string() }),
    qualityGoals: z.array(GoalSchema).default([]),
    /** Goals that train a model: such a request is planned and approved, not answered as one command. */
    trainingGoals: z.array(GoalSchema).default([]),
  });
  return {
    route: RouteRulesSchema,
    quality: cue(),
    commandOnly: cue(),
    followUp: z.object({ replace: cue() }),
  };
}

/**
 * The keys of `intent.yaml` that route a request (its route cues, quality
 * claims, command-only asks, follow-ups), built on first use.
 */
export const routeRuleSchemas = onFirstUse(buildRouteSchemas);
