import { z } from "zod";
import { RouteSchema } from "./intent.js";
import { MemoryFitRowSchema } from "./memory-fit.js";
import {
  CommandSchema,
  FindingSchema,
  ParamValueSchema,
  RequiredInputSchema,
  StageInputSchema,
} from "./plan.js";

export const StatusSchema = z.enum([
  "awaiting_approval",
  "needs_input",
  "answered",
  "done",
  "blocked",
  "out_of_scope",
  "failed",
]);
export type Status = z.infer<typeof StatusSchema>;

export const UsageSchema = z.object({
  llmCalls: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** The plan as scripts see it (`--json`). */
export const PublicPlanSchema = z.object({
  name: z.string(),
  stages: z.array(
    z.object({
      id: z.string(),
      step: z.string(),
      consumes: z.array(StageInputSchema),
      produces: z.array(z.object({ type: z.string() })),
      params: z.record(z.string(), ParamValueSchema),
      configPath: z.string(),
    }),
  ),
  mermaid: z.string(),
  findings: z.array(FindingSchema),
  requiredInputs: z.array(RequiredInputSchema),
  /** Per-GPU memory estimate of each training stage (empty without a GPU count). */
  memory: z.array(MemoryFitRowSchema),
});

export const WrittenFileSchema = z.object({ path: z.string(), sha256: z.string() });

/** One answer of `ask` / `resume`: the object `--json` prints. */
export const AgentResultSchema = z.object({
  threadId: z.string(),
  status: StatusSchema,
  route: RouteSchema,
  markdown: z.string(),
  plan: PublicPlanSchema.nullable(),
  commands: z.array(CommandSchema),
  files: z.array(WrittenFileSchema),
  usage: UsageSchema,
});
export type AgentResult = z.infer<typeof AgentResultSchema>;
