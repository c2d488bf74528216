import type { AgentResult } from "../../planner/result.js";
import { gradeExpect } from "../grade.js";
import type { GradeCatalog, GradeContext, GradeOutcome } from "../graders/shared.js";
import type { Check } from "./outcome.js";
import type { BehaviourCheck } from "./skill-evals.js";

/** Grade one answer against a task's behaviour checks, one Check per behaviour, in order. */
export function gradeBehaviours(
  behaviours: readonly BehaviourCheck[],
  result: AgentResult,
  catalog: GradeCatalog,
): Check[] {
  const ctx: GradeContext = {
    result,
    history: [result],
    catalog,
    fileTexts: {},
    extraTexts: [],
    canaries: [],
  };
  return behaviours.map((behaviour, i) => {
    const check = gradeBehaviour(behaviour, ctx, `behaviour ${i + 1}`);
    const rest = behaviour.judgement && (behaviour.expect || behaviour.anyOf);
    const about = rest
      ? `${behaviour.check} Left to judgement: ${behaviour.judgement}`
      : behaviour.check;
    return { ...check, about };
  });
}

/** `expect` must pass in full and, when `anyOf` is given, at least one of its blocks too. */
function gradeBehaviour(behaviour: BehaviourCheck, ctx: GradeContext, name: string): Check {
  if (!behaviour.expect && !behaviour.anyOf) {
    return { answer: 0, check: name, status: "judgement", reason: behaviour.judgement ?? "" };
  }
  const base = behaviour.expect ? gradeExpect(behaviour.expect, ctx) : [];
  const alternatives = (behaviour.anyOf ?? []).map((expect) => gradeExpect(expect, ctx));
  const chosen = alternatives.find((outcomes) => outcomes.every((o) => o.pass));
  const baseFailed = base.filter((o) => !o.pass);
  if (baseFailed.length === 0 && (alternatives.length === 0 || chosen)) {
    return {
      answer: 0,
      check: name,
      status: "pass",
      reason: describe([...base, ...(chosen ?? [])]),
    };
  }
  const parts = baseFailed.length ? [describe(baseFailed)] : [];
  if (alternatives.length && !chosen) {
    const each = alternatives.map((outcomes) => describe(outcomes.filter((o) => !o.pass)));
    parts.push(`none of: ${each.join(" | ")}`);
  }
  return { answer: 0, check: name, status: "fail", reason: parts.join("; ") };
}

function describe(outcomes: readonly GradeOutcome[]): string {
  return outcomes.map((o) => `[${o.grader}] ${o.reason}`).join("; ");
}
