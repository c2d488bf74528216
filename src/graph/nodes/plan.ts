import { readEnvProfiles } from "../../act/index.js";
import { addUsage, type PlanProse } from "../../llm/index.js";
import { composePlan } from "../../planner/compose/index.js";
import type { PlanContext } from "../../planner/context.js";
import type { Finding, Plan } from "../../planner/plan.js";
import { renderAnswer } from "../../planner/render/index.js";
import type { Status } from "../../planner/result.js";
import { checkPlan } from "../../validators/index.js";
import { checkMemoryFit } from "../../validators/memory-fit/index.js";
import type { AgentDeps } from "../deps.js";
import { scaffoldForPlan } from "../explorer-plan.js";
import { checkoutSecrets, fillOpenValues, planProse, withProse } from "../model-assist.js";
import { reply } from "../reply.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";

/** Plan: compose the DAG, run the hard checks, render the answer. Writes nothing. */
export const plan =
  (deps: AgentDeps) =>
  async (state: AgentStateValue): Promise<AgentStateUpdate> => {
    const { checkout, intent } = state;
    if (!checkout || !intent) throw new Error("plan needs an oriented thread");
    const catalog = deps.catalogFor(checkout.root);
    const ctx: PlanContext = {
      catalog,
      catalogSource: checkout.source,
      intent,
      profiles: readEnvProfiles({ root: checkout.root, envFile: checkout.envFile }),
    };
    const rules = deps.planningRules();
    let draft = composePlan(ctx, rules);
    let usage = state.usage;
    const modelFindings: Finding[] = [...state.llmFindings];
    let prose: PlanProse | undefined;
    if (deps.llm) {
      const assist = {
        catalog,
        intent,
        userText: state.requests.join("\n"),
        secrets: checkoutSecrets(deps, checkout),
      };
      const filled = await fillOpenValues(deps, draft, assist);
      draft = filled.draft;
      const written = await planProse(deps, draft, assist);
      prose = written.prose;
      modelFindings.push(...filled.findings, ...written.findings);
      usage = addUsage(usage, filled.usage, written.usage);
    }
    const memory = checkMemoryFit(draft, ctx, rules, deps.memoryFitData());
    const findings = uniqueFindings([
      ...draft.findings,
      ...checkPlan(draft, ctx, rules),
      ...memory.findings,
      ...modelFindings,
    ]);
    const checked = { ...draft, findings, memory: memory.rows };
    const answer = renderAnswer(checked, ctx);
    const { scaffold, note } = scaffoldForPlan(deps, checkout, intent);
    const markdown = [withProse(answer.markdown, prose), note].filter(Boolean).join("\n\n");
    const result: Plan = { ...checked, ...answer, markdown };
    const approvable = needsApproval(result, scaffold !== null);
    return {
      currentPlan: result,
      scaffold,
      // A plan waiting for approval is shown by the interrupt; an answer ends the turn here.
      ...(approvable ? { markdown: result.markdown } : reply(result.markdown)),
      commands: result.commands,
      status: statusOf(result, approvable),
      approvalError: null,
      proposals: [],
      files: [],
      findings: [],
      actAttempts: 0,
      usage,
    };
  };

function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.stage ?? ""}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where the thread stands once a plan or answer exists. */
function statusOf(plan: Plan, approvable: boolean): Status {
  if (plan.route === "out_of_scope") return "out_of_scope";
  if (approvable) return plan.requiredInputs.length > 0 ? "needs_input" : "awaiting_approval";
  // A recommendation is an answer even when its example command still lacks values.
  if (plan.route === "recommendation") return "answered";
  if (plan.commands.some((c) => c.tier === "Blocked")) return "blocked";
  return plan.requiredInputs.length > 0 ? "needs_input" : "answered";
}

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
