import { ReducedValue, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { CandidateStepSchema } from "../planner/candidates.js";
import { IntentSchema } from "../planner/intent.js";
import { CommandSchema, FindingSchema, PlanSchema } from "../planner/plan.js";
import { StatusSchema, UsageSchema, WrittenFileSchema } from "../planner/result.js";
import { MaskedMessagesValue, MaskedText } from "./masked-channels.js";

/**
 * A reply to the approval interrupt, after normalisation (every UI's reply
 * form maps to one); its text is masked like every user text a channel keeps.
 */
export const DecisionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("approve") }),
  z.object({ type: z.literal("revise"), text: MaskedText.pipe(z.string().min(1)) }),
  z.object({ type: z.literal("answer"), text: MaskedText.pipe(z.string().min(1)) }),
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

const append = <T extends z.ZodType>(item: T) =>
  new ReducedValue(
    z.array(item).default(() => []),
    {
      inputSchema: z.array(item),
      reducer: (current: z.infer<T>[], next: z.infer<T>[]) => [...current, ...next],
    },
  );

/**
 * Channels shared by the state, input and output schemas. One object per
 * channel, so each schema refers to the same definition.
 */
const channels = {
  /** Every user message on this thread, oldest first (secrets redacted); nodes append, never rewrite. */
  requests: append(MaskedText),
  /**
   * The chat transcript for chat UIs: a human message starts a turn (as an
   * alternative to `requests`), and each plan and answer is added as an AI message.
   * Message content is masked on the way in.
   */
  messages: MaskedMessagesValue,
  /** A Nemotron checkout for a new thread (else `$NEMOTRON_REPO`, else the bundled sample). */
  repo: z.string().optional(),
  /** Where the thread stands; drives the CLI exit code. */
  status: StatusSchema.default("answered"),
  /** The whole human-readable answer of the last turn. */
  markdown: z.string().default(""),
  /** The current plan (or single-step answer), null before planning. */
  currentPlan: PlanSchema.nullable().default(null),
  /** Files created (or found identical) in the checkout. */
  files: z.array(WrittenFileSchema).default(() => []),
  /** Commands that run the written configs, with their source tier. */
  commands: z.array(CommandSchema).default(() => []),
};

export const AgentState = new StateSchema({
  ...channels,
  /** How many entries of `requests` have been read into the intent. */
  requestsRead: z.number().int().default(0),
  /** Id of the last human message read, so a turn reads only its own message. */
  messageRead: z.string().nullable().default(null),
  /** A reply typed as a chat message while a plan waited, handed from orient to approval. */
  typedReply: DecisionSchema.nullable().default(null),
  /** The checkout this thread plans against. */
  checkout: CheckoutSchema.optional(),
  /** What the user wants, merged across follow-ups. */
  intent: IntentSchema.optional(),
  /** What the model proposed and the validators refused on this turn (LLM mode only). */
  llmFindings: z.array(FindingSchema).default(() => []),
  /** Metadata of the catalog steps considered for the current intent. */
  candidates: z.array(CandidateStepSchema).default(() => []),
  /** The Explorer scaffold awaiting approval, null when the plan is not a scaffold. */
  scaffold: ScaffoldSummarySchema.nullable().default(null),
  /** The last valid approval reply. */
  decision: DecisionSchema.nullable().default(null),
  /** Why the last approval reply was refused (malformed, or values still missing). */
  approvalError: z.string().nullable().default(null),
  /** Configs Act builds for the approved plan, with their content hashes. */
  proposals: z.array(ProposalSchema).default(() => []),
  /** Findings of Act and Verify (plan findings live on the plan). */
  findings: z.array(FindingSchema).default(() => []),
  /** Re-plans on this thread (revisions and answers), capped. */
  replans: z.number().int().default(0),
  /** Failed Act/Verify attempts for the current plan; two stop the run. */
  actAttempts: z.number().int().default(0),
  /** Model calls and tokens spent on this thread. */
  usage: UsageSchema.default({ llmCalls: 0, promptTokens: 0, completionTokens: 0 }),
});

/** What a run takes: a chat message or a request, and optionally the checkout for a new thread. */
export const AgentInput = new StateSchema({
  messages: channels.messages,
  requests: channels.requests,
  repo: channels.repo,
});

/**
 * What a run gives back: where the thread stands, the answer, the plan, files
 * and commands (`currentPlan`: a channel cannot share the `plan` node's name).
 */
export const AgentOutput = new StateSchema({
  status: channels.status,
  markdown: channels.markdown,
  currentPlan: channels.currentPlan,
  files: channels.files,
  commands: channels.commands,
});

export type AgentStateValue = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;
