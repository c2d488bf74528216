import { producersOf, type StepManifest } from "../../catalog/index.js";
import type { PlanContext } from "../context.js";
import type { PlanDraft } from "../plan.js";
import { code } from "./format.js";

/** A step the request should not use, with the catalog facts that rule it out. */
export interface Alternative {
  step: StepManifest;
  reasons: string[];
}

/** Artifact types the request already has: user inputs, declared holdings and plan outputs. */
function availableTypes(draft: PlanDraft, ctx: PlanContext): string[] {
  const fromUser = draft.stages.flatMap((s) =>
    s.consumes.filter((c) => c.from === "user").map((c) => c.type),
  );
  const produced = draft.stages.flatMap((s) => s.produces.map((p) => p.type));
  return [...new Set([...ctx.intent.data.has, ...fromUser, ...produced])];
}

/** Why `wanted` is not at hand, naming the extra stage that would have to provide it. */
function inputReason(ctx: PlanContext, available: string[], wanted: string): string | undefined {
  const graph = ctx.catalog.artifacts;
  if (available.some((type) => graph.isCompatible(type, wanted))) return undefined;
  const converter = available.map((type) => graph.converterFor(type, wanted)).find(Boolean);
  if (converter)
    return `needs ${code(wanted)}, so an extra ${code(converter)} conversion stage first`;
  const oneHop = producersOf(ctx.catalog.steps, graph, wanted).filter((p) =>
    p.consumes
      .filter((c) => c.required)
      .every((c) => available.some((t) => graph.isCompatible(t, c.type))),
  );
  if (oneHop.length > 0) {
    return `needs ${code(wanted)}, so an extra ${oneHop.map((p) => code(p.id)).join(" or ")} stage first`;
  }
  return `needs ${code(wanted)}, which the request does not provide`;
}

/** Model and GPU facts; "does not list" counts only when a chosen step does list the model. */
function gpuReason(
  ctx: PlanContext,
  step: StepManifest,
  chosenListsModel: boolean,
): string | undefined {
  const total = ctx.intent.hardware.totalGpus;
  const model = ctx.intent.model;
  if (step.models.length === 0) return undefined;
  const match = model ? step.models.find((m) => m.name === model.name) : undefined;
  if (model && !match && chosenListsModel)
    return `does not list ${code(model.name)} among its models`;
  if (!total) return undefined;
  if (match?.min_gpus && match.min_gpus > total) {
    return `needs at least ${match.min_gpus} GPUs for ${code(match.name)}; ${total} available`;
  }
  const mins = step.models.map((m) => m.min_gpus ?? 0);
  const smallest = Math.min(...mins);
  if (!match && smallest > total)
    return `its smallest listed model needs ${smallest} GPUs; ${total} available`;
  return undefined;
}

/**
 * Steps in the same category as a chosen one that do not fit the request, from catalog facts:
 * required inputs the request lacks (and what would have to be added) and GPU minimums.
 */
export function alternativesToAvoid(draft: PlanDraft, ctx: PlanContext): Alternative[] {
  const chosen = new Set(draft.stages.map((s) => s.step));
  const categories = new Set(
    draft.stages.map((s) => ctx.catalog.step(s.step)?.category).filter(Boolean),
  );
  const available = availableTypes(draft, ctx);
  const modelName = ctx.intent.model?.name;
  const chosenListsModel = draft.stages.some((s) =>
    ctx.catalog.step(s.step)?.models.some((m) => m.name === modelName),
  );
  const result: Alternative[] = [];
  for (const step of ctx.catalog.steps) {
    if (chosen.has(step.id) || !categories.has(step.category)) continue;
    const inputs = step.consumes
      .filter((c) => c.required)
      .map((c) => inputReason(ctx, available, c.type));
    const reasons = [...inputs, gpuReason(ctx, step, chosenListsModel)].filter(
      (r): r is string => r !== undefined,
    );
    if (reasons.length > 0) result.push({ step, reasons });
  }
  return result;
}
