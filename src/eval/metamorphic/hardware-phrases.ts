/**
 * A small, explicit grammar of hardware phrases: the rewrites recognize only these shapes and
 * render the same counts in other shapes, so a rewrite never guesses what a phrase means.
 */
import { z } from "zod";
import { type Span, touchesProtected } from "./spans.js";

/** What a hardware phrase says. `total` alone is a bare GPU count with no node layout. */
export interface HardwareMeaning {
  nodes?: number;
  perNode?: number;
  total?: number;
  /** The GPU model as written ("H100"), when named. */
  gpu?: string;
  /** Memory per GPU as written ("80GB"), when given. */
  memory?: string;
}

export type NumberStyle = "digits" | "words";

/** One recognized phrase, where it stands, and which shape it was written in. */
export interface HardwarePhrase extends Span, HardwareMeaning {
  shape: ShapeId;
  style: NumberStyle;
}

const WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** English words for 1..99 ("thirty-two") and round thousands ("five thousand"), digits otherwise. */
export function numberWord(n: number): string {
  if (n < 20) return WORDS[n] ?? String(n);
  if (n >= 1000 && n < 100_000 && n % 1000 === 0) return `${numberWord(n / 1000)} thousand`;
  if (n >= 100) return String(n);
  const tens = TENS[Math.floor(n / 10)] ?? "";
  return n % 10 === 0 ? tens : `${tens}-${WORDS[n % 10]}`;
}

function countValue(text: string): { value: number; style: NumberStyle } | undefined {
  const lower = text.toLowerCase();
  if (/^\d+$/u.test(lower)) return { value: Number(lower), style: "digits" };
  for (let n = 1; n < 100; n++) if (numberWord(n) === lower) return { value: n, style: "words" };
  return undefined;
}

const COUNT = String.raw`(\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)`;
const GPU = "(H100|H200|A100|B200|GB200|L40S|A10G|L4)";
const MEMORY = String.raw`(?:\s+(\d{2,3}\s?GB))?`;

/** Shapes the grammar reads and writes. Each reader is anchored on word boundaries. */
const SHAPES = {
  /** "2 nodes of 8x H100" */
  nodesOfTyped: new RegExp(
    String.raw`\b${COUNT}\s+nodes?\s+of\s+(\d{1,3})\s?x\s?${GPU}${MEMORY}\b`,
    "giu",
  ),
  /** "a single 8x H100 node" */
  singleTypedNode: new RegExp(
    String.raw`\ba single\s+(\d{1,3})\s?x\s?${GPU}${MEMORY}\s+node\b`,
    "giu",
  ),
  /** "one node of 8 GPUs" */
  nodesOfGpus: new RegExp(String.raw`\b${COUNT}\s+nodes?\s+of\s+${COUNT}\s+GPUs\b`, "giu"),
  /** "4 A100 80GB GPUs" */
  typedCount: new RegExp(String.raw`\b${COUNT}\s+${GPU}s?${MEMORY}\s+GPUs?\b`, "giu"),
  /** "8x H100", "4x A100 80GB" */
  typedTimes: new RegExp(String.raw`\b(\d{1,3})\s?x\s?${GPU}${MEMORY}\b(?!\s+(?:node|GPU))`, "giu"),
  /** "2 GPUs", "1 GPU" */
  plainCount: new RegExp(String.raw`\b${COUNT}\s+GPUs?\b`, "giu"),
} as const;
type ReadShape = keyof typeof SHAPES;
const READ_ORDER: readonly ReadShape[] = [
  "nodesOfTyped",
  "singleTypedNode",
  "nodesOfGpus",
  "typedCount",
  "typedTimes",
  "plainCount",
];

/** Every shape the grammar writes; the first six are also read from requests. */
export const ShapeIdSchema = z.enum([
  ...READ_ORDER,
  "nodesTimes",
  "totalAcross",
  "countedSizedNodes",
  "nodesWithEach",
  "nodesWithPerNode",
  "typedNodesWithEach",
  "typedPlural",
]);
export type ShapeId = z.infer<typeof ShapeIdSchema>;

/** Words before a count that take it back ("instead of 8 GPUs"): such phrases are left alone. */
const DISCARDED = /\b(?:not|instead of|rather than|no longer|used to have|previously)\s+$/iu;

function fromMatch(shape: ReadShape, m: RegExpMatchArray): HardwarePhrase | undefined {
  const start = m.index ?? 0;
  const span = { start, end: start + m[0].length };
  const n = (i: number) => (m[i] === undefined ? undefined : countValue(m[i] ?? ""));
  const typed = (i: number) => ({
    gpu: m[i] ?? "",
    ...(m[i + 1] ? { memory: m[i + 1] ?? "" } : {}),
  });
  switch (shape) {
    case "nodesOfTyped": {
      const nodes = n(1);
      const per = n(2);
      if (!nodes || !per) return undefined;
      return {
        ...span,
        shape,
        style: nodes.style,
        nodes: nodes.value,
        perNode: per.value,
        ...typed(3),
      };
    }
    case "singleTypedNode": {
      const per = n(1);
      if (!per) return undefined;
      return { ...span, shape, style: "digits", nodes: 1, perNode: per.value, ...typed(2) };
    }
    case "nodesOfGpus": {
      const nodes = n(1);
      const per = n(2);
      if (!nodes || !per) return undefined;
      return { ...span, shape, style: nodes.style, nodes: nodes.value, perNode: per.value };
    }
    case "typedCount": {
      const total = n(1);
      if (!total) return undefined;
      return { ...span, shape, style: total.style, total: total.value, ...typed(2) };
    }
    case "typedTimes": {
      const total = n(1);
      if (!total) return undefined;
      return { ...span, shape, style: "digits", total: total.value, ...typed(2) };
    }
    case "plainCount": {
      const total = n(1);
      if (!total) return undefined;
      return { ...span, shape, style: total.style, total: total.value };
    }
  }
}

