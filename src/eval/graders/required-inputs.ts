import { type Grader, quoteList, verdict } from "./shared.js";

/** The answer asks for each listed value. */
export const gradeRequiredInputs: Grader<string[]> = (keys, { result }) => {
  const asked = result.plan?.requiredInputs.map((r) => r.key) ?? [];
  const missing = keys.filter((k) => !asked.includes(k));
  const failures = missing.length
    ? [`not asked: ${quoteList(missing)} (asked: ${quoteList(asked)})`]
    : [];
  return verdict("requiredInputs", failures, `asks for ${quoteList(keys)}`);
};
