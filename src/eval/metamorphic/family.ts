/**
 * What a rewrite family is. Each family changes one kind of wording and applies only where its
 * own grammar recognizes the words it changes; protected values (paths, ids, overrides, quoted
 * strings) are never touched.
 */
import { z } from "zod";

export const FamilyIdSchema = z.enum([
  "digits-words",
  "digits-words-values",
  "hardware-phrasing",
  "clause-order",
  "clause-swap",
  "goal-verb",
  "goal-verb-train",
  "model-alias",
  "polite-filler",
  "polite-question",
  "casing",
]);
export type FamilyId = z.infer<typeof FamilyIdSchema>;

export interface RewriteFamily {
  id: FamilyId;
  /** What the family changes, in a few words (shown in the report). */
  summary: string;
  /** Every distinct rewrite of `text` (never `text` itself); empty where the family does not apply. */
  rewrites(text: string): string[];
}

/** The candidates that differ from `text`, each once, in order. */
export function distinct(text: string, candidates: ReadonlyArray<string | undefined>): string[] {
  const out = new Set<string>();
  for (const c of candidates) if (c !== undefined && c !== text) out.add(c);
  return [...out];
}

/** A capitalised ordinary word ("Fine-tune", "Pack") starts lower-case after a moved clause. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]+(?:-[a-z]+)*\b/u.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

/** The first character in upper case ("on 2 nodes" starts a sentence as "On 2 nodes"). */
export function upperFirst(text: string): string {
  return text ? (text[0]?.toUpperCase() ?? "") + text.slice(1) : text;
}
