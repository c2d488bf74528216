import type { PlanContext } from "../context.js";
import type { CompiledRules } from "./compiled.js";
import { matches } from "./conditions.js";
import type { PlanNode } from "./dag.js";
import type { Collector, Entry } from "./entry.js";
import type { Facts } from "./facts.js";

/** Findings about the request itself: guards, direct edges, models, profiles, eval defaults. */
export function compositionFindings(
  ctx: PlanContext,
  compiled: CompiledRules,
  facts: Facts,
  entries: readonly Entry[],
  collector: Collector,
) {
  for (const guard of facts.guardsFired) collector.info("routing_guard", guard.note);
  directEdgeFindings(ctx, compiled, entries, collector);
  declinedStageFindings(ctx, compiled, entries, collector);
  loraTradeoff(ctx, entries, collector);
  const base = ctx.intent.model?.name;
  for (const model of ctx.intent.unsupportedModels) {
    if (entries.length > 0 && base && base !== model) {
      // The stages run the user's checkpoint; the unlisted name only says where it came from.
      collector.info(
        "unlisted_model",
        `${model} is not a model any catalog step lists; the stages run ${base} as given.`,
        "Check the step's README for the model families it supports before the full run.",
      );
      continue;
    }
    collector.warn(
      "unsupported_model",
      `${model} is not a model any catalog step lists, so no stage is planned for it.`,
      "Pick a model a step lists (nemotron steps show <step>), or ask for an Explorer build.",
    );
  }
  const profile = ctx.intent.executor.profile;
  const sections = ctx.profiles?.sections.map((s) => s.section) ?? [];
  if (profile && !sections.includes(profile)) {
    collector.warn(
      "profile_missing",
      `the env profile ${profile} is not a section of the env files this run can see.`,
      sections.length > 0
        ? `Use one of: ${sections.join(", ")}; or add the section (env/env_toml).`
        : "Create an env profile first (env/env_toml) or run locally with --dry-run.",
    );
  }
  const produced = new Set(entries.flatMap((e) => e.node.outputs.map((o) => o.type)));
  const baseline = matches(compiled.rules.eval.baselineWhen, { facts, produced });
  for (const entry of entries) {
    if (entry.node.origin !== "bookend" || !baseline) continue;
    collector.info(
      "eval_baseline",
      `Run ${entry.stage.id}'s evaluation once on the starting checkpoint before training, with the same tasks and settings, so the two results compare (eval-bookends).`,
      undefined,
      entry.stage.id,
    );
  }
  const tasksKnown = ctx.intent.eval.tasks.length > 0;
  for (const entry of entries) {
    if (entry.node.origin !== "bookend" || tasksKnown) continue;
    collector.info(
      "eval_default_tasks",
      `${entry.stage.id} keeps the task list of its ${entry.stage.baseConfig} config; name other task ids to change it.`,
      undefined,
      entry.stage.id,
    );
  }
}

/**
 * A user-requested edge (artifact -> step) that does not type-check is
 * repaired by the composer; say so and name what was inserted.
 */
function directEdgeFindings(
  ctx: PlanContext,
  compiled: CompiledRules,
  entries: readonly Entry[],
  collector: Collector,
) {
  const graph = ctx.catalog.artifacts;
  for (const edge of ctx.intent.directEdges) {
    const step = ctx.catalog.step(edge.toStep);
    if (!step || step.consumes.some((p) => graph.isCompatible(edge.from, p.type))) continue;
    const wants = step.consumes.filter((p) => p.required).map((p) => p.type);
    const target = entries.find((e) => e.node.step.id === edge.toStep);
    const inserted = target ? insertedBefore(target.node, entries) : [];
    const fix =
      inserted.length > 0
        ? `The plan inserts ${inserted.join(", ")} so ${edge.toStep} receives ${wants.join(" + ")}.`
        : repairHint(compiled, ctx, edge.from, wants, edge.toStep);
    collector.warn(
      "type_mismatch",
      `type mismatch: ${edge.toStep} consumes ${wants.join(" + ") || "nothing"}, not ${edge.from}.`,
      fix,
      target?.stage.id,
    );
  }
}

/**
 * A stage the user declined ("no packing") that the plan still needs, because
 * the next step cannot read what the user has: say which types disagree.
 */
function declinedStageFindings(
  ctx: PlanContext,
  compiled: CompiledRules,
  entries: readonly Entry[],
  collector: Collector,
) {
  const declined = new Set(ctx.intent.declined);
  const declinedSteps = new Set(
    compiled.rules.routes
      .filter((route) => route.goals.some((g) => declined.has(g)))
      .flatMap((route) => [...(compiled.routeSteps.get(route.id) ?? [])]),
  );
  for (const entry of entries) {
    const { node } = entry;
    if (node.origin === "goal" || !declinedSteps.has(node.step.id)) continue;
    const given = node.inputs.filter((i) => i.source.kind === "user").map((i) => i.port);
    for (const consumer of entries) {
      const input = consumer.node.inputs.find(
        (i) => i.source.kind === "stage" && i.source.node === node,
      );
      if (!input) continue;
      const from = given.length > 0 ? given.join(" + ") : "what the request provides";
      collector.warn(
        "type_mismatch",
        `type mismatch: ${consumer.node.step.id} consumes ${input.port}, not ${from}, so ${entry.stage.id} (${node.step.id}) stays in the plan although the request skips it.`,
        `Keep ${node.step.id} to turn ${from} into ${input.port}, or give ${consumer.node.step.id} an existing ${input.port}.`,
        entry.stage.id,
      );
    }
  }
}

/** Full fine-tuning or LoRA, when the request did not choose: say what the other option does. */
function loraTradeoff(ctx: PlanContext, entries: readonly Entry[], collector: Collector) {
  if (ctx.intent.lora !== undefined) return;
  for (const entry of entries) {
    const lora = entry.node.rule.keys.lora;
    if (!lora || entry.node.origin !== "goal") continue;
    collector.info(
      "lora_tradeoff",
      `${entry.stage.id} keeps the shipped ${lora.key} setting; LoRA (${lora.key}=${lora.on}) trains adapters only, for less GPU memory and smaller checkpoints, while full fine-tuning (${lora.key}=${String(lora.off)}) updates every weight.`,
      undefined,
      entry.stage.id,
    );
  }
}

/** Producer and converter stages upstream of a node, as `id (step)`. */
function insertedBefore(node: PlanNode, entries: readonly Entry[]): string[] {
  const found: string[] = [];
  const visit = (current: PlanNode) => {
    for (const input of current.inputs) {
      if (input.source.kind !== "stage") continue;
      const upstream = input.source.node;
      visit(upstream);
      const entry = entries.find((e) => e.node === upstream);
      const label = entry ? `${entry.stage.id} (${upstream.step.id})` : upstream.step.id;
      if (upstream.origin !== "goal" && !found.includes(label)) found.push(label);
    }
  };
  visit(node);
  return found;
}

function repairHint(
  compiled: CompiledRules,
  ctx: PlanContext,
  from: string,
  wants: readonly string[],
  toStep: string,
): string {
  for (const want of wants) {
    const converter = ctx.catalog.artifacts.converterFor(from, want);
    const producer = compiled.rules.producers[want];
    const step = converter ?? producer;
    if (step) return `Insert ${step} before ${toStep} to turn ${from} into ${want}.`;
  }
  return `Give ${toStep} a ${wants.join(" + ")} instead of ${from}.`;
}
