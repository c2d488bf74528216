import type { Goal, Hardware, Intent } from "../intent.js";
import { absorbGoals } from "./goals.js";
import type { IntentRules } from "./rules.js";

/** What one message says on its own: an intent without route, gap or history. */
export type Delta = Omit<Intent, "route" | "gap" | "requests">;
/** A merged intent before the route is decided. */
export type Draft = Omit<Intent, "route" | "gap">;

/** A deep copy without undefined-valued keys (the final schema parse restores the types). */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

function listMerge<T>(prev: readonly T[], next: readonly T[], replace: boolean): T[] {
  return replace && next.length > 0 ? [...next] : union(prev, next);
}

/**
 * Counts move together: "use 2 nodes instead" keeps GPUs per node and
 * recomputes the total; "we only have 4 GPUs" replaces the whole count.
 */
export function mergeHardware(prev: Hardware, next: Hardware): Hardware {
  let { nodes, gpusPerNode, totalGpus } = prev;
  const onlyNodes =
    next.nodes !== undefined && next.gpusPerNode === undefined && next.totalGpus === undefined;
  const onlyPerNode =
    next.gpusPerNode !== undefined && next.nodes === undefined && next.totalGpus === undefined;
  if (onlyNodes || onlyPerNode) {
    nodes = next.nodes ?? nodes;
    gpusPerNode = next.gpusPerNode ?? gpusPerNode;
    totalGpus = nodes !== undefined && gpusPerNode !== undefined ? nodes * gpusPerNode : undefined;
  } else if (next.totalGpus !== undefined) {
    ({ nodes, gpusPerNode, totalGpus } = next);
  }
  const typeChanged = next.gpuType !== undefined;
  return {
    nodes,
    gpusPerNode,
    totalGpus,
    gpuType: next.gpuType ?? prev.gpuType,
    gpuMemoryGb: typeChanged ? next.gpuMemoryGb : (next.gpuMemoryGb ?? prev.gpuMemoryGb),
    interconnect: next.interconnect ?? prev.interconnect,
  };
}

/** A follow-up in the same thread changes what it mentions and keeps the rest. */
export function mergeFollowUp(
  rules: IntentRules,
  previous: Intent,
  delta: Delta,
  negated: readonly Goal[],
  replace: boolean,
  text: string,
): Draft {
  let goals = previous.goals.filter((g) => !negated.includes(g));
  if (replace) {
    for (const goal of delta.goals) {
      const group = rules.raw.goalRules.groups.find((g) => g.includes(goal)) ?? [];
      goals = goals.filter((g) => g === goal || !group.includes(g));
    }
  }
  const namesModel = delta.model !== undefined || delta.unsupportedModels.length > 0;
  const prevData = previous.data;
  const nextData = delta.data;
  return {
    goals: absorbGoals(rules, [...goals, ...delta.goals]),
    requests: [...previous.requests, text],
    model: namesModel ? delta.model : previous.model,
    unsupportedModels: namesModel ? delta.unsupportedModels : previous.unsupportedModels,
    hardware: mergeHardware(previous.hardware, delta.hardware),
    executor: {
      kind: delta.executor.kind ?? previous.executor.kind,
      remote: previous.executor.remote || delta.executor.remote,
      profile: delta.executor.profile ?? previous.executor.profile,
    },
    data: {
      paths: listMerge(prevData.paths, nextData.paths, replace),
      format: nextData.format ?? prevData.format,
      kind: nextData.kind ?? prevData.kind,
      languages: listMerge(prevData.languages, nextData.languages, replace),
      has: union(prevData.has, nextData.has),
      checkpoints: listMerge(prevData.checkpoints, nextData.checkpoints, replace),
    },
    translation: { ...previous.translation, ...delta.translation },
    backend: delta.backend ?? previous.backend,
    lora: delta.lora ?? previous.lora,
    eval: {
      endpointUrl: delta.eval.endpointUrl ?? previous.eval.endpointUrl,
      modelId: delta.eval.modelId ?? previous.eval.modelId,
      tasks: listMerge(previous.eval.tasks, delta.eval.tasks, replace),
      endpointType: delta.eval.endpointType ?? previous.eval.endpointType,
      served: delta.eval.served ?? previous.eval.served,
    },
    authVars: union(previous.authVars, delta.authVars),
    overrides: { ...previous.overrides, ...delta.overrides },
    outputDir: delta.outputDir ?? previous.outputDir,
    declined: union(
      previous.declined.filter((g) => !delta.goals.includes(g)),
      negated,
    ),
    deliverables: union(previous.deliverables, delta.deliverables),
    explicitSteps: union(previous.explicitSteps, delta.explicitSteps),
    directEdges: [
      ...previous.directEdges,
      ...delta.directEdges.filter(
        (e) => !previous.directEdges.some((p) => p.from === e.from && p.toStep === e.toStep),
      ),
    ],
    qualityClaim: previous.qualityClaim || delta.qualityClaim,
    commandOnly: previous.commandOnly || delta.commandOnly,
    configName: delta.configName ?? previous.configName,
    configNamed: delta.configName ? delta.configNamed : previous.configNamed,
    seqLength: delta.seqLength ?? previous.seqLength,
  };
}
