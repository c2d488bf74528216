import type { Hardware } from "../intent.js";
import { hitsOf } from "./matcher.js";
import { normalizeKey } from "./rules.js";
import type { ReadContext } from "./scan.js";

type HardwareRules = ReadContext["rules"]["hardware"];

/** A count written as digits or a number word; out-of-range values are noise. */
function count(rules: HardwareRules, text: string | undefined, max: number): number | undefined {
  if (!text) return undefined;
  const value = /^\d+$/u.test(text) ? Number(text) : rules.numbers.get(normalizeKey(text));
  if (value === undefined || !Number.isSafeInteger(value) || value < 1 || value > max)
    return undefined;
  return value;
}

function gpuName(rules: HardwareRules, text: string | undefined) {
  if (!text) return undefined;
  const key = normalizeKey(text);
  return rules.gpuByWord.get(key) ?? rules.gpuByWord.get(key.replace(/s$/u, ""));
}

/** Node and GPU counts, GPU type and memory, interconnect. First mention of each wins. */
export function readHardware(ctx: ReadContext): Hardware {
  const rules = ctx.rules.hardware;
  const max = ctx.rules.raw.hardware.maxCount;
  const { scan } = ctx;
  let nodes: number | undefined;
  let gpusPerNode: number | undefined;
  let gpus: number | undefined;
  let gpu: ReturnType<typeof gpuName>;
  let memory: number | undefined;
  const take = (groups: Readonly<Record<string, string | undefined>>) => {
    gpu ??= gpuName(rules, groups.type);
    memory ??= count(rules, groups.mem, 4096);
  };
  for (const re of rules.countPatterns) {
    for (const hit of hitsOf(re, scan.text)) {
      const g = hit.groups;
      const n = count(rules, g.nodes, max);
      const per = count(rules, g.gpn, max);
      const total = count(rules, g.gpus, max);
      if (n === undefined && per === undefined && total === undefined) continue;
      nodes ??= n;
      gpusPerNode ??= per;
      gpus ??= total;
      take(g);
      scan.mask(hit.start, hit.end);
    }
  }
  for (const re of rules.typePatterns) {
    for (const hit of hitsOf(re, scan.text)) {
      take(hit.groups);
      scan.mask(hit.start, hit.end);
    }
  }
  const interconnect = rules.interconnects
    .map((c) => ({ name: c.name, hit: c.cue.first(scan.text) }))
    .filter((c) => c.hit !== undefined)
    .sort((a, b) => (a.hit?.start ?? 0) - (b.hit?.start ?? 0))[0]?.name;
  if (
    gpusPerNode === undefined &&
    nodes !== undefined &&
    gpus !== undefined &&
    gpus % nodes === 0
  ) {
    gpusPerNode = gpus / nodes;
  }
  const product =
    nodes !== undefined && gpusPerNode !== undefined ? nodes * gpusPerNode : undefined;
  const totalGpus = product !== undefined && Number.isSafeInteger(product) ? product : gpus;
  const hardware: Hardware = {};
  if (nodes !== undefined) hardware.nodes = nodes;
  if (gpusPerNode !== undefined) hardware.gpusPerNode = gpusPerNode;
  if (totalGpus !== undefined) hardware.totalGpus = totalGpus;
  if (gpu) hardware.gpuType = gpu.name;
  const gb = memory ?? gpu?.memoryGb;
  if (gb !== undefined) hardware.gpuMemoryGb = gb;
  if (interconnect) hardware.interconnect = interconnect;
  return hardware;
}
