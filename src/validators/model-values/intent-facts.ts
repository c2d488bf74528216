import type { Hardware } from "../../planner/intent.js";
import type { ModelValueRules } from "./rules.js";

/** The part of the request that supports a fact, or undefined when none does. */
export type Support = { start: number; end: number; text: string } | undefined;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function spanOf(text: string, pattern: RegExp): Support {
  const match = pattern.exec(text);
  if (!match) return undefined;
  return { start: match.index, end: match.index + match[0].length, text: match[0] };
}

/**
 * Where the request names `name` as whole words (`packed_parquet`, "packed
 * parquet", `dgx-cloud` and `dgxcloud` alike): the evidence a model's claim
 * of a backend, executor or artifact the user has needs.
 */
export function namedIn(text: string, name: string): Support {
  const parts = name
    .toLowerCase()
    .split(/[\s_-]+/u)
    .filter(Boolean)
    .map(escapeRegex);
  if (parts.length === 0) return undefined;
  return spanOf(text, new RegExp(`(?<![\\w-])${parts.join("[\\s_-]*")}(?![\\w-])`, "iu"));
}

/** LoRA (true) or full fine-tuning (false) said in words. */
export function loraSupport(text: string, lora: boolean, rules: ModelValueRules): Support {
  return spanOf(text, lora ? rules.lora.yes : rules.lora.no);
}

/** The request talks about quality (improving, scoring, benchmarking), so eval bookends may apply. */
export function qualitySupport(text: string, rules: ModelValueRules): Support {
  return spanOf(text, rules.qualityClaim);
}

/** An evaluation task id the request writes as a whole token, and that is not an ordinary word. */
export function taskSupport(text: string, task: string, rules: ModelValueRules): Support {
  if (!/^[A-Za-z0-9][\w.:-]*[A-Za-z0-9]$/u.test(task) || task.length < 3) return undefined;
  if (!/[A-Za-z]/u.test(task) || rules.notTasks.has(task.toLowerCase())) return undefined;
  return spanOf(text, new RegExp(`(?<![\\w.:/-])${escapeRegex(task)}(?![\\w:/-]|\\.\\w)`, "iu"));
}

type Counts = Pick<Hardware, "nodes" | "gpusPerNode" | "totalGpus">;

const NUMBER = String.raw`(?<![\d.])`;
const END = String.raw`(?![\d.])`;

/** `n` written before a node word ("2 nodes", "2x nodes", "2 DGX nodes"). */
function nodesWritten(text: string, n: number): boolean {
  return new RegExp(`${NUMBER}${n}${END}\\s*(?:x\\s*)?(?:[a-z0-9-]+\\s+){0,2}nodes?\\b`, "iu").test(
    text,
  );
}

/** `n` written as a GPU count ("8 GPUs", "8x H100", "8 H100s", "8-GPU"). */
function gpusWritten(text: string, n: number): boolean {
  return new RegExp(
    `${NUMBER}${n}${END}\\s*(?:x|×|-)?\\s*(?:[a-z0-9-]+\\s+){0,2}(?:gpus?\\b|[a-z]?\\d{2,4}[a-z]*\\b)`,
    "iu",
  ).test(text);
}

/**
 * The hardware a model proposes, checked as a whole: merged with what the
 * rules read (the rules win), nodes × GPUs per node must equal the total, and
 * every count the rules did not read must be written in the request as a
 * count of nodes or GPUs. Returns the counts to keep, or why none are kept.
 */
export function checkHardware(
  text: string,
  offline: Counts,
  proposed: Counts,
): { counts: Counts; problem?: string } {
  const merged: Counts = {
    nodes: offline.nodes ?? proposed.nodes,
    gpusPerNode: offline.gpusPerNode ?? proposed.gpusPerNode,
    totalGpus: offline.totalGpus ?? proposed.totalGpus,
  };
  const added = (field: keyof Counts) =>
    offline[field] === undefined && proposed[field] !== undefined;
  if (!added("nodes") && !added("gpusPerNode") && !added("totalGpus")) return { counts: offline };
  const { nodes, gpusPerNode, totalGpus } = merged;
  if (nodes !== undefined && gpusPerNode !== undefined && totalGpus !== undefined) {
    if (nodes * gpusPerNode !== totalGpus) {
      return {
        counts: offline,
        problem: `${nodes} node(s) × ${gpusPerNode} GPU(s) is not the ${totalGpus} GPUs in total`,
      };
    }
  }
  if (added("nodes") && nodes !== undefined && !nodesWritten(text, nodes)) {
    return { counts: offline, problem: `the request does not say ${nodes} node(s)` };
  }
  if (added("gpusPerNode") && gpusPerNode !== undefined && !gpusWritten(text, gpusPerNode)) {
    return { counts: offline, problem: `the request does not say ${gpusPerNode} GPU(s) per node` };
  }
  if (added("totalGpus") && totalGpus !== undefined) {
    const derived = nodes !== undefined && gpusPerNode !== undefined && nodes * gpusPerNode;
    if (derived !== totalGpus && !gpusWritten(text, totalGpus)) {
      return { counts: offline, problem: `the request does not say ${totalGpus} GPUs` };
    }
  }
  // "8 GPUs" is a total: on its own it says nothing about nodes.
  if (added("nodes") && nodes !== undefined && nodes > 1 && totalGpus !== undefined) {
    if (gpusPerNode === undefined) return { counts: offline, problem: "GPUs per node unsaid" };
  }
  return { counts: merged };
}
