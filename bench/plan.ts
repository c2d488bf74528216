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
 * render. The estimate's own cost is measured in the same run, both as the
 * paired difference of plan time with and without it and on its own.
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
    const composed = composePlan(ctx, planningRules);
    const { draft } = composed;
    const fit = memory
      ? checkMemoryFit(composed, ctx, planningRules, memoryData)
      : { rows: [], findings: [] };
    renderAnswer(
      {
        ...draft,
        findings: [...draft.findings, ...checkPlan(composed, ctx, planningRules), ...fit.findings],
        memory: fit.rows,
      },
      ctx,
    );
  };
  const cases = loadCases();
  for (const c of cases) planOnce(c.request); // warm caches (shipped configs are parsed on first use)
  // Each round times the plan with and without the estimate back to back, in
  // alternating order, so drift and noise fall on both alike: the cost is a paired difference.
  const withFit: number[] = [];
  const added: number[] = [];
  for (const c of cases) {
    const on: number[] = [];
    const diffs: number[] = [];
    for (let round = 0; round < repeats; round++) {
      const time = (memory: boolean) => {
        const start = performance.now();
        planOnce(c.request, memory);
        return performance.now() - start;
      };
      const withFirst = round % 2 === 0;
      const first = time(withFirst);
      const second = time(!withFirst);
      const [withIt, without] = withFirst ? [first, second] : [second, first];
      on.push(withIt);
      diffs.push(withIt - without);
    }
    withFit.push(summarize(on).median);
    added.push(summarize(diffs).median);
  }
  const all = summarize(withFit);
  const perCase = cases.map((c, i) => ({ id: c.id, median: withFit[i] ?? 0 }));
  const slowest = [...perCase].sort((a, b) => b.median - a.median).slice(0, 5);
  const total = (xs: readonly number[]) => xs.reduce((sum, x) => sum + x, 0);
  const own = estimateAlone(cases, repeats);
  const share = total(added) / total(withFit);
  return [
    `offline plan per request (${cases.length} eval requests, warm)  median ${fmt(all.median)}  max ${fmt(all.max)} (goal: a few ms)`,
    `  memory estimate, plan with it minus without (median of paired rounds per request): median ${fmt(summarize(added).median)}  mean ${fmt(total(added) / Math.max(1, added.length))}  ${(100 * share).toFixed(1)}% of all plan time (goal: under 1 ms)`,
    `  memory estimate alone (checkMemoryFit): median ${fmt(own.median)}  mean ${fmt(own.mean)}  max ${fmt(own.max)} (${own.id}); ${own.withRows} requests get rows`,
    ...slowest.map((p) => `  slowest: ${p.id.padEnd(44)} ${fmt(p.median)}`),
  ];

  /** The estimate's own time per request, repeated within each sample to rise above the timer's resolution. */
  function estimateAlone(list: typeof cases, rounds: number) {
    const inner = 20;
    const times = list.map((c) => {
      const intent = readIntent(c.request, catalog, intentRules);
      const ctx = { catalog, catalogSource: "flag" as const, intent, profiles };
      const draft = composePlan(ctx, planningRules);
      const check = () => checkMemoryFit(draft, ctx, planningRules, memoryData);
      const rows = check().rows.length;
      const samples = timeIt(() => {
        for (let i = 0; i < inner; i++) check();
      }, rounds).map((ms) => ms / inner);
      return { id: c.id, ms: summarize(samples).median, rows };
    });
    const worst = [...times].sort((a, b) => b.ms - a.ms)[0];
    return {
      median: summarize(times.map((t) => t.ms)).median,
      mean: total(times.map((t) => t.ms)) / Math.max(1, times.length),
      max: worst?.ms ?? 0,
      id: worst?.id ?? "",
      withRows: times.filter((t) => t.rows > 0).length,
    };
  }
}
