/** Rewrites that move clauses no other clause depends on. */

import { phrasesOf } from "./count-families.js";
import { distinct, lowerFirst, type RewriteFamily, upperFirst } from "./family.js";
import type { HardwarePhrase } from "./hardware-phrases.js";
import { protectedSpans, replaceSpans, type Span } from "./spans.js";

const PREPOSITION = /(?:^|[\s,])(on|with|using|across)\s+$/iu;

/**
 * A hardware clause that ends the request or a comma-separated part of it moves to the front:
 * the GPUs belong to the whole request, so no other clause depends on where they are said.
 */
function movedHardwareClause(text: string, phrase: HardwarePhrase): string | undefined {
  const before = text.slice(0, phrase.start);
  const after = text.slice(phrase.end);
  const ending = /^\s*[.!]?\s*$/u.test(after);
  if (!ending && !/^\s*,/u.test(after)) return undefined;
  const prep = PREPOSITION.exec(before);
  let clauseStart: number;
  let clause: string;
  if (prep?.[1]) {
    clauseStart = before.length - prep[0].length + (prep[0].length - prep[0].trimStart().length);
    clause = text.slice(clauseStart, phrase.end);
  } else if (/,\s*$/u.test(before)) {
    clauseStart = before.length;
    clause = `${phrase.total !== undefined && phrase.nodes === undefined ? "with" : "on"} ${text.slice(phrase.start, phrase.end)}`;
  } else {
    return undefined;
  }
  const head = text.slice(0, clauseStart).replace(/[\s,]+$/u, "");
  if (!head) return undefined;
  const tail = ending ? after.trim() : after.replace(/^\s*,\s*/u, ", ");
  const rest = `${head}${tail.startsWith(",") || !tail ? tail : ` ${tail}`}`;
  return `${upperFirst(clause)}, ${lowerFirst(rest)}`;
}

export const clauseOrder: RewriteFamily = {
  id: "clause-order",
  summary: "a hardware clause moved to the front (On 2 nodes of 8x H100, SFT ...)",
  rewrites: (text) =>
    distinct(
      text,
      phrasesOf(text).map((p) => movedHardwareClause(text, p)),
    ),
};

/** The label before a value: "data ", "checkpoints to ", "our preference pairs at ". */
const VALUE_LABEL =
  /(?:^|\s)((?:my\s+|our\s+|the\s+)?(?:training\s+)?(?:data|output|outputs|checkpoints?|adapter|prompts|preference\s+pairs|results)\s+(?:(?:at|to|in|under|into)\s+)?)$/iu;

/**
 * Two neighbouring clauses (split at commas and "and") that each end in one labelled value
 * ("data /d.jsonl, output /o") trade their labelled values: each says what its own value is,
 * so neither depends on the other. The later clause must be nothing but the labelled value,
 * the earlier one may be "... with data /d".
 */
function swappedValueClauses(text: string): string[] {
  const spans = protectedSpans(text);
  const parts: Span[] = [];
  let from = 0;
  for (const m of text.matchAll(/,\s+|\s+and\s+/gu)) {
    const at = m.index ?? 0;
    if (spans.some((s) => s.start <= at && at < s.end)) continue;
    parts.push({ start: from, end: at });
    from = at + m[0].length;
  }
  parts.push({ start: from, end: text.length });
  /** The labelled value that ends part `p`, from its label on. */
  const tail = (p: Span): Span | undefined => {
    const value = spans.find((s) => s.start >= p.start && s.end === p.end);
    if (!value) return undefined;
    const label = VALUE_LABEL.exec(text.slice(p.start, value.start))?.[1];
    if (!label) return undefined;
    const start = value.start - label.length;
    // A label inside a longer noun phrase ("my HF SFT checkpoint /x") is not a clause of its own.
    const opens = start === p.start || /\bwith\s+$/u.test(text.slice(p.start, start));
    return opens ? { start, end: p.end } : undefined;
  };
  const out: string[] = [];
  for (let i = 0; i + 1 < parts.length; i++) {
    const a = parts[i] && tail(parts[i] as Span);
    const b = parts[i + 1] && tail(parts[i + 1] as Span);
    if (!a || !b || b.start !== parts[i + 1]?.start) continue;
    out.push(
      replaceSpans(text, [
        { ...a, text: text.slice(b.start, b.end) },
        { ...b, text: text.slice(a.start, a.end) },
      ]),
    );
  }
  return distinct(text, out);
}

export const clauseSwap: RewriteFamily = {
  id: "clause-swap",
  summary:
    "two clauses that each label a value trade places (data /d, output /o → output /o, data /d)",
  rewrites: swappedValueClauses,
};
