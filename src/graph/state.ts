import { MessagesValue, ReducedValue, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { IntentSchema } from "../planner/intent.js";
import { CommandSchema, FindingSchema, PlanSchema } from "../planner/plan.js";
import { StatusSchema, UsageSchema, WrittenFileSchema } from "../planner/result.js";

/** A reply to the approval interrupt, after normalisation. */
export const DecisionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("approve") }),
  z.object({ type: z.literal("revise"), text: z.string().min(1) }),
  z.object({ type: z.literal("answer"), text: z.string().min(1) }),
  z.object({ type: z.literal("reject") }),
]);
export type Decision = z.infer<typeof DecisionSchema>;

/** A config (or scaffold file) Act intends to create, before the write. */
export const ProposalSchema = z.object({
  path: z.string(),
  step: z.string(),
  sha256: z.string(),
});

/** The step an approved Explorer scaffold would create, decided at plan time. */
export const ScaffoldSummarySchema = z.object({
  stepId: z.string(),
  /** Folder of the new step relative to the checkout root. */
  dir: z.string(),
  files: z.array(z.string()),
});

/** Which checkout a thread works on; fixed at the first request of the thread. */
export const CheckoutSchema = z.object({
  root: z.string(),
  source: z.enum(["flag", "env", "cwd", "sample"]),
  /** `$NEMOTRON_ENV_FILE` as it was when the thread started (a path, never contents). */
  envFile: z.string().optional(),
});

export type Checkout = z.infer<typeof CheckoutSchema>;

/** Metadata of a step the plan may use: just what a reviewer or a model needs, not whole files. */
export const CandidateStepSchema = z.object({
  id: z.string(),
  consumes: z.array(z.string()),
  produces: z.array(z.string()),
  models: z.array(z.object({ name: z.string(), min_gpus: z.number().optional() })),
});

const append = <T extends z.ZodType>(item: T) =>
  new ReducedValue(
    z.array(item).default(() => []),
    {
      inputSchema: z.array(item),
      reducer: (current: z.infer<T>[], next: z.infer<T>[]) => [...current, ...next],
    },
  );

export const AgentState = new StateSchema({
  /** Every user message on this thread, oldest first (secrets redacted); nodes append, never rewrite. */
  requests: append(z.string()),
  /**
   * The chat transcript for chat UIs: a human message starts a turn (as an
   * alternative to `requests`), and each finished turn adds its answer.
   */
  messages: MessagesValue,
  /** The checkout this thread plans against. */
  checkout: CheckoutSchema.optional(),
  /** What the user wants, merged across follow-ups. */
  intent: IntentSchema.optional(),
  /** What the model proposed and the validators refused on this turn (LLM mode only). */
  llmFindings: z.array(FindingSchema).default(() => []),
  /** Metadata of the catalog steps considered for the current intent. */
  candidates: z.array(CandidateStepSchema).default(() => []),
  /** The current plan (or single-step answer), null before planning. */
  currentPlan: PlanSchema.nullable().default(null),
  /** The Explorer scaffold awaiting approval, null when the plan is not a scaffold. */
  scaffold: ScaffoldSummarySchema.nullable().default(null),
  /** The last valid approval reply. */
  decision: DecisionSchema.nullable().default(null),
  /** Why the last approval reply was refused (malformed, or values still missing). */
  approvalError: z.string().nullable().default(null),
  /** Configs Act builds for the approved plan, with their content hashes. */
  proposals: z.array(ProposalSchema).default(() => []),
  /** Files created (or found identical) in the checkout. */
  files: z.array(WrittenFileSchema).default(() => []),
  /** Findings of Act and Verify (plan findings live on the plan). */
  findings: z.array(FindingSchema).default(() => []),
  /** Commands that run the written configs, with their source tier. */
  commands: z.array(CommandSchema).default(() => []),
  /** Where the thread stands; drives the CLI exit code. */
  status: StatusSchema.default("answered"),
  /** The whole human-readable answer of the last turn. */
  markdown: z.string().default(""),
  /** Re-plans on this thread (revisions and answers), capped. */
  replans: z.number().int().default(0),
  /** Failed Act/Verify attempts for the current plan; two stop the run. */
  actAttempts: z.number().int().default(0),
  /** Model calls and tokens spent on this thread. */
  usage: UsageSchema.default({ llmCalls: 0, promptTokens: 0, completionTokens: 0 }),
});

export type AgentStateValue = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;
