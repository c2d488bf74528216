import { type Grader, quoteList, verdict } from "./shared.js";

/** The plan reports no finding with any listed code. */
export const gradeFindingCodesAbsent: Grader<string[]> = (codes, { result }) => {
  const found = result.plan?.findings ?? [];
  const failures = found
    .filter((f) => codes.includes(f.code))
    .map((f) => `unexpected ${f.code}: ${f.message}`);
  return verdict("findingCodesAbsent", failures, `no finding ${quoteList(codes)}`);
};
