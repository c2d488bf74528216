/**
 * Rewrites that keep a request's meaning by construction. Each family changes one kind of
 * wording and applies only where its own grammar recognizes the words it changes; protected
 * values (paths, ids, overrides, quoted strings) are never touched.
 */
import { z } from "zod";
import {
  ALL_SHAPES,
  type HardwarePhrase,
  hardwarePhrases,
  type NumberStyle,
  numberWord,
  renderHardware,
} from "./hardware-phrases.js";
import { mapProse, protectedSpans, replaceSpans, type Span } from "./spans.js";

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

function distinct(text: string, candidates: ReadonlyArray<string | undefined>): string[] {
  const out = new Set<string>();
  for (const c of candidates) if (c !== undefined && c !== text) out.add(c);
  return [...out];
}

const phrasesOf = (text: string) => hardwarePhrases(text, protectedSpans(text));

/** A phrase written again in another shape or number style, in place. */
function rewritePhrase(text: string, phrase: HardwarePhrase, written: string | undefined) {
  return written === undefined
    ? undefined
    : replaceSpans(text, [{ start: phrase.start, end: phrase.end, text: written }]);
}

const STYLES: NumberStyle[] = ["digits", "words"];

const digitsWords: RewriteFamily = {
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

const digitsWordsValues: RewriteFamily = {
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

const hardwarePhrasing: RewriteFamily = {
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

/** A capitalised ordinary word ("Fine-tune", "Pack") starts lower-case after a moved clause. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]+(?:-[a-z]+)*\b/u.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

function upperFirst(text: string): string {
  return text ? (text[0]?.toUpperCase() ?? "") + text.slice(1) : text;
}

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

const clauseOrder: RewriteFamily = {
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

const clauseSwap: RewriteFamily = {
  id: "clause-swap",
  summary:
    "two clauses that each label a value trade places (data /d, output /o → output /o, data /d)",
  rewrites: swappedValueClauses,
};

/** The verb of an SFT request at the start of a clause, never next to LoRA/PEFT or "full". */
const SFT_VERB = /(^|,\s+|\bthen\s+|\band\s+)(SFT|fine-tune|fine tune|run SFT of)(?=\s+\S)/giu;
const ADAPTER_WORDS = /\b(?:q?lora|peft|adapters?)\b/iu;

function verbSwaps(text: string, variants: readonly string[], onlyWith?: RegExp): string[] {
  if (ADAPTER_WORDS.test(text)) return [];
  const spans = protectedSpans(text);
  const out: Array<string | undefined> = [];
  for (const m of text.matchAll(SFT_VERB)) {
    const start = (m.index ?? 0) + (m[1]?.length ?? 0);
    const verb = m[2] ?? "";
    const end = start + verb.length;
    if (spans.some((s) => s.start < end && start < s.end)) continue;
    if (onlyWith && !onlyWith.test(text.slice(end))) continue;
    for (const variant of variants) {
      if (variant.toLowerCase() === verb.toLowerCase()) continue;
      const written = start === 0 ? upperFirst(variant) : variant;
      out.push(replaceSpans(text, [{ start, end, text: written }]));
    }
  }
  return distinct(text, out);
}

const goalVerb: RewriteFamily = {
  id: "goal-verb",
  summary: "the SFT verb in other words (SFT / fine-tune / run SFT of)",
  rewrites: (text) => verbSwaps(text, ["SFT", "fine-tune", "run SFT of"]),
};

const goalVerbTrain: RewriteFamily = {
  id: "goal-verb-train",
  summary: "the SFT verb as 'train ... on <data>'",
  rewrites: (text) => verbSwaps(text, ["train"], /^[^,]*?\bon\s+(?:my\s|our\s|\/)/u),
};

/** The ways people write the two Nemotron 3 aliases; "Nemotron Nano3" is one name, not two. */
const MODEL_FORMS: ReadonlyArray<{ read: RegExp; forms: readonly string[] }> = [
  "Nano",
  "Super",
].map((size) => ({
  read: new RegExp(
    String.raw`(?<![\w-])(?:(?:NVIDIA\s+)?Nemotron[\s-]+(?:3[\s-]+${size}|${size}\s*3)|${size}3)(?![\w-])`,
    "giu",
  ),
  forms: [
    `${size}3`,
    `Nemotron ${size}3`,
    `Nemotron ${size} 3`,
    `Nemotron 3 ${size}`,
    `Nemotron-3-${size}`,
    `NVIDIA Nemotron 3 ${size}`,
  ],
}));

const modelAlias: RewriteFamily = {
  id: "model-alias",
  summary: "a Nemotron 3 model under its other names (Nano3 / Nemotron 3 Nano / Nemotron-3-Nano)",
  rewrites(text) {
    const spans = protectedSpans(text);
    const out: Array<string | undefined> = [];
    for (const { read, forms } of MODEL_FORMS) {
      for (const m of text.matchAll(read)) {
        const span = { start: m.index ?? 0, end: (m.index ?? 0) + m[0].length };
        if (spans.some((s) => s.start < span.end && span.start < s.end)) continue;
        for (const form of forms) {
          if (form.toLowerCase() !== m[0].toLowerCase()) {
            out.push(replaceSpans(text, [{ ...span, text: form }]));
          }
        }
      }
    }
    return distinct(text, out);
  },
};

/** Requests that ask something rather than order something get a greeting, not "please". */
const QUESTION =
  /\?\s*$|^(?:should|which|what|how|why|roughly|in general|can|could|is|are|do|does)\b/iu;
/** Requests that open with a verb, so "please ..." and "could you ..." read as English. */
const IMPERATIVE =
  /^(?:just\s+)?(?:sft|fine-tune|fine tune|lora|translate|convert|clean|run|pack|evaluate|benchmark|smoke|give|generate|build|make|merge|prune|quantize|export|distill|feed|use|edit|rlhf|train|tokenize|curate)\b/iu;

function withEnding(text: string, ending: string): string {
  const body = text.trimEnd();
  return /[.!?]$/u.test(body) ? `${body} ${ending}` : `${body}. ${ending}`;
}

const politeFiller: RewriteFamily = {
  id: "polite-filler",
  summary: "greetings and thanks around the request (hi, please ..., thanks!)",
  rewrites(text) {
    if (QUESTION.test(text)) {
      return distinct(text, [
        `Hi! ${text}`,
        withEnding(`Hey team, ${lowerFirst(text)}`, "Thanks!"),
      ]);
    }
    return distinct(text, [
      IMPERATIVE.test(text) ? `Hi, please ${lowerFirst(text)}` : `Hi! ${text}`,
      withEnding(text, "Thanks!"),
      withEnding(`Hello! ${text}`, "Thank you in advance."),
    ]);
  },
};

const politeQuestion: RewriteFamily = {
  id: "polite-question",
  summary: "an order asked as a polite question (hi, could you ...? thanks!)",
  rewrites(text) {
    if (QUESTION.test(text) || !IMPERATIVE.test(text)) return [];
    const body = text.trimEnd().replace(/[.!]$/u, "");
    return distinct(text, [
      `Hi, could you ${lowerFirst(body)}? Thanks!`,
      `Can you please ${lowerFirst(body)}?`,
    ]);
  },
};

const casing: RewriteFamily = {
  id: "casing",
  summary: "the prose in lower or upper case (values kept as written)",
  rewrites: (text) =>
    distinct(text, [
      mapProse(text, (s) => s.toLowerCase()),
      mapProse(text, (s) => s.toUpperCase()),
    ]),
};

/** Every family, in report order. */
export const FAMILIES: readonly RewriteFamily[] = [
  digitsWords,
  digitsWordsValues,
  hardwarePhrasing,
  clauseOrder,
  clauseSwap,
  goalVerb,
  goalVerbTrain,
  modelAlias,
  politeFiller,
  politeQuestion,
  casing,
];
