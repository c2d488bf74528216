import { HumanMessage } from "@langchain/core/messages";
import type { Catalog } from "../../catalog/index.js";
import { addUsage, extractIntent } from "../../llm/index.js";
import type { Intent } from "../../planner/intent.js";
import { readIntent } from "../../planner/intent-reader/index.js";
import { redactText } from "../../secrets/index.js";
import type { AgentDeps } from "../deps.js";
import { checkoutSecrets } from "../model-assist.js";
import type { AgentStateUpdate, AgentStateValue, Checkout } from "../state.js";

/**
 * Orient: read the latest message into the thread's intent (merging a
 * follow-up into what is already known) and collect the candidate steps.
 */
export const orient =
  (deps: AgentDeps) =>
  async (state: AgentStateValue): Promise<AgentStateUpdate> => {
    const checkout = state.checkout ?? deps.defaultCheckout();
    const catalog = deps.catalogFor(checkout.root);
    const chat = chatRequest(state, checkout);
    const latest = chat?.request ?? state.requests.at(-1) ?? "";
    const offline = readIntent(latest, catalog, deps.intentRules(), state.intent);
    const base = {
      checkout,
      ...(chat ? { requests: [chat.request], messages: [chat.stored] } : {}),
    };
    if (!deps.llm) {
      return {
        ...base,
        intent: offline,
        candidates: candidateSteps(catalog, offline),
        llmFindings: [],
      };
    }
    // The model reads free text; the rule-based reading keeps every value the user typed.
    const read = await extractIntent({
      llm: deps.llm,
      text: latest,
      offlineIntent: offline,
      catalog,
      candidates: candidateSteps(catalog, offline),
      secrets: checkoutSecrets(checkout),
    });
    return {
      ...base,
      intent: read.intent,
      candidates: candidateSteps(catalog, read.intent),
      llmFindings: read.findings,
      usage: addUsage(state.usage, read.usage),
    };
  };

/**
 * A chat UI starts a turn with a human message instead of `requests`. Its
 * text becomes the request, with secrets redacted, and the stored message is
 * replaced (same id) by the redacted text.
 */
function chatRequest(state: AgentStateValue, checkout: Checkout) {
  const last = state.messages.at(-1);
  if (last?.getType() !== "human") return undefined;
  const request = redactText(last.text, checkoutSecrets(checkout));
  const stored = new HumanMessage({ content: request, ...(last.id ? { id: last.id } : {}) });
  return { request, stored };
}

/** Steps whose category, tags or id match a goal or a step the user named. */
function candidateSteps(catalog: Catalog, intent: Intent) {
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
