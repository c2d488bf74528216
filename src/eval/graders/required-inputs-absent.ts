import { type Grader, quoteList, verdict } from "./shared.js";

/** The answer does not ask for values the user already gave. */
export const gradeRequiredInputsAbsent: Grader<string[]> = (keys, { result }) => {
  const asked = result.plan?.requiredInputs.map((r) => r.key) ?? [];
  const extra = keys.filter((k) => asked.includes(k));
  const failures = extra.length ? [`asked again for ${quoteList(extra)}`] : [];
  return verdict("requiredInputsAbsent", failures, `does not ask for ${quoteList(keys)}`);
};
