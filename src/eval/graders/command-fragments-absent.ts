import { type Grader, quoteList, verdict } from "./shared.js";

/** No command contains any of the fragments (case-sensitive). */
export const gradeCommandFragmentsAbsent: Grader<string[]> = (fragments, { result }) => {
  const failures = result.commands.flatMap((c) => {
    const hits = fragments.filter((f) => c.command.includes(f));
    return hits.length ? [`command for ${c.step} contains ${quoteList(hits)}`] : [];
  });
  return verdict("commandFragmentsAbsent", failures, `no command contains ${quoteList(fragments)}`);
};
