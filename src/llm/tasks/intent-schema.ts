import { z } from "zod";
import {
  DataSchema,
  ExecutorSchema,
  GoalSchema,
  HardwareSchema,
  IntentSchema,
  RouteSchema,
  TranslationSchema,
} from "../../planner/intent.js";

/**
 * What the model may propose for an Intent: the interpretive fields of
 * `IntentSchema` plus the few concrete ones it may have read that the rules
 * missed. Everything is optional; the merge decides what is kept.
 */
export const IntentProposalSchema = z.object({
  route: RouteSchema.optional(),
  goals: z.array(GoalSchema).optional(),
  /** Base model id or catalog model name. */
  model: z.string().optional(),
  /** Catalog step ids the request names or clearly needs. */
  steps: z.array(z.string()).optional(),
  hardware: HardwareSchema.pick({
    nodes: true,
    gpusPerNode: true,
    totalGpus: true,
    gpuType: true,
  }).optional(),
  executor: ExecutorSchema.shape.kind,
  data: z
    .object({
      paths: z.array(z.string()),
      format: DataSchema.shape.format,
      kind: DataSchema.shape.kind,
      languages: z.array(z.string()),
      has: z.array(z.string()),
    })
    .partial()
    .optional(),
  translation: TranslationSchema.pick({ source: true, target: true, backend: true }).optional(),
  backend: IntentSchema.shape.backend,
  lora: z.boolean().optional(),
  evalTasks: z.array(z.string()).optional(),
  qualityClaim: z.boolean().optional(),
  gap: z.string().optional(),
});
export type IntentProposal = z.infer<typeof IntentProposalSchema>;
