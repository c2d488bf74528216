import { Command, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { candidateSteps } from "../../planner/candidates.js";
import { readIntent } from "../../planner/intent-reader/index.js";
import type { AgentDeps } from "../deps.js";
import { type AgentStateValue, CheckoutSchema } from "../state.js";
import { readTurn } from "../turn.js";

/**
 * Orient: read this turn's input into the thread's intent (merging a
 * follow-up into what is already known) and collect the candidate steps. A
 * message that answers a waiting plan goes to approval instead.
 */
export const orient =
  (deps: AgentDeps) => async (state: AgentStateValue, config: LangGraphRunnableConfig) => {
    // A thread keeps its first checkout: given by the session in the run's config, else `repo`.
    const given = CheckoutSchema.safeParse(config.configurable?.checkout);
    const checkout = state.checkout ?? (given.success ? given.data : deps.checkoutFor(state.repo));
    const turn = readTurn(state, deps.secretsFor(checkout));
    if (turn.kind === "reply") {
      return new Command({
        goto: "approval",
        update: { ...turn.update, checkout, typedReply: turn.decision },
      });
    }
    const catalog = deps.catalogFor(checkout.root);
    const offline = readIntent(turn.text, catalog, deps.intentRules(), state.intent);
    const base = { ...turn.update, checkout };
    const llm = await deps.llm();
    if (!llm) {
      const update = { intent: offline, candidates: candidateSteps(catalog, offline) };
      return new Command({ goto: "plan", update: { ...base, ...update, llmFindings: [] } });
    }
    // The model reads free text; the rule-based reading keeps every value the user typed.
    // The LLM modules load only here, so an offline turn never imports them.
    const { addUsage, extractIntent } = await import("../../llm/index.js");
    const read = await extractIntent({
      llm,
      text: turn.text,
      offlineIntent: offline,
      catalog,
      candidates: candidateSteps(catalog, offline),
      secrets: deps.secretsFor(checkout),
    });
    return new Command({
      goto: "plan",
      update: {
        ...base,
        intent: read.intent,
        candidates: candidateSteps(catalog, read.intent),
        llmFindings: read.findings,
        usage: addUsage(state.usage, read.usage),
      },
    });
  };
