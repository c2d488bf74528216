import type { Catalog } from "../../catalog/index.js";
import type { Intent } from "../../planner/intent.js";
import { readIntent } from "../../planner/intent-reader/index.js";
import type { AgentDeps } from "../deps.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";

/**
 * Orient: read the latest message into the thread's intent (merging a
 * follow-up into what is already known) and collect the candidate steps.
 */
export const orient =
  (deps: AgentDeps) =>
  (state: AgentStateValue): AgentStateUpdate => {
    const checkout = state.checkout ?? deps.defaultCheckout();
    const catalog = deps.catalogFor(checkout.root);
    const latest = state.requests.at(-1) ?? "";
    const intent = readIntent(latest, catalog, deps.intentRules(), state.intent);
    return { checkout, intent, candidates: candidateSteps(catalog, intent) };
  };

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
