import type { Finding } from "../../planner/plan.js";
import { error } from "../../validators/index.js";

/** Lines of a file as an editor counts them (a final newline does not start a line). */
export function lineCount(text: string): number {
  if (text.length === 0) return 0;
  const lines = text.split("\n").length;
  return text.endsWith("\n") ? lines - 1 : lines;
}

/** Markers of unfinished work, matched as whole upper-case words. */
const MARKERS = /\b(TODO|FIXME|XXX|TBD)\b/;
/** The word itself, and sample paths that stand for a real one. */
const STAND_INS = /\bplace[-_ ]?holders?\b|\/path\/to\b|\bchange[-_]?me\b/i;
/** `<model>`, `<path-to-data>`: a name in angle brackets waiting to be replaced. */
const ANGLE = /<[A-Za-z_][A-Za-z0-9_ .:/-]*>/;

export interface TextSpan {
  text: string;
  line: number;
}

/** Which rules a pass applies: marker words and stand-ins, angle-bracket names, or both. */
export type PlaceholderRules = "words" | "angles" | "all";

/** What a span would leave unfinished, or undefined when it is clean. */
export function placeholderIn(text: string, rules: PlaceholderRules): string | undefined {
  const words = rules === "angles" ? null : (MARKERS.exec(text) ?? STAND_INS.exec(text));
  const hit = words ?? (rules === "words" ? null : ANGLE.exec(text));
  return hit?.[0];
}

/** The whole text, one span per line. */
export function linesOf(text: string): TextSpan[] {
  return text.split("\n").map((line, index) => ({ text: line, line: index + 1 }));
}

/** One error per span that holds a placeholder, naming the file and line. */
export function placeholderFindings(
  file: string,
  spans: readonly TextSpan[],
  rules: PlaceholderRules,
): Finding[] {
  const out: Finding[] = [];
  for (const span of spans) {
    const hit = placeholderIn(span.text, rules);
    if (!hit) continue;
    out.push(
      error(
        "placeholder",
        `${file}:${span.line} holds placeholder text "${hit}"`,
        "Write the real value or code, or ask the user for it; scaffolds ship no TODOs or stand-ins.",
      ),
    );
  }
  return out;
}
