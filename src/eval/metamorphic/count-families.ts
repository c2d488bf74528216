/** Rewrites of counts: hardware phrases in other shapes and styles, other numbers as words. */
import { distinct, type RewriteFamily } from "./family.js";
import {
  ALL_SHAPES,
  type HardwarePhrase,
  hardwarePhrases,
  type NumberStyle,
  numberWord,
  renderHardware,
} from "./hardware-phrases.js";
import { protectedSpans, replaceSpans, type Span } from "./spans.js";

export const phrasesOf = (text: string) => hardwarePhrases(text, protectedSpans(text));

/** A phrase written again in another shape or number style, in place. */
function rewritePhrase(text: string, phrase: HardwarePhrase, written: string | undefined) {
  return written === undefined
    ? undefined
    : replaceSpans(text, [{ start: phrase.start, end: phrase.end, text: written }]);
}

const STYLES: NumberStyle[] = ["digits", "words"];

export const digitsWords: RewriteFamily = {
  id: "digits-words",
  summary: "hardware counts as digits or number words (2 nodes / two nodes)",
  rewrites: (text) =>
    distinct(
      text,
      phrasesOf(text).flatMap((p) =>
        STYLES.map((style) => rewritePhrase(text, p, renderHardware(p, p.shape, style))),
      ),
    ),
};

/** A count standing alone in prose ("rank 8", "5000 synthetic", "3,000 chats"). */
const PROSE_NUMBER = /(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w-]|[.,]\d)/gu;

export const digitsWordsValues: RewriteFamily = {
  id: "digits-words-values",
  summary: "other counts in prose as number words (rank 8 / rank eight, 5000 / five thousand)",
  rewrites(text) {
    const spans = protectedSpans(text);
    const phrases = hardwarePhrases(text, spans);
    const out: Array<string | undefined> = [];
    for (const m of text.matchAll(PROSE_NUMBER)) {
      const start = m.index ?? 0;
      const span = { start, end: start + m[0].length };
      const inside = (s: Span) => s.start < span.end && span.start < s.end;
      if (spans.some(inside) || phrases.some(inside)) continue;
      const value = Number(m[0].replaceAll(",", ""));
      const word = numberWord(value);
      if (value < 1 || /\d/u.test(word)) continue;
      out.push(replaceSpans(text, [{ ...span, text: word }]));
    }
    return distinct(text, out);
  },
};

export const hardwarePhrasing: RewriteFamily = {
  id: "hardware-phrasing",
  summary:
    "the same GPU layout in other shapes (2 nodes of 8x H100 / 2x8 H100 / 16 H100 across two nodes)",
  rewrites: (text) =>
    distinct(
      text,
      phrasesOf(text).flatMap((p) =>
        ALL_SHAPES.filter((s) => s !== p.shape).map((shape) =>
          // "one node", not "1 node": the digits-words family covers the other style.
          rewritePhrase(text, p, renderHardware(p, shape, p.nodes === 1 ? "words" : p.style)),
        ),
      ),
    ),
};
