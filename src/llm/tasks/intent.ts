import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { Catalog } from "../../catalog/index.js";
import type { Intent } from "../../planner/intent.js";
import { withoutUndefined } from "../../planner/intent-reader/merge.js";
import type { Finding } from "../../planner/plan.js";
import type { Usage } from "../../planner/result.js";
import { type KnownSecrets, redactText } from "../../secrets/index.js";
import { catalogBrief } from "../catalog-brief.js";
import type { LlmClient } from "../client.js";
import { dataBlock, fillPrompt } from "../prompts.js";
import { failureSummary, unusableFinding } from "../repair.js";
import { callStructured } from "../structured.js";
import { mergeIntent } from "./intent-merge.js";
import { IntentProposalSchema } from "./intent-schema.js";

export interface ExtractIntentInput {
  llm: LlmClient;
  /** The latest user message. Only its redacted form is sent. */
  text: string;
  /** The rule-based reading of the same message (merged with the thread so far). */
  offlineIntent: Intent;
  catalog: Catalog;
  /** Steps the rules consider for this request: sent with models and parameter names. */
  candidates: readonly { id: string }[];
  secrets: KnownSecrets;
}

export interface ExtractIntentResult {
  intent: Intent;
  findings: Finding[];
  usage: Usage;
}

/**
 * Let the model read the request into an Intent, then merge that reading
 * into the rule-based one (see `mergeIntent`). One call when the endpoint
 * answers well; an unusable reply leaves the rule-based intent as it was,
 * with a warning.
 */
export async function extractIntent(input: ExtractIntentInput): Promise<ExtractIntentResult> {
  const { llm, offlineIntent, catalog, secrets } = input;
  // The reader already masked credentials it recognised in its stored copy of the message.
  const request = redactText(offlineIntent.requests.at(-1) ?? input.text, secrets);
  const prompt = fillPrompt("intent", {
    catalog: dataBlock(
      "catalog-data",
      redactText(
        catalogBrief(
          catalog,
          input.candidates.map((c) => c.id),
        ),
        secrets,
      ),
    ),
    offline: dataBlock(
      "rules-reading",
      redactText(JSON.stringify(offlineSummary(offlineIntent) ?? {}), secrets),
    ),
    request: dataBlock("user-request", request),
  });
  const result = await callStructured({
    client: llm,
    schema: IntentProposalSchema,
    name: "intent",
    description: "The structured reading of a model-customization request.",
    messages: [new SystemMessage(prompt.system), new HumanMessage(prompt.user)],
  });
  // The stored history is output too: mask env-file secrets the reader could not know.
  const base = {
    ...offlineIntent,
    requests: offlineIntent.requests.map((r) => redactText(r, secrets)),
  };
  if (result.value === undefined) {
    const findings = [unusableFinding("intent", failureSummary(result.failures))];
    return { intent: base, findings, usage: result.usage };
  }
  const merged = mergeIntent(base, result.value, { catalog, text: request, secrets });
  return { ...merged, usage: result.usage };
}

/** The rules' reading without the message history and without empty fields. */
function offlineSummary(intent: Intent): unknown {
  const { requests: _history, ...rest } = intent;
  return prune(withoutUndefined(rest));
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? value : undefined;
  if (typeof value !== "object" || value === null) return value === false ? undefined : value;
  const entries = Object.entries(value)
    .map(([k, v]) => [k, prune(v)] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
