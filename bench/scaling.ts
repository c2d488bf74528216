import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildStageConfig, readEnvProfiles } from "../src/act/index.js";
import { loadCatalog } from "../src/catalog/index.js";
import { composePlan } from "../src/planner/compose/index.js";
import { loadIntentRules, readIntent } from "../src/planner/intent-reader/index.js";
import { loadPlanningRules } from "../src/planner/rules/index.js";
import { checkPlan } from "../src/validators/index.js";
import { fmt, summarize, timeIt } from "./stats.js";

const REQUEST =
  "Fine-tune Nemotron Nano3 on my English chat JSONL at /data/chat/train.jsonl on one local node of 8x H100, outputs under /out/nano3-sft";

/**
 * Plan time against a checkout whose stage configs grow to 1k, 10k and 40k
 * keys (a fresh catalog each time, so every config is read and parsed), and
 * offline reading of 4k- and 40k-character adversarial requests. Linear cost
 * shows as a flat time per key (or per character) across sizes.
 */
export function benchScaling(checkout: string, repeats: number): string[] {
  const intentRules = loadIntentRules();
  const planningRules = loadPlanningRules();
  const probe = loadCatalog(checkout);
  const probeIntent = readIntent(REQUEST, probe, intentRules);
  const profiles = readEnvProfiles({ root: checkout });
  const stages = composePlan(
    { catalog: probe, catalogSource: "flag", intent: probeIntent, profiles },
    planningRules,
  ).draft.stages;
  const lines: string[] = [];
  const perKey: number[] = [];
  for (const keys of [1_000, 10_000, 40_000]) {
    const root = mkdtempSync(path.join(os.tmpdir(), "nc-bench-keys-"));
    try {
      cpSync(checkout, root, { recursive: true });
      const extra = Array.from({ length: keys }, (_, i) => `  bench_key_${i}: ${i}`).join("\n");
      for (const stage of stages) {
        const step = probe.step(stage.step);
        if (step)
          appendFileSync(
            path.join(root, step.path, "config", `${stage.baseConfig}.yaml`),
            `\nbench_extra:\n${extra}\n`,
          );
      }
      const planOnce = () => {
        const catalog = loadCatalog(root);
        const intent = readIntent(REQUEST, catalog, intentRules);
        const ctx = { catalog, catalogSource: "flag" as const, intent, profiles };
        const composed = composePlan(ctx, planningRules);
        const { draft } = composed;
        checkPlan(composed, ctx, planningRules);
        for (const stage of draft.stages)
          buildStageConfig({ catalog, stage, plan: draft, secrets: [] });
      };
      const { median } = summarize(timeIt(planOnce, Math.max(3, Math.floor(repeats / 5))));
      perKey.push(median / keys);
      lines.push(
        `plan + configs, ${String(keys).padStart(6)} extra keys per stage config  median ${fmt(median)}  (${fmt((median / keys) * 1000)} per 1k keys)`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const growth = (perKey.at(-1) ?? 0) / (perKey[0] || 1);
  lines.push(`  per-key cost at 40k vs 1k keys: ${growth.toFixed(2)}x (goal: about 1x, linear)`);

  const catalog = loadCatalog(checkout);
  for (const unit of ["Falcon-", "a.", "token: ", "nvapi-abcdefgh ", "x="]) {
    const small = unit.repeat(Math.ceil(4_000 / unit.length));
    const large = unit.repeat(Math.ceil(40_000 / unit.length));
    const t4 = summarize(timeIt(() => readIntent(small, catalog, intentRules), repeats)).median;
    const t40 = summarize(
      timeIt(() => readIntent(large, catalog, intentRules), Math.max(3, Math.floor(repeats / 5))),
    ).median;
    lines.push(
      `read ${JSON.stringify(unit).padEnd(18)} 4k chars ${fmt(t4)}  40k chars ${fmt(t40)}  growth ${(t40 / (t4 || 1)).toFixed(1)}x (goal: about 10x)`,
    );
  }
  return lines;
}
