import { readEnvProfiles } from "../../act/index.js";
import type { PlanProse } from "../../llm/index.js";
import { composePlan } from "../../planner/compose/index.js";
import type { PlanContext } from "../../planner/context.js";
import type { Finding, Plan } from "../../planner/plan.js";
import { renderAnswer } from "../../planner/render/index.js";
import { needsApproval, statusOf, uniqueFindings } from "../../planner/result.js";
import { checkPlan } from "../../validators/index.js";
import { checkMemoryFit } from "../../validators/memory-fit/index.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";
import { previewScaffold } from "./explorer.js";

/**
 * Plan: compose the DAG, let the model (if any) fill open values and write
 * prose, run the hard checks, render the answer. Writes nothing. The answer is
 * added as an AI message also when it stops for approval, so a chat shows it.
 */
export const plan =
  (deps: AgentDeps) =>
  async (state: AgentStateValue): Promise<AgentStateUpdate> => {
    const { checkout, intent } = state;
    if (!checkout || !intent) throw new Error("plan needs an oriented thread");
    const catalog = deps.catalogFor(checkout.root);
    const profiles = readEnvProfiles({ root: checkout.root, envFile: checkout.envFile });
    const ctx: PlanContext = { catalog, catalogSource: checkout.source, intent, profiles };
    const rules = deps.planningRules();
    let draft = composePlan(ctx, rules);
    let usage = state.usage;
    const modelFindings: Finding[] = [...state.llmFindings];
    let prose: PlanProse | undefined;
    const llm = await deps.llm();
    if (llm) {
      const { addUsage, assistPlan } = await import("../../llm/index.js");
      const assisted = await assistPlan({
        llm,
        draft,
        catalog,
        intent,
        userText: state.requests.join("\n"),
        secrets: deps.secretsFor(checkout),
        pathPattern: deps.intentRules().literals.pathPrefix,
      });
      ({ draft, prose } = assisted);
      modelFindings.push(...assisted.findings);
      usage = addUsage(usage, assisted.usage);
    }
    const memory = checkMemoryFit(draft, ctx, rules, deps.memoryFitData());
    const findings = uniqueFindings([
      ...draft.findings,
      ...checkPlan(draft, ctx, rules),
      ...memory.findings,
      ...modelFindings,
    ]);
    const checked = { ...draft, findings, memory: memory.rows };
    const { scaffold, note } = await previewScaffold(deps, catalog, intent);
    const result: Plan = { ...checked, ...renderAnswer(checked, ctx, { prose, note }) };
    return {
      currentPlan: result,
      scaffold,
      ...reply(result.markdown),
      commands: result.commands,
      status: statusOf(result, needsApproval(result, scaffold !== null)),
      approvalError: null,
      typedReply: null,
      proposals: [],
      files: [],
      findings: [],
      actAttempts: 0,
      usage,
    };
  };
