import type { CueSpec } from "./rules-schema.js";

/** One regex match, with its named groups. */
export interface Hit {
  start: number;
  end: number;
  text: string;
  groups: Readonly<Record<string, string | undefined>>;
}

/** Named regex fragments (`{NUM}`, `{GPU}` ...) substituted into rule patterns. */
export type Placeholders = ReadonlyMap<string, string>;

export class IntentRulesError extends Error {
  override readonly name = "IntentRulesError";
}

const ALNUM = /[\p{L}\p{N}]/u;
const SEPARATOR = /[\s_-]/u;
const BEFORE_WORD = "(?<![\\p{L}\\p{N}_])";
const AFTER_WORD = "(?![\\p{L}\\p{N}_])";

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * Regex source for a literal phrase. A run of spaces, hyphens or underscores
 * between two letters/digits matches any such run or none, so "fine tune"
 * also finds "fine-tune", "fine_tune" and "finetune".
 */
export function phraseSource(phrase: string): string {
  const chars = [...phrase.trim()];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? "";
    const prev = chars[i - 1];
    if (SEPARATOR.test(c) && prev !== undefined && ALNUM.test(prev)) {
      let j = i;
      while (j < chars.length && SEPARATOR.test(chars[j] ?? "")) j++;
      const next = chars[j];
      if (next !== undefined && ALNUM.test(next)) {
        out += "[\\s_-]*";
        i = j - 1;
        continue;
      }
    }
    out += escapeRegExp(c);
  }
  return out;
}

/** A phrase ending in a verb, in its base, -s, -ed and -ing forms: "fine tune" → "fine tuned", … */
export function verbForms(phrase: string): string[] {
  const match = /^(?<head>.*?)(?<verb>[a-z]+)$/iu.exec(phrase.trim());
  const head = match?.groups?.head ?? "";
  const verb = match?.groups?.verb;
  if (!verb) return [phrase];
  const stem = verb.endsWith("e") && !verb.endsWith("ee") ? verb.slice(0, -1) : verb;
  const third = /(?:s|x|z|ch|sh)$/u.test(verb) ? `${verb}es` : `${verb}s`;
  return [verb, third, `${stem}ed`, `${stem}ing`].map((form) => head + form);
}

/** Alternation of phrases, longest first so the longest phrase wins at one position. */
export function phrasesSource(phrases: readonly string[]): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map(phraseSource)
    .join("|");
}

/** A phrase list as a whole-word regex source, or undefined when empty. */
export function wordsSource(phrases: readonly string[]): string | undefined {
  if (phrases.length === 0) return undefined;
  return `${BEFORE_WORD}(?:${phrasesSource(phrases)})${AFTER_WORD}`;
}

export function expandPlaceholders(
  source: string,
  placeholders: Placeholders,
  where: string,
): string {
  return source.replace(/(?<!\\[pP])\{([A-Z][A-Z_]*)\}/g, (_match, name: string) => {
    const fragment = placeholders.get(name);
    if (fragment === undefined)
      throw new IntentRulesError(`${where}: unknown placeholder {${name}}`);
    return `(?:${fragment})`;
  });
}

/** Compile one rule pattern (placeholders expanded), naming the rule on failure. */
export function compilePattern(
  source: string,
  where: string,
  placeholders: Placeholders,
  caseSensitive = false,
): RegExp {
  const expanded = expandPlaceholders(source, placeholders, where);
  try {
    return new RegExp(expanded, caseSensitive ? "gu" : "giu");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IntentRulesError(`${where}: invalid pattern: ${reason}`);
  }
}

/** A non-global regex (anchored tests, lookups), naming the rule on failure. */
export function compilePlain(source: string, where: string, flags = "iu"): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IntentRulesError(`${where}: invalid pattern: ${reason}`);
  }
}

/** Every match of a global regex in `text`. */
export function hitsOf(re: RegExp, text: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    hits.push({ start: m.index, end: m.index + m[0].length, text: m[0], groups: m.groups ?? {} });
  }
  return hits;
}