/**
 * Every hardware phrase of the grammar in `text`, outside protected spans, first to last.
 * Shapes are tried in order, so "2 nodes of 8x H100" is one phrase, not also an "8x H100".
 */
export function hardwarePhrases(text: string, protectedSpans: readonly Span[]): HardwarePhrase[] {
  const found: HardwarePhrase[] = [];
  for (const shape of READ_ORDER) {
    for (const m of text.matchAll(SHAPES[shape])) {
      const phrase = fromMatch(shape, m);
      if (!phrase || touchesProtected(protectedSpans, phrase)) continue;
      if (found.some((f) => f.start < phrase.end && phrase.start < f.end)) continue;
      if (DISCARDED.test(text.slice(0, phrase.start))) continue;
      // A count glued to more text ("8x H100s-class") is not this grammar's phrase.
      if (/^[\w-]/u.test(text.slice(phrase.end))) continue;
      found.push(phrase);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

type Render = (m: HardwareMeaning, count: (n: number) => string) => string | undefined;

const nodesWord = (n: number) => (n === 1 ? "node" : "nodes");
const typedGpu = (m: HardwareMeaning) => (m.memory ? `${m.gpu} ${m.memory}` : `${m.gpu}`);

/** How each shape writes a meaning; undefined where the shape cannot say it. */
const RENDER: Record<ShapeId, Render> = {
  nodesOfTyped: (m, c) =>
    m.nodes && m.perNode && m.gpu
      ? `${c(m.nodes)} ${nodesWord(m.nodes)} of ${m.perNode}x ${typedGpu(m)}`
      : undefined,
  singleTypedNode: (m) =>
    m.nodes === 1 && m.perNode && m.gpu ? `a single ${m.perNode}x ${typedGpu(m)} node` : undefined,
  nodesOfGpus: (m, c) =>
    m.nodes && m.perNode && !m.gpu
      ? `${c(m.nodes)} ${nodesWord(m.nodes)} of ${c(m.perNode)} GPUs`
      : undefined,
  nodesTimes: (m) =>
    m.nodes && m.nodes > 1 && m.perNode && m.gpu
      ? `${m.nodes}x${m.perNode} ${typedGpu(m)}`
      : undefined,
  // "16 H100 across two nodes"; node counts beside another number read better as words.
  totalAcross: (m, c) => {
    if (!m.nodes || !m.perNode) return undefined;
    const gpus = m.gpu ? typedGpu(m) : "GPUs";
    const where = m.nodes === 1 ? "on one node" : `across ${numberWord(m.nodes)} nodes`;
    return `${c(m.nodes * m.perNode)} ${gpus} ${where}`;
  },
  countedSizedNodes: (m) =>
    m.nodes && m.perNode
      ? `${numberWord(m.nodes)} ${m.perNode}-GPU ${m.gpu ? `${typedGpu(m)} ` : ""}${nodesWord(m.nodes)}`
      : undefined,
  nodesWithEach: (m, c) =>
    m.nodes && m.perNode
      ? `${c(m.nodes)} ${nodesWord(m.nodes)} with ${c(m.perNode)} ${m.gpu ? `${typedGpu(m)} ` : ""}GPUs each`
      : undefined,
  nodesWithPerNode: (m, c) =>
    m.nodes && m.perNode
      ? `${c(m.nodes)} ${nodesWord(m.nodes)} with ${c(m.perNode)} ${m.gpu ? `${typedGpu(m)} ` : ""}GPUs per node`
      : undefined,
  typedNodesWithEach: (m, c) =>
    m.nodes && m.perNode && m.gpu
      ? `${c(m.nodes)} ${typedGpu(m)} ${nodesWord(m.nodes)} with ${c(m.perNode)} GPUs each`
      : undefined,
  typedCount: (m, c) =>
    m.total && m.gpu ? `${c(m.total)} ${typedGpu(m)} ${m.total === 1 ? "GPU" : "GPUs"}` : undefined,
  typedTimes: (m) => (m.total && m.gpu ? `${m.total}x ${typedGpu(m)}` : undefined),
  typedPlural: (m, c) =>
    m.total && m.total > 1 && m.gpu && !m.memory ? `${c(m.total)} ${m.gpu}s` : undefined,
  plainCount: (m, c) =>
    m.total && !m.gpu ? `${c(m.total)} ${m.total === 1 ? "GPU" : "GPUs"}` : undefined,
};

const counter = (style: NumberStyle) => (n: number) =>
  style === "words" ? numberWord(n) : String(n);

/** The phrase written in `shape` with counts in `style`, or undefined where the shape cannot say it. */
export function renderHardware(
  meaning: HardwareMeaning,
  shape: ShapeId,
  style: NumberStyle,
): string | undefined {
  return RENDER[shape](meaning, counter(style));
}

/** Every shape (read or written), in a fixed order. */
export const ALL_SHAPES: readonly ShapeId[] = ShapeIdSchema.options;
