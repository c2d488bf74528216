import type { Catalog } from "../../catalog/index.js";
import type { CompiledRules } from "./compiled.js";
import { type ConditionContext, matches } from "./conditions.js";
import { type Collector, type Entry, writeParam } from "./entry.js";
import type { Facts } from "./facts.js";
import type { ParamContext } from "./params.js";
import { scopeOf } from "./scope.js";

/** Condition context for one stage of the finished DAG. */
export function stageContext(
  facts: Facts,
  entry: Entry,
  entries: readonly Entry[],
): ConditionContext {
  const produced = new Set(entries.flatMap((e) => e.node.outputs.map((o) => o.type)));
  return { facts, produced, stage: scopeOf(entry, entries) };
}

/**
 * Strategies: a step strategy applies when its `when` text contains a matcher
 * phrase whose condition holds for the stage. Patterns: cited on a stage when
 * the pattern rule for that step holds and the checkout ships the pattern.
 */
export function annotate(
  catalog: Catalog,
  compiled: CompiledRules,
  facts: Facts,
  entries: readonly Entry[],
) {
  const known = new Set(catalog.patternIds);
  for (const entry of entries) {
    const ctx = stageContext(facts, entry, entries);
    const strategies = matchedStrategies(compiled, entry, ctx).map((s) => `${s.when}: ${s.then}`);
    const patterns = compiled.rules.patterns
      .filter((p) => known.has(p.id))
      .filter((p) => p.steps.length === 0 || p.steps.includes(entry.node.step.id))
      .filter((p) => matches(p.when, ctx))
      .map((p) => p.id);
    entry.stage.strategies = strategies;
    entry.stage.patterns = [...new Set(patterns)];
  }
}

/** The step's strategies whose `when` a matcher phrase names and whose condition holds. */
function matchedStrategies(compiled: CompiledRules, entry: Entry, ctx: ConditionContext) {
  return entry.node.step.strategies.filter((strategy) => {
    const text = strategy.when.toLowerCase();
    return compiled.phrases.some(
      ({ phrase, index }) => text.includes(phrase) && matchesAt(compiled, index, ctx),
    );
  });
}

/**
 * A matched strategy that states a layout ("tp=8, pp=4, cp=1") sets it on the
 * stage's parallelism keys, before the layout is fitted to the GPUs given.
 */
export function applyStrategyLayout(pc: ParamContext) {
  for (const entry of pc.entries) {
    const { keys } = entry.node.rule;
    const ctx = stageContext(pc.facts, entry, pc.entries);
    for (const strategy of matchedStrategies(pc.compiled, entry, ctx)) {
      for (const m of strategy.then.matchAll(/\b(tp|pp|cp|ep)\s*=\s*(\d+)\b/giu)) {
        const name = (m[1] ?? "").toLowerCase();
        const key =
          name === "tp" ? keys.tp : name === "pp" ? keys.pp : name === "cp" ? keys.cp : keys.ep;
        if (key) writeParam(pc.catalog, entry, key, Number(m[2]), pc.collector);
      }
    }
  }
}

function matchesAt(compiled: CompiledRules, index: number, ctx: ConditionContext): boolean {
  const matcher = compiled.rules.strategyMatchers[index];
  return matcher !== undefined && matches(matcher.when, ctx);
}

/** Questions the rules attach to a step (`asks`), the base model, and the GPU count. */
export function askStageQuestions(
  compiled: CompiledRules,
  facts: Facts,
  entries: readonly Entry[],
  collector: Collector,
) {
  const { rules } = compiled;
  for (const entry of entries) {
    const { node, stage } = entry;
    const fill = { step: node.step.id };
    const ctx = stageContext(facts, entry, entries);
    for (const ask of node.rule.asks) {
      if (matches(ask.when, ctx)) collector.ask(ask.key, stage.id, fill);
    }
    if (facts.gpus === undefined && rules.hardware.askGpusFor.includes(node.step.category)) {
      collector.ask("hardware.gpus", undefined, fill);
    }
  }
  // Ask for the base model on the stage that lists models (the trainer), not on a prep stage.
  const needing = entries.filter((e) => e.node.rule.needsModel);
  const modelStage = needing.find((e) => e.node.step.models.length > 0) ?? needing[0];
  if (modelStage && !facts.modelName) {
    const models = modelStage.node.step.models.map((m) => m.name);
    const fill = { step: modelStage.node.step.id, models: models.join(", ") };
    const template = models.length > 0 ? "model.name" : "model.free";
    collector.ask("model.name", modelStage.stage.id, fill, template);
  }
}
