import type { PlanProse } from "../plan.js";
import { section } from "./format.js";

/**
 * Characters markdown could read as inline markup, escaped so the text shows
 * as written (the paragraph never starts a line, so list and heading starts
 * need no escape; `#` is escaped anyway).
 */
const MARKUP = /[\\`*_[\]<>#|~]/gu;

/**
 * Text from the model as one plain paragraph: line breaks collapsed and every
 * markup character escaped, so it can neither open a heading, fence, table,
 * link or HTML tag, nor end the section it sits in.
 */
export function plainParagraph(text: string): string {
  return text
    .replace(/\s+/gu, " ")
    .trim()
    .replace(MARKUP, (c) => `\\${c}`);
}

/**
 * The model's Why / Avoid prose, fenced off as the model's words: quoted
 * paragraphs under one heading that says whose they are.
 */
export function proseSections(prose: PlanProse): string {
  const why = plainParagraph(prose.why);
  const avoid = plainParagraph(prose.avoid);
  const body = [
    "Written by the model as explanation only; it changes nothing in the plan and the checks above do not cover it.",
    "",
    `> **Why:** ${why}`,
  ];
  if (avoid.length > 0) body.push(">", `> **Avoid:** ${avoid}`);
  return section("Why and what to avoid (model's words)", body);
}
