import type { ParamValue } from "../../planner/plan.js";
import { type Grader, lookup, sameValue, show, verdict } from "./shared.js";

interface ParamExpectation {
  step: string;
  key: string;
  equals: ParamValue;
}

/**
 * The value a stage gives `key`: the key itself, else a manifest parameter the config
 * nests ("seq_length" set as `recipe.seq_length`, `model.seq_length`, ...) when every
 * key it names holds one value.
 */
function settingOf(
  params: Record<string, unknown>,
  key: string,
): { found: boolean; value?: unknown } {
  const direct = lookup(params, key);
  if (direct.found) return direct;
  const nested = Object.entries(params).filter(([k]) => k.endsWith(`.${key}`));
  const [first] = nested;
  if (!first || !nested.every(([, v]) => sameValue(v, first[1]))) return { found: false };
  return { found: true, value: first[1] };
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
    const seen = mine.map((s) => settingOf(s.params, key));
    if (!seen.some((hit) => hit.found && sameValue(hit.value, equals))) {
      const got = seen.map((hit) => show(hit.value)).join(", ");
      failures.push(`${step} ${key} is ${got}, expected ${show(equals)}`);
    }
  }
  return verdict("params", failures, `${wanted.length} parameter(s) set as expected`);
};
