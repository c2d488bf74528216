import { type Grader, quoteList, verdict } from "./shared.js";

/** Each fragment occurs verbatim (case-sensitive) in at least one command. */
export const gradeCommandFragments: Grader<string[]> = (fragments, { result }) => {
  const commands = result.commands.map((c) => c.command);
  if (commands.length === 0) return verdict("commandFragments", ["the answer has no commands"], "");
  const missing = fragments.filter((f) => !commands.some((c) => c.includes(f)));
  const failures = missing.length
    ? [`no command contains ${quoteList(missing)} (commands: ${commands.join(" | ")})`]
    : [];
  return verdict("commandFragments", failures, `commands contain ${quoteList(fragments)}`);
};
