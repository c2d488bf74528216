import type { ParamValue } from "../../planner/plan.js";
import { type Grader, lookup, sameValue, show, verdict } from "./shared.js";

interface ParamExpectation {
  step: string;
  key: string;
  equals: ParamValue;
}

/** Some stage of `step` sets `key` to the value. */
export const gradeParams: Grader<ParamExpectation[]> = (wanted, { result }) => {
  const stages = result.plan?.stages ?? [];
  const failures: string[] = [];
  for (const { step, key, equals } of wanted) {
    const mine = stages.filter((s) => s.step === step);
    if (mine.length === 0) {
      failures.push(`no ${step} stage`);
      continue;
    }
    const seen = mine.map((s) => lookup(s.params, key));
    if (!seen.some((hit) => hit.found && sameValue(hit.value, equals))) {
      const got = seen.map((hit) => show(hit.value)).join(", ");
      failures.push(`${step} ${key} is ${got}, expected ${show(equals)}`);
    }
  }
  return verdict("params", failures, `${wanted.length} parameter(s) set as expected`);
};
