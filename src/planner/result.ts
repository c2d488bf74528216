import { z } from "zod";
import { RouteSchema } from "./intent.js";
import { MemoryFitRowSchema } from "./memory-fit.js";
import {
  CommandSchema,
  type Finding,
  FindingSchema,
  ParamValueSchema,
  type Plan,
  ProvenanceSchema,
  RequiredInputSchema,
  StageInputSchema,
} from "./plan.js";

export const StatusSchema = z.enum([
  "awaiting_approval",
  /** A reply was accepted and the run is re-planning or writing; seen only mid-run. */
  "working",
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
      /** Where each param came from: `user` (with the request span), `catalog`, `rules` or `model`. */
      provenance: z.record(z.string(), ProvenanceSchema).optional(),
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
  /**
   * The thread is stopped for a reply (`resume`: approve, revise, answer). False for a
   * command that still lacks values: the values go in a new message on the thread.
   */
  pendingReply: z.boolean(),
  route: RouteSchema,
  markdown: z.string(),
  plan: PublicPlanSchema.nullable(),
  commands: z.array(CommandSchema),
  files: z.array(WrittenFileSchema),
  usage: UsageSchema,
});
export type AgentResult = z.infer<typeof AgentResultSchema>;

/**
 * Only answers that would write files stop for approval: a pipeline with
 * stages, or an Explorer scaffold for a named capability gap. Commands and
 * recommendations end after planning.
 */
export function needsApproval(plan: Plan | null, hasScaffold: boolean): boolean {
  if (!plan) return false;
  if (plan.route === "pipeline") return plan.stages.length > 0;
  return plan.route === "explorer" && hasScaffold;
}

/** Where the thread stands once a plan or answer exists. */
export function statusOf(plan: Plan, approvable: boolean): Status {
  if (plan.route === "out_of_scope") return "out_of_scope";
  if (approvable) return plan.requiredInputs.length > 0 ? "needs_input" : "awaiting_approval";
  // A recommendation is an answer even when its example command still lacks values.
  if (plan.route === "recommendation") return "answered";
  // Questions the user can answer keep the thread open; a missing profile or step needs a fix first.
  const blocked = plan.commands.filter((c) => c.tier === "Blocked");
  if (blocked.some((c) => c.unblockedBy !== "answer")) return "blocked";
  if (plan.requiredInputs.length > 0) return "needs_input";
  return blocked.length > 0 ? "blocked" : "answered";
}

/** A plan is waiting for a person's reply. */
export function awaitsReply(status: Status): boolean {
  return status === "awaiting_approval" || status === "needs_input";
}

/** Findings without repeats (same code, stage and message), first occurrence kept. */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.stage ?? ""}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
