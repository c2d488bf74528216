import type { PlanContext } from "../context.js";
import { parallelShape } from "../parallel.js";
import type { Entry } from "./entry.js";
import type { Facts } from "./facts.js";

/** Notes for the Infrastructure section: hardware, per-stage layout, executor and profiles. */
export function infrastructureNotes(ctx: PlanContext, facts: Facts, entries: readonly Entry[]) {
  const notes: string[] = [];
  const hw = ctx.intent.hardware;
  if (facts.gpus === undefined) {
    notes.push("GPUs: not given yet.");
  } else {
    const layout = hw.gpusPerNode ? ` (${hw.nodes ?? 1} node(s) x ${hw.gpusPerNode})` : "";
    const type = hw.gpuType ? ` ${hw.gpuType}` : "";
    const link = hw.interconnect ? `, ${hw.interconnect}` : "";
    notes.push(`GPUs: ${facts.gpus}${type}${layout}${link}.`);
    for (const entry of entries) {
      const { keys } = entry.node.rule;
      if (!keys.tp && !keys.globalBatch) continue;
      const shape = parallelShape(ctx.catalog, entry.stage, keys, facts.gpus);
      const dp = shape.dp === undefined ? "does not divide" : `data-parallel ${shape.dp}`;
      const batch = shape.globalBatch === undefined ? "" : `, global batch ${shape.globalBatch}`;
      notes.push(
        `${entry.stage.id}: tp=${shape.tp} pp=${shape.pp} cp=${shape.cp} on ${facts.gpus} GPUs -> ${dp}${batch}.`,
      );
    }
  }
  const executor = ctx.intent.executor;
  const where = executor.remote ? `remote (${executor.kind ?? "executor not named"})` : "local";
  notes.push(`Execution: ${where}${executor.profile ? `, profile ${executor.profile}` : ""}.`);
  if (ctx.profiles && ctx.profiles.sections.length > 0) {
    const names = ctx.profiles.sections.map((s) => s.section).join(", ");
    notes.push(`Env profiles (${ctx.profiles.source}): ${names}.`);
  }
  return notes;
}
