import { type Grader, quoteList, verdict } from "./shared.js";

/** The plan reports a finding with each listed code. */
export const gradeFindingCodes: Grader<string[]> = (codes, { result }) => {
  const found = result.plan?.findings.map((f) => f.code) ?? [];
  const missing = codes.filter((c) => !found.includes(c));
  const failures = missing.length
    ? [`no finding ${quoteList(missing)} (found: ${quoteList(found)})`]
    : [];
  return verdict("findingCodes", failures, `findings include ${quoteList(codes)}`);
};
