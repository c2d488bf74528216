/**
 * Which parts of a request a rewrite may touch. Values the user typed (paths, URLs, model ids,
 * `key=value` overrides, flags, quoted strings, step ids) are protected: a meaning-keeping
 * rewrite changes only the prose around them.
 */

/** A half-open character range of the request. */
export interface Span {
  start: number;
  end: number;
}

/** Quoted or backticked strings, kept whole. */
const QUOTED = /"[^"\n]*"|'[^'\n]*'(?!\w)|`[^`\n]*`/gu;

/** A whitespace-separated token, trailing sentence punctuation excluded. */
const TOKEN = /\S+/gu;

/**
 * A token that carries a value rather than prose: anything with a path, assignment, scheme or
 * identifier character, a flag, a dotted version ("3.5", "v0.3"), or a hyphenated name with a
 * digit ("Qwen3-30B-A3B", "Falcon-Mamba-999B", "iter-2").
 */
function isValueToken(token: string): boolean {
  if (/[/=_:~$@\\*<>{}[\]|#]/u.test(token)) return true;
  if (token.startsWith("-")) return true;
  if (/\w\.\w/u.test(token)) return true;
  return /\d/u.test(token) && /\w-\w/u.test(token) && !/^\d+-gpu$/iu.test(token);
}

/** Trailing punctuation that ends a sentence or clause, not part of the value before it. */
function trimPunctuation(token: string): string {
  return token.replace(/[.,;!?)]+$/u, "");
}

/** Every protected span of `text`, sorted and merged. */
export function protectedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(QUOTED)) {
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    const token = trimPunctuation(m[0].replace(/^[("]+/u, ""));
    const lead = m[0].length - m[0].replace(/^[("]+/u, "").length;
    if (token && isValueToken(token)) {
      spans.push({ start: start + lead, end: start + lead + token.length });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The protected substrings of `text`, in order: a rewrite must keep each one verbatim. */
export function protectedValues(text: string): string[] {
  return protectedSpans(text).map((s) => text.slice(s.start, s.end));
}

/** Does `span` overlap any protected span? */
export function touchesProtected(spans: readonly Span[], span: Span): boolean {
  return spans.some((p) => p.start < span.end && span.start < p.end);
}

/**
 * Apply `change` to every stretch of prose between protected spans, leaving the spans as they
 * are. Used by rewrites that work word by word (casing).
 */
export function mapProse(text: string, change: (prose: string) => string): string {
  let out = "";
  let at = 0;
  for (const span of protectedSpans(text)) {
    out += change(text.slice(at, span.start)) + text.slice(span.start, span.end);
    at = span.end;
  }
  return out + change(text.slice(at));
}

/** Replace the given ranges (non-overlapping) with new text, right to left so offsets hold. */
export function replaceSpans(text: string, edits: ReadonlyArray<Span & { text: string }>): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}
