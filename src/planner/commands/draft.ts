import type { z } from "zod";
import { PlanSchema } from "../plan.js";

/** A plan before rendering: what the composer produces and the renderers turn into text. */
export const PlanDraftSchema = PlanSchema.omit({ markdown: true, mermaid: true, commands: true });
export type PlanDraft = z.infer<typeof PlanDraftSchema>;
