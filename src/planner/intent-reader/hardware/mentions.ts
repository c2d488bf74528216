import {
  countAt,
  type HardwareRules,
  isNode,
  isPluralNode,
  phraseAt,
  skipGpuWords,
  skipX,
  type Token,
} from "./tokens.js";

/** What one counted phrase says: "2 nodes", "8x H100 each", "16 GPUs across 2 boxes". */
export interface Mention {
  nodes?: number;
  perNode?: number;
  total?: number;
  start: number;
  end: number;
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
  // "8-GPU nodes", "an 8 H100 box": a per-node size, one node unless counted before. Only a
  // model name before plural nodes, or before one node, counts the nodes: "2 H100 nodes".
  if (sized.gpu && isNode(rules, tokens[sized.next])) {
    const k = sized.next + 1;
    const describesNodes = isPluralNode(tokens[sized.next]) || first.value === 1;
    if (!sized.counted && describesNodes) return nodeMention(rules, tokens, first.value, start, k);
    return { mention: { perNode: first.value, start, end: endAt(k) }, next: k };
  }
  if (sized.gpu && !first.article) return gpuMention(rules, tokens, first.value, start, sized.next);
  // "four nodes, 8 per node": a bare count per node is that many GPUs on each node.
  const per = first.article ? undefined : phraseAt(rules.perNode, tokens, j);
  if (per !== undefined && tokens.slice(j, per).some((t) => isNode(rules, t))) {
    return { mention: { perNode: first.value, start, end: endAt(per) }, next: per };
  }
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
export function mentionsOf(rules: HardwareRules, tokens: readonly Token[]): Mention[] {
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
