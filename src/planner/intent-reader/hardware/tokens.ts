import { normalizeKey } from "../rules.js";
import type { ReadContext } from "../scan.js";

export type HardwareRules = ReadContext["rules"]["hardware"];
type Gpu = NonNullable<ReturnType<HardwareRules["gpuByWord"]["get"]>>;

/** One word or number of the request, with where it stands in the text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Words, numbers and the `x`/`×`/`*` of "4x8" and "8xH100", as separate tokens. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\d+|[\p{L}][\p{L}\p{N}]*|[×*]/gu)) {
    const start = m.index ?? 0;
    const word = m[0].toLowerCase();
    // "x8", "xh100": the multiplication sign glued to what follows.
    const glued = /^x(\d+|[a-z]+\d+\w*)$/u.exec(word);
    if (glued?.[1] && /\d$/u.test(text.slice(0, start).trimEnd())) {
      tokens.push({ text: "x", start, end: start + 1 });
      tokens.push({ text: glued[1], start: start + 1, end: start + word.length });
    } else {
      tokens.push({
        text: word === "×" || word === "*" ? "x" : word,
        start,
        end: start + word.length,
      });
    }
  }
  return tokens;
}

/**
 * A GPU model token ("h100", "h100s", "a100"), singular or plural: a listed one, else
 * one shaped like a model name ("a6000", "v100"), whose memory is not known.
 */
export function gpuAt(rules: HardwareRules, token: Token | undefined): Gpu | undefined {
  if (!token) return undefined;
  const key = normalizeKey(token.text);
  const singular = key.replace(/s$/u, "");
  const listed = rules.gpuByWord.get(key) ?? rules.gpuByWord.get(singular);
  if (listed || !rules.gpuModel?.test(singular)) return listed;
  return { name: singular.toUpperCase(), words: [singular] };
}

/**
 * A count at `i`: digits, a number word ("eight", "thirty two", "thirty-two"),
 * an article before a unit ("a node"), or "a pair of". Returns the value and
 * the index after it.
 */
export function countAt(rules: HardwareRules, tokens: readonly Token[], i: number) {
  const t = tokens[i];
  if (!t) return undefined;
  const max = rules.maxCount;
  if (/^\d+$/u.test(t.text)) {
    const n = Number(t.text);
    return n >= 1 && n <= max ? { value: n, next: i + 1 } : undefined;
  }
  const word = rules.numbers.get(t.text);
  if (word !== undefined) {
    const unit = rules.numbers.get(tokens[i + 1]?.text ?? "");
    if (word >= 20 && word % 10 === 0 && unit !== undefined && unit < 10) {
      return { value: word + unit, next: i + 2 };
    }
    return { value: word, next: i + 1 };
  }
  const quantity = rules.quantities.get(tokens[i + 1]?.text ?? "");
  if (rules.articles.has(t.text) && quantity !== undefined && tokens[i + 2]?.text === "of") {
    return { value: quantity, next: i + 3 };
  }
  if (rules.articles.has(t.text)) return { value: 1, next: i + 1, article: true };
  return undefined;
}

export const skipX = (tokens: readonly Token[], i: number) => (tokens[i]?.text === "x" ? i + 1 : i);
export const isNode = (rules: HardwareRules, t: Token | undefined) =>
  !!t && rules.nodeWords.has(t.text);
export const isGpuWord = (rules: HardwareRules, t: Token | undefined) =>
  !!t && rules.gpuWords.has(t.text);

/**
 * Skip GPU model names, memory sizes ("80gb", "80 gb") and plain GPU words. `gpu` says any was
 * skipped; `counted` says a plain GPU word was ("8 GPU", "8 cards"), which makes the count
 * before it a number of GPUs rather than of the machines a model name describes.
 */
export function skipGpuWords(rules: HardwareRules, tokens: readonly Token[], i: number) {
  let j = i;
  let gpu = false;
  let counted = false;
  for (;;) {
    const t = tokens[j];
    if (isGpuWord(rules, t)) counted = gpu = true;
    else if (gpuAt(rules, t)) gpu = true;
    else if (t && rules.gpuModelWords.has(t.text)) {
      // "RTX 6000 Ada": the model words and the number between them name one GPU.
      if (/^\d+$/u.test(tokens[j + 1]?.text ?? "")) j += 1;
      gpu = true;
    } else if (t && /^\d+gb$/u.test(t.text)) gpu = true;
    else if (t && /^\d+$/u.test(t.text) && tokens[j + 1]?.text === "gb") {
      j += 1;
    } else break;
    j += 1;
  }
  return { next: j, gpu, counted };
}

/** A node word in the plural ("nodes", "boxes"). */
export const isPluralNode = (t: Token | undefined) => !!t && /s$/u.test(t.text);

/** Does a phrase from `list` start at token `i`? Returns the index after it. */
export function phraseAt(list: readonly string[][], tokens: readonly Token[], i: number) {
  for (const words of list) {
    if (words.every((w, k) => tokens[i + k]?.text === w)) return i + words.length;
  }
  return undefined;
}
