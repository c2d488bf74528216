import { readEnvProfiles } from "../../act/index.js";
import { composePlan } from "../../planner/compose/index.js";
import type { PlanContext } from "../../planner/context.js";
import type { Intent } from "../../planner/intent.js";
import type { Finding, Plan } from "../../planner/plan.js";
import { renderAnswer } from "../../planner/render/index.js";
import type { Status } from "../../planner/result.js";
import { checkPlan } from "../../validators/index.js";
import type { AgentDeps } from "../deps.js";
import type { AgentStateUpdate, AgentStateValue } from "../state.js";

/** Plan: compose the DAG, run the hard checks, render the answer. Writes nothing. */
export const plan =
  (deps: AgentDeps) =>
  (state: AgentStateValue): AgentStateUpdate => {
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
    const draft = composePlan(ctx, rules);
    const checked = {
      ...draft,
      findings: uniqueFindings([...draft.findings, ...checkPlan(draft, ctx, rules)]),
    };
    const answer = renderAnswer(checked, ctx);
    const result: Plan = { ...checked, ...answer };
    return {
      currentPlan: result,
      markdown: result.markdown,
      commands: result.commands,
      status: statusOf(result, needsApproval(result, intent)),
      approvalError: null,
      proposals: [],
      files: [],
      findings: [],
      actAttempts: 0,
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
  if (plan.commands.some((c) => c.tier === "Blocked")) return "blocked";
  return plan.requiredInputs.length > 0 ? "needs_input" : "answered";
}

/**
 * Only answers that would write files stop for approval: a pipeline with
 * stages, or an Explorer scaffold for a named capability gap. Commands and
 * recommendations end after planning.
 */
export function needsApproval(plan: Plan | null, intent: Intent | undefined): boolean {
  if (!plan) return false;
  if (plan.route === "pipeline") return plan.stages.length > 0;
  return plan.route === "explorer" && Boolean(intent?.gap);
}
