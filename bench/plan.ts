import { readEnvProfiles } from "../src/act/index.js";
import { loadCatalog } from "../src/catalog/index.js";
import { loadCases } from "../src/eval/index.js";
import { composePlan } from "../src/planner/compose/index.js";
import { loadIntentRules, readIntent } from "../src/planner/intent-reader/index.js";
import { renderAnswer } from "../src/planner/render/index.js";
import { loadPlanningRules } from "../src/planner/rules/index.js";
import { checkPlan } from "../src/validators/index.js";
import { checkMemoryFit, loadMemoryFitData } from "../src/validators/memory-fit/index.js";
import { fmt, summarize, timeIt } from "./stats.js";

/**
 * Offline planning time per eval request with the catalog and rules loaded:
 * read the intent, compose, run the hard checks and the memory estimate,
 * render. The estimate's own cost is measured in the same run, as the
 * difference with and without it.
 */
export function benchPlanning(checkout: string, repeats: number): string[] {
  const catalog = loadCatalog(checkout);
  const intentRules = loadIntentRules();
  const planningRules = loadPlanningRules();
  const profiles = readEnvProfiles({ root: checkout });
  const memoryData = loadMemoryFitData();
  const planOnce = (request: string, memory = true) => {
    const intent = readIntent(request, catalog, intentRules);
    const ctx = { catalog, catalogSource: "flag" as const, intent, profiles };
    const draft = composePlan(ctx, planningRules);
    const fit = memory
      ? checkMemoryFit(draft, ctx, planningRules, memoryData)
      : { rows: [], findings: [] };
    renderAnswer(
      {
        ...draft,
        findings: [...draft.findings, ...checkPlan(draft, ctx, planningRules), ...fit.findings],
        memory: fit.rows,
      },
      ctx,
    );
  };
  const cases = loadCases();
  for (const c of cases) planOnce(c.request); // warm caches (shipped configs are parsed on first use)
  const perCase = cases.map((c) => ({
    id: c.id,
    ...summarize(timeIt(() => planOnce(c.request), repeats)),
  }));
  const without = summarize(
    cases.map((c) => summarize(timeIt(() => planOnce(c.request, false), repeats)).median),
  );
  const all = summarize(perCase.map((p) => p.median));
  const slowest = [...perCase].sort((a, b) => b.median - a.median).slice(0, 5);
  return [
    `offline plan per request (${cases.length} eval requests, warm)  median ${fmt(all.median)}  max ${fmt(all.max)} (goal: a few ms)`,
    `  memory estimate adds ${fmt(all.median - without.median)} per request (median ${fmt(without.median)} without it; goal: under 1 ms)`,
    ...slowest.map((p) => `  slowest: ${p.id.padEnd(44)} ${fmt(p.median)}`),
  ];
}
