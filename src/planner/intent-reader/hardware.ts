import type { Hardware } from "../intent.js";
import { normalizeKey } from "./rules.js";
import type { ReadContext } from "./scan.js";

type HardwareRules = ReadContext["rules"]["hardware"];
type Gpu = NonNullable<ReturnType<HardwareRules["gpuByWord"]["get"]>>;

/** One word or number of the request, with where it stands in the text. */
interface Token {
  text: string;
  start: number;
  end: number;
}

/** What one counted phrase says: "2 nodes", "8x H100 each", "16 GPUs across 2 boxes". */
interface Mention {
  nodes?: number;
  perNode?: number;
  total?: number;
  start: number;
  end: number;
}

/** Words, numbers and the `x`/`×`/`*` of "4x8" and "8xH100", as separate tokens. */
function tokenize(text: string): Token[] {
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

/** A GPU model token ("h100", "h100s", "a100"), singular or plural. */
function gpuAt(rules: HardwareRules, token: Token | undefined): Gpu | undefined {
  if (!token) return undefined;
  const key = normalizeKey(token.text);
  return rules.gpuByWord.get(key) ?? rules.gpuByWord.get(key.replace(/s$/u, ""));
}

/**
 * A count at `i`: digits, a number word ("eight", "thirty two", "thirty-two"),
 * an article before a unit ("a node"), or "a pair of". Returns the value and
 * the index after it.
 */
function countAt(rules: HardwareRules, tokens: readonly Token[], i: number) {
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

const skipX = (tokens: readonly Token[], i: number) => (tokens[i]?.text === "x" ? i + 1 : i);
const isNode = (rules: HardwareRules, t: Token | undefined) => !!t && rules.nodeWords.has(t.text);
const isGpuWord = (rules: HardwareRules, t: Token | undefined) => !!t && rules.gpuWords.has(t.text);

/** Skip GPU model names, memory sizes ("80gb", "80 gb") and plain GPU words. */
function skipGpuWords(rules: HardwareRules, tokens: readonly Token[], i: number) {
  let j = i;
  let gpu = false;
  for (;;) {
    const t = tokens[j];
    if (gpuAt(rules, t) || isGpuWord(rules, t)) gpu = true;
    else if (t && /^\d+gb$/u.test(t.text)) gpu = true;
    else if (t && /^\d+$/u.test(t.text) && tokens[j + 1]?.text === "gb") {
      j += 1;
    } else break;
    j += 1;
  }
  return { next: j, gpu };
}

/** Does a phrase from `list` start at token `i`? Returns the index after it. */
function phraseAt(list: readonly string[][], tokens: readonly Token[], i: number) {
  for (const words of list) {
    if (words.every((w, k) => tokens[i + k]?.text === w)) return i + words.length;
  }
  return undefined;
}

/** One counted phrase starting at token `i`, or undefined when the count counts nothing. */
function mentionAt(rules: HardwareRules, tokens: readonly Token[], i: number) {
  const first = countAt(rules, tokens, i);
  if (!first) return undefined;
  const start = tokens[i]?.start ?? 0;
  const j = first.next;
  const endAt = (k: number) => tokens[k - 1]?.end ?? start;
  // "4x8 H100", "2 by 8", "2 x 8-GPU nodes": nodes by GPUs per node.
  if (tokens[j]?.text === "x" || tokens[j]?.text === "by") {
    const second = countAt(rules, tokens, j + 1);
    if (second && !second.article) {
      const after = skipGpuWords(rules, tokens, second.next);
      const k = isNode(rules, tokens[after.next]) ? after.next + 1 : after.next;
      return {
        mention: { nodes: first.value, perNode: second.value, start, end: endAt(k) },
        next: k,
      };
    }
    const typed = skipGpuWords(rules, tokens, j + 1);
    if (typed.gpu) return gpuMention(rules, tokens, first.value, start, typed.next);
    return undefined;
  }
  // "two 8-GPU nodes": the count before a per-node size.
  const inner = countAt(rules, tokens, j);
  if (inner && !inner.article) {
    const sized = skipGpuWords(rules, tokens, skipX(tokens, inner.next));
    if (sized.gpu && isNode(rules, tokens[sized.next])) {
      const k = sized.next + 1;
      return {
        mention: { nodes: first.value, perNode: inner.value, start, end: endAt(k) },
        next: k,
      };
    }
  }
  const sized = skipGpuWords(rules, tokens, j);
  // "8-GPU nodes", "an 8 GPU box": a per-node size, one node unless counted before.
  if (sized.gpu && isNode(rules, tokens[sized.next])) {
    const k = sized.next + 1;
    return { mention: { perNode: first.value, start, end: endAt(k) }, next: k };
  }
  if (sized.gpu && !first.article) return gpuMention(rules, tokens, first.value, start, sized.next);
  // Up to two describing words between a count and its nodes ("2 DGX nodes", "4 local boxes");
  // none after an article ("a node", not "a local NMT server").
  for (let skip = 0; skip <= (first.article ? 0 : 2); skip++) {
    if (isNode(rules, tokens[j + skip])) {
      return nodeMention(rules, tokens, first.value, start, j + skip + 1);
    }
    if (countAt(rules, tokens, j + skip)) break;
  }
  return undefined;
}

/** After "N GPUs": "each"/"per node" makes them per node; "across 2 nodes" a total over nodes. */
function gpuMention(
  rules: HardwareRules,
  tokens: readonly Token[],
  n: number,
  start: number,
  j: number,
) {
  const per = phraseAt(rules.perNode, tokens, j);
  if (per !== undefined) {
    return { mention: { perNode: n, start, end: tokens[per - 1]?.end ?? start }, next: per };
  }
  const spread = phraseAt(rules.spread, tokens, j);
  if (spread !== undefined) {
    const nodes = countAt(rules, tokens, spread);
    const after = nodes ? skipGpuWords(rules, tokens, nodes.next).next : spread;
    if (nodes && isNode(rules, tokens[after])) {
      const end = tokens[after]?.end ?? start;
      return { mention: { total: n, nodes: nodes.value, start, end }, next: after + 1 };
    }
  }
  return { mention: { total: n, start, end: tokens[j - 1]?.end ?? start }, next: j };
}

/** After "N nodes": "of/with 8 GPUs (each)" or "x 8" gives GPUs per node. */
function nodeMention(
  rules: HardwareRules,
  tokens: readonly Token[],
  n: number,
  start: number,
  j: number,
) {
  let k = j;
  if (tokens[k]?.text === "each") k += 1;
  const link = phraseAt(rules.nodeLinks, tokens, k);
  if (link !== undefined) {
    const per = countAt(rules, tokens, link);
    const sized = per ? skipGpuWords(rules, tokens, skipX(tokens, per.next)) : undefined;
    if (per && !per.article && sized?.gpu) {
      const each = phraseAt(rules.perNode, tokens, sized.next) ?? sized.next;
      const end = tokens[each - 1]?.end ?? start;
      return { mention: { nodes: n, perNode: per.value, start, end }, next: each };
    }
  }
  return { mention: { nodes: n, start, end: tokens[j - 1]?.end ?? start }, next: j };
}

/** Appliances whose GPU count is a fact ("a DGX H100", "two DGX boxes"). */
function applianceMentions(rules: HardwareRules, tokens: readonly Token[]): Mention[] {
  const found: Mention[] = [];
  tokens.forEach((t, i) => {
    const appliance = rules.appliances.get(t.text);
    if (!appliance) return;
    const before = i > 0 ? countAt(rules, tokens, i - 1) : undefined;
    const count = before?.next === i ? before : undefined;
    const start = count ? (tokens[i - 1]?.start ?? t.start) : t.start;
    found.push({ nodes: count?.value ?? 1, perNode: appliance, start, end: t.end });
  });
  return found;
}

/** Every counted hardware phrase, first to last; counts after "instead of"/"not" are left out. */
function mentionsOf(rules: HardwareRules, tokens: readonly Token[]): Mention[] {
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const found = mentionAt(rules, tokens, i);
    if (!found) {
      i += 1;
      continue;
    }
    const dropped = phraseBefore(rules.discard, tokens, i);
    if (!dropped) mentions.push(found.mention);
    i = Math.max(found.next, i + 1);
  }
  const appliances = applianceMentions(rules, tokens).filter(
    (a) => !mentions.some((m) => m.start < a.end && a.start < m.end && m.perNode !== undefined),
  );
  return [...mentions, ...appliances].sort((a, b) => a.start - b.start);
}

function phraseBefore(list: readonly string[][], tokens: readonly Token[], i: number): boolean {
  return list.some((words) => words.every((w, k) => tokens[i - words.length + k]?.text === w));
}

/**
 * Combine the mentions. Each slot (nodes, GPUs per node, total) takes one
 * value; two different values for a slot, or a total that disagrees with
 * nodes x GPUs per node, leave the counts unread so the plan asks for them.
 */
function combine(
  mentions: readonly Mention[],
  capacity: number,
): Pick<Hardware, "nodes" | "gpusPerNode" | "totalGpus"> {
  const one = (values: Array<number | undefined>) => {
    const set = new Set(values.filter((v): v is number => v !== undefined));
    return set.size > 1 ? "conflict" : [...set][0];
  };
  const nodes = one(mentions.map((m) => m.nodes));
  const perNode = one(mentions.map((m) => m.perNode));
  const total = one(mentions.map((m) => m.total));
  if (nodes === "conflict" || perNode === "conflict" || total === "conflict") return {};
  if (nodes !== undefined && perNode !== undefined) {
    const product = nodes * perNode;
    if (total !== undefined && total !== product) return {};
    return { nodes, gpusPerNode: perNode, totalGpus: product };
  }
  if (total !== undefined) {
    if (nodes !== undefined) {
      // "16 GPUs across 2 boxes" says so; one node holds them all; a count above what one
      // node holds is a total. "2 nodes and 8 GPUs" could be either: ask.
      const spread = mentions.some((m) => m.total !== undefined && m.nodes !== undefined);
      const clear = spread || nodes === 1 || total > capacity;
      if (!clear || total % nodes !== 0) return {};
      return { nodes, gpusPerNode: total / nodes, totalGpus: total };
    }
    return { totalGpus: total };
  }
  if (perNode !== undefined) return { nodes: 1, gpusPerNode: perNode, totalGpus: perNode };
  return nodes !== undefined ? { nodes } : {};
}

/** GPU type (first named) and memory per GPU ("A100 80GB", "80 GB A100s"). */
function gpuTypeOf(rules: HardwareRules, tokens: readonly Token[]) {
  for (let i = 0; i < tokens.length; i++) {
    const gpu = gpuAt(rules, tokens[i]);
    if (!gpu) continue;
    const sized = (t: Token | undefined, u: Token | undefined) => {
      const glued = t ? /^(\d+)gb$/u.exec(t.text) : null;
      if (glued?.[1]) return Number(glued[1]);
      return t && /^\d+$/u.test(t.text) && u?.text === "gb" ? Number(t.text) : undefined;
    };
    const memory =
      sized(tokens[i + 1], tokens[i + 2]) ??
      (i >= 2 ? sized(tokens[i - 2], tokens[i - 1]) : undefined) ??
      (i >= 1 ? sized(tokens[i - 1], undefined) : undefined) ??
      gpu.memoryGb;
    return { gpu, memory };
  }
  return undefined;
}

/** Node and GPU counts, GPU type and memory, interconnect. */
export function readHardware(ctx: ReadContext): Hardware {
  const rules = ctx.rules.hardware;
  const { scan } = ctx;
  const tokens = tokenize(scan.text);
  const mentions = mentionsOf(rules, tokens);
  const hardware: Hardware = { ...combine(mentions, rules.nodeCapacity) };
  for (const m of mentions) scan.mask(m.start, m.end);
  const typed = gpuTypeOf(rules, tokens);
  if (typed) {
    hardware.gpuType = typed.gpu.name;
    if (typed.memory !== undefined) hardware.gpuMemoryGb = typed.memory;
  }
  for (const t of tokens) if (gpuAt(rules, t)) scan.mask(t.start, t.end);
  const interconnect = rules.interconnects
    .map((c) => ({ name: c.name, hit: c.cue.first(scan.text) }))
    .filter((c) => c.hit !== undefined)
    .sort((a, b) => (a.hit?.start ?? 0) - (b.hit?.start ?? 0))[0]?.name;
  if (interconnect) hardware.interconnect = interconnect;
  return hardware;
}
