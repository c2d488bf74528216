import type { Hardware } from "../../intent.js";
import type { ReadContext } from "../scan.js";
import { type Mention, mentionsOf } from "./mentions.js";
import { gpuAt, type HardwareRules, type Token, tokenize } from "./tokens.js";

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
    // Right after the model, or a few words on ("L40 GPUs with 48 GB each").
    const after = [1, 2, 3, 4].map((k) => sized(tokens[i + k], tokens[i + k + 1]));
    const memory =
      after.find((gb) => gb !== undefined) ??
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
