import type { ModelValueRules } from "./rules.js";

export interface PlainProse {
  /** The kept sentences, as one paragraph of plain text. */
  text: string;
  /** What each dropped sentence was (`a command to run`, …), once per kind. */
  dropped: string[];
}

/** Sentence ends, and line breaks (a model's list item or heading is a sentence of its own). */
const SENTENCES = /(?:[^.!?\n]|[.!?](?![.!?]*(?:\s|$)))+(?:[.!?]+|\n|$)/gu;

/**
 * A model's prose reduced to plain explanation: every sentence holding
 * markup, a link, a command or a claim about approval or files is dropped
 * (the rules in `proseDrops` say which), control characters removed,
 * whitespace collapsed. The result never holds a line break.
 */
export function plainProse(text: string, rules: ModelValueRules): PlainProse {
  const dropped = new Set<string>();
  const kept: string[] = [];
  // Control and format characters (bidi overrides, zero-width) become spaces; line breaks stay.
  const clean = text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => (c === "\n" ? c : " "));
  for (const [sentence] of clean.matchAll(SENTENCES)) {
    const trimmed = sentence.trim();
    if (trimmed.length === 0) continue;
    const hit = rules.proseDrops.find((d) => d.pattern.test(trimmed));
    if (hit) dropped.add(hit.what);
    else kept.push(trimmed);
  }
  return { text: kept.join(" ").replace(/\s+/gu, " ").trim(), dropped: [...dropped] };
}
