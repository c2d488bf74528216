import { readEnvProfiles } from "../../act/index.js";
import type { PlanProse } from "../../llm/index.js";
import { composePlan } from "../../planner/compose/index.js";
import type { PlanContext } from "../../planner/context.js";
import type { Finding, Plan } from "../../planner/plan.js";
import { withProvenance } from "../../planner/provenance.js";
import { renderAnswer } from "../../planner/render/index.js";
import { needsApproval, statusOf, uniqueFindings } from "../../planner/result.js";
import { checkPlanFit } from "../../validators/index.js";
import type { AgentDeps } from "../deps.js";
import { reply } from "../reply.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";
import { previewScaffold } from "./explorer.js";

/**
 * Plan: compose the DAG, let the model (if any) fill open values and write
 * prose, run the hard checks (a model value that makes one fail is withdrawn; a
 * failure that remains blocks approval with its fix), mark where every value came
 * from, render the answer. Writes nothing. The
 * answer is added as an AI message also when it stops for approval, so a chat
 * shows it.
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
    const composed = composePlan(ctx, rules);
    let { draft } = composed;
    let usage = state.usage;
    const modelFindings: Finding[] = [...state.llmFindings];
    let prose: PlanProse | undefined;
    let modelKeys = new Map<string, Set<string>>();
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
        planningRules: rules,
        recheck: (d) =>
          checkPlanFit({ draft: d, facts: composed.facts }, ctx, rules, deps.memoryFitData())
            .findings,
      });
      ({ draft, prose, modelKeys } = assisted);
      modelFindings.push(...assisted.findings);
      usage = addUsage(usage, assisted.usage);
    }
    const fit = checkPlanFit({ draft, facts: composed.facts }, ctx, rules, deps.memoryFitData());
    const findings = uniqueFindings([...draft.findings, ...fit.findings, ...modelFindings]);
    const planned = { ...draft, findings, memory: fit.memory };
    const checked = withProvenance(planned, intent, catalog, modelKeys);
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
