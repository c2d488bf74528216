import { type Grader, quoteList, verdict } from "./shared.js";

/** Each phrase occurs in the markdown answer, ignoring case. */
export const gradePhrases: Grader<string[]> = (phrases, { result }) => {
  const text = result.markdown.toLowerCase();
  const missing = phrases.filter((p) => !text.includes(p.toLowerCase()));
  const failures = missing.length ? [`markdown lacks ${quoteList(missing)}`] : [];
  return verdict("phrases", failures, `markdown mentions ${quoteList(phrases)}`);
};