/** The longest matches that do not overlap (earlier wins a tie), in text order. */
export function longestFirst<T extends Hit>(hits: readonly T[]): T[] {
  const ranked = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Claimed offsets: each hit checks only its own span, so the cost stays linear in text size.
  const taken = new Uint8Array(hits.reduce((max, h) => Math.max(max, h.end), 0));
  const kept: T[] = [];
  for (const hit of ranked) {
    let free = true;
    for (let i = hit.start; i < hit.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, hit.start, hit.end);
    kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * A compiled cue: phrases and patterns folded into one regex. The whole-word
 * lookarounds around the phrases make that regex costly for the engine to
 * compile (Unicode letter classes, case-folded), and most cues never match a
 * given request. So each cue also keeps a screen, the same alternation without
 * those lookarounds: dropping an assertion only admits more matches, so where
 * the screen finds nothing the cue cannot match, and the cue's own regex is
 * built and run only where the screen finds something.
 */
export class Cue {
  private full: RegExp | undefined;

  constructor(
    private readonly source: string | undefined,
    private readonly flags = "giu",
    private readonly screen?: RegExp,
  ) {}

  hits(text: string): Hit[] {
    const re = this.regexFor(text);
    return re ? hitsOf(re, text) : [];
  }

  test(text: string): boolean {
    const re = this.regexFor(text);
    if (!re) return false;
    re.lastIndex = 0;
    const found = re.test(text);
    re.lastIndex = 0;
    return found;
  }

  first(text: string): Hit | undefined {
    return this.hits(text)[0];
  }

  /** The cue's regex, or undefined when it has none or its screen rules `text` out. */
  private regexFor(text: string): RegExp | undefined {
    if (this.source === undefined) return undefined;
    if (this.screen && !this.screen.test(text)) return undefined;
    this.full ??= new RegExp(this.source, this.flags);
    return this.full;
  }
}

export function compileCue(spec: CueSpec, where: string, placeholders: Placeholders): Cue {
  const parts: string[] = [];
  const screenParts: string[] = [];
  const words = [...spec.words, ...spec.verbs.flatMap(verbForms)];
  if (words.length > 0) {
    const phrases = phrasesSource(words);
    parts.push(`${BEFORE_WORD}(?:${phrases})${AFTER_WORD}`);
    screenParts.push(`(?:${phrases})`);
  }
  spec.patterns.forEach((p, i) => {
    const part = `(?:${expandPlaceholders(p, placeholders, `${where}.patterns[${i}]`)})`;
    parts.push(part);
    screenParts.push(part);
  });
  if (parts.length === 0) return new Cue(undefined);
  const flags = spec.caseSensitive ? "gu" : "giu";
  const source = expandPlaceholders(parts.join("|"), new Map(), where);
  let screen: RegExp;
  try {
    // The screen differs from the cue only by fixed, valid lookarounds: it compiles exactly when the cue does.
    screen = new RegExp(
      expandPlaceholders(screenParts.join("|"), new Map(), where),
      flags.slice(1),
    );
  } catch {
    // Name the first pattern that fails alone, else the cue as a whole.
    spec.patterns.forEach((p, i) => {
      compilePattern(p, `${where}.patterns[${i}]`, placeholders, spec.caseSensitive);
    });
    compilePattern(source, where, new Map(), spec.caseSensitive);
    throw new IntentRulesError(`${where}: invalid pattern`);
  }
  return new Cue(source, flags, screen);
}

/** Sentence ends and dashes that set off a new thought ("... won't cut it — I want 8192"). */
export const SENTENCE_BREAK = /[.;!?—–](?=\s|$)|\s-\s/u;

/** True when no sentence break stands between two offsets of `text`. */
export function sameSentence(text: string, from: number, to: number): boolean {
  return !SENTENCE_BREAK.test(text.slice(Math.min(from, to), Math.max(from, to)));
}

/** The sentence (or dash-separated part) a hit stands in, looked for a bounded distance either way. */
export function sentenceAround(text: string, hit: { start: number; end: number }): string {
  const before = text
    .slice(Math.max(0, hit.start - 160), hit.start)
    .split(SENTENCE_BREAK)
    .at(-1);
  const after = text.slice(hit.end, hit.end + 160).split(SENTENCE_BREAK)[0];
  return `${before ?? ""}${text.slice(hit.start, hit.end)}${after ?? ""}`;
}
