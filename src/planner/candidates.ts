import { z } from "zod";
import type { Catalog } from "../catalog/index.js";
import type { Intent } from "./intent.js";

/** Metadata of a step the plan may use: just what a reviewer or a model needs, not whole files. */
export const CandidateStepSchema = z.object({
  id: z.string(),
  consumes: z.array(z.string()),
  produces: z.array(z.string()),
  models: z.array(z.object({ name: z.string(), min_gpus: z.number().optional() })),
});
export type CandidateStep = z.infer<typeof CandidateStepSchema>;

/** Steps whose category, tags or id match a goal or a step the user named. */
export function candidateSteps(catalog: Catalog, intent: Intent): CandidateStep[] {
  const words = new Set<string>([...intent.goals, ...intent.explicitSteps]);
  return catalog.steps
    .filter(
      (step) =>
        words.has(step.id) ||
        words.has(step.category) ||
        step.tags.some((tag) => words.has(tag)) ||
        step.id.split("/").some((part) => words.has(part)),
    )
    .map((step) => ({
      id: step.id,
      consumes: step.consumes.map((p) => p.type),
      produces: step.produces.map((p) => p.type),
      models: step.models.map((m) => ({ name: m.name, min_gpus: m.min_gpus })),
    }));
}
