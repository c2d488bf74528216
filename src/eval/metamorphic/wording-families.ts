/** Rewrites of wording: the SFT verb, model aliases, polite filler, casing. */
import { distinct, lowerFirst, type RewriteFamily, upperFirst } from "./family.js";
import { mapProse, protectedSpans, replaceSpans } from "./spans.js";

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

export const goalVerb: RewriteFamily = {
  id: "goal-verb",
  summary: "the SFT verb in other words (SFT / fine-tune / run SFT of)",
  rewrites: (text) => verbSwaps(text, ["SFT", "fine-tune", "run SFT of"]),
};

export const goalVerbTrain: RewriteFamily = {
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

export const modelAlias: RewriteFamily = {
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

export const politeFiller: RewriteFamily = {
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

export const politeQuestion: RewriteFamily = {
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

export const casing: RewriteFamily = {
  id: "casing",
  summary: "the prose in lower or upper case (values kept as written)",
  rewrites: (text) =>
    distinct(text, [
      mapProse(text, (s) => s.toLowerCase()),
      mapProse(text, (s) => s.toUpperCase()),
    ]),
};
