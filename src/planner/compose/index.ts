import type { PlanContext } from "../context.js";
import type { ComposedPlan, PlanDraft, PlanFacts } from "../plan.js";
import type { PlanningRules } from "../rules/index.js";
import { alignSeqLength, alignTokenizer, applyOverrides, fitParallel } from "./align.js";
import { annotate, applyStrategyLayout, askStageQuestions } from "./annotate.js";
import { addEvalBookends, lastQualityStage } from "./bookends.js";
import { type CompiledRules, compileRules } from "./compiled.js";
import { type ConditionContext, matches } from "./conditions.js";
import { DagBuilder, type VariantPicker } from "./dag.js";
import { Collector } from "./entry.js";
import { deriveFacts, type Facts } from "./facts.js";
import { compositionFindings } from "./findings.js";
import { fittingStep } from "./fit.js";
import { applyGuards, chooseVariant, explicitSteps, routeStages } from "./goals.js";
import { infrastructureNotes } from "./infrastructure.js";
import { orderNodes, planName } from "./order.js";
import {
  namedConfigSuppliesOutputs,
  type ParamContext,
  writeIoParams,
  writeModelParams,
  writeServiceParams,
} from "./params.js";
import { assignPaths } from "./paths.js";
import { sizingFindings } from "./sizing.js";
import { buildEntries } from "./stages.js";

export { compileRules } from "./compiled.js";
export { type ConditionContext, matches, type StageScope } from "./conditions.js";
export type { Facts } from "./facts.js";

/**
 * Compose a plan: route the goals to steps, build the DAG backward from them
 * by artifact type, add eval bookends, then fill stage params, strategies,
 * patterns, questions and findings. Pure: reads only the catalog and rules.
 * Returns the facts the hard checks judge the plan against with it.
 */
export function composePlan(ctx: PlanContext, rules: PlanningRules): ComposedPlan {
  const compiled = compileRules(rules);
  const { intent, catalog } = ctx;
  const collector = new Collector(rules.questions, rules.inputKeys);
  const { facts, guarded } = guardedFacts(ctx, compiled);
  const name = planName(
    intent,
    facts,
    rules.routes.flatMap((r) => r.goals),
  );
  if (intent.route === "explorer" || intent.route === "out_of_scope") {
    compositionFindings(ctx, compiled, facts, [], collector);
    return draft(name, ctx, compiled, facts, [], collector);
  }

  const contextNow = (): ConditionContext => ({ facts, produced: builder.produced });
  const pick: VariantPicker = (step, origin) => chooseVariant(step, origin, compiled, contextNow());
  const builder = new DagBuilder(
    catalog,
    compiled,
    facts,
    intent.route !== "single_step",
    guarded.droppedSteps,
    pick,
  );
  const named = explicitSteps(intent, catalog, guarded.droppedSteps);
  for (const route of rules.routes) {
    const stages = routeStages(
      route,
      guarded,
      named,
      compiled,
      catalog,
      contextNow(),
      collector.findings,
    );
    for (const goal of stages) {
      // A recommendation names a step the request's GPUs can run.
      const step =
        intent.route === "recommendation"
          ? fittingStep(goal.step, catalog, compiled, facts, collector)
          : goal.step;
      const variant =
        step === goal.step ? goal.variant : chooseVariant(step, "goal", compiled, contextNow());
      // A requested eval measures the last quality-changing stage, not whatever came last.
      const measured =
        step.id === rules.eval.step ? lastQualityStage(builder, compiled) : undefined;
      builder.add(step, { origin: "goal", variant, sourceNode: measured });
    }
  }
  for (const type of intent.deliverables) builder.deliver(type);
  if (intent.route !== "single_step") addEvalBookends(builder, catalog, compiled, facts, pick);

  const ordered = orderNodes(builder.nodes);
  const paths = assignPaths(ordered, facts, compiled, collector);
  const entries = buildEntries(ordered, name, compiled, facts);
  const pc: ParamContext = {
    catalog,
    compiled,
    facts,
    collector,
    entries,
    byNode: new Map(entries.map((e) => [e.node, e])),
  };
  for (const entry of entries) {
    writeModelParams(pc, entry);
    writeIoParams(pc, entry, paths);
    writeServiceParams(pc, entry);
  }
  // Where results go is the user's to say: a shipped default location is not an answer.
  const delivers = entries.some(
    (e) =>
      !e.node.rule.outputOptional &&
      e.node.outputs.length > 0 &&
      !namedConfigSuppliesOutputs(pc, e),
  );
  const routed = intent.route === "pipeline" || intent.route === "single_step";
  if (routed && delivers && !intent.outputDir && paths.outputs.size === 0) {
    const template = entries.length === 1 ? "outputDir.one" : "outputDir";
    const last = entries.at(-1)?.node;
    const fill: Record<string, string> = last
      ? { step: last.step.id, type: last.outputs.map((o) => o.type).join(" + ") }
      : {};
    collector.ask("outputDir", undefined, fill, template);
  }
  alignSeqLength(pc);
  alignTokenizer(pc);
  applyStrategyLayout(pc);
  fitParallel(pc);
  applyOverrides(pc);
  annotate(catalog, compiled, facts, entries);
  askStageQuestions(compiled, facts, entries, collector);
  compositionFindings(ctx, compiled, facts, entries, collector);
  sizingFindings(compiled, facts, entries, collector);
  return draft(name, ctx, compiled, facts, entries, collector);
}

function guardedFacts(ctx: PlanContext, compiled: CompiledRules) {
  const none = new Set<string>();
  const guarded = applyGuards(ctx.intent, compiled, (goals, fired) => ({
    facts: deriveFacts(ctx, compiled, goals, fired),
    produced: none,
  }));
  const facts = deriveFacts(ctx, compiled, guarded.goals, guarded.fired);
  return { facts, guarded };
}

/** The facts planning conditions see for a request (guards applied). */
export function planFacts(ctx: PlanContext, rules: PlanningRules): Facts {
  return guardedFacts(ctx, compileRules(rules)).facts;
}

function draft(
  name: string,
  ctx: PlanContext,
  compiled: CompiledRules,
  facts: Facts,
  entries: ReturnType<typeof buildEntries>,
  collector: Collector,
): ComposedPlan {
  const plan: PlanDraft = {
    name,
    route: ctx.intent.route,
    stages: entries.map((e) => e.stage),
    findings: collector.findings,
    requiredInputs: collector.required,
    infrastructure: infrastructureNotes(ctx, facts, entries),
  };
  return { draft: plan, facts: checkedFacts(compiled, facts, plan) };
}

/** The facts the hard checks need, so they judge the plan without the composer's internals. */
function checkedFacts(compiled: CompiledRules, facts: Facts, plan: PlanDraft): PlanFacts {
  const condition: ConditionContext = {
    facts,
    produced: new Set(plan.stages.flatMap((s) => s.produces.map((p) => p.type))),
  };
  return {
    gpus: facts.gpus,
    heuristics: compiled.rules.hardware.heuristics
      .filter((h) => matches(h.when, condition))
      .map((h) => h.id),
  };
}
