import { type Grader, quoteList, verdict } from "./shared.js";

/** No phrase occurs in the markdown answer, ignoring case. */
export const gradePhrasesAbsent: Grader<string[]> = (phrases, { result }) => {
  const text = result.markdown.toLowerCase();
  const present = phrases.filter((p) => text.includes(p.toLowerCase()));
  const failures = present.length ? [`markdown must not contain ${quoteList(present)}`] : [];
  return verdict("phrasesAbsent", failures, `markdown avoids ${quoteList(phrases)}`);
};
