import type { Decision } from "./state.js";

/**
 * Words that, on their own, answer a waiting plan. A message made only of
 * these ("yes, go", "ok approve") is a reply; anything longer is a revision.
 */
const REPLY_WORDS: Record<string, "approve" | "reject"> = {
  approve: "approve",
  approved: "approve",
  accept: "approve",
  yes: "approve",
  y: "approve",
  ok: "approve",
  okay: "approve",
  go: "approve",
  ahead: "approve",
  lgtm: "approve",
  sure: "approve",
  please: "approve",
  reject: "reject",
  rejected: "reject",
  no: "reject",
  n: "reject",
  cancel: "reject",
  drop: "reject",
  stop: "reject",
};

/** `revise: …`, `answer - …`, `revise …`: a reply with text. */
const WITH_TEXT = /^\s*(revise|answer)\s*[:\-–]?\s+([\s\S]+)$/i;

/**
 * Read a message typed while a plan waits (in a chat UI, the terminal chat or
 * a `requests` entry) as an approval reply, or undefined when it is not one.
 */
export function replyFromText(text: string): Decision | undefined {
  const withText = WITH_TEXT.exec(text);
  if (withText) {
    const kind = withText[1]?.toLowerCase() === "answer" ? "answer" : "revise";
    const body = withText[2]?.trim() ?? "";
    return body ? { type: kind, text: body } : undefined;
  }
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  const kinds = new Set(words.map((w) => REPLY_WORDS[w]));
  if (words.length === 0 || kinds.has(undefined) || kinds.size !== 1) return undefined;
  return kinds.has("approve") ? { type: "approve" } : { type: "reject" };
}
