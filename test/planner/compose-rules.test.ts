import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/catalog/index.js";
import {
  type ConceptKeys,
  loadPlanningRules,
  PLANNING_RULES_FILE,
  PlanningRulesError,
  parsePlanningRules,
} from "../../src/planner/rules/index.js";
import { keyAccepted } from "../../src/planner/stage-config.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { catalog, requireCatalog } from "../validators/fixtures.js";

const rules = loadPlanningRules();

function conceptKeys(keys: ConceptKeys): string[] {
  return Object.values(keys).flatMap((value) => {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value;
    return value ? [value.key] : [];
  });
}

describe("planning rules file", () => {
  it("loads once and is cached", () => {
    expect(loadPlanningRules()).toBe(rules);
    expect(rules.routes.length).toBeGreaterThan(0);
  });

  it("reports the field that breaks the schema", () => {
    const broken = "version: 1\nmodelFamilies: []\nroutes: oops\n";
    expect(() => parsePlanningRules(broken, "bad.yaml")).toThrow(PlanningRulesError);
    expect(() => parsePlanningRules(broken, "bad.yaml")).toThrow(/bad\.yaml: /);
    // A wrong value deep in the real file: the error names its line.
    const wrongType = readFileSync(path.join(packageRoot(), PLANNING_RULES_FILE), "utf8").replace(
      /^(\s+)gpusPerNode: \d+$/m,
      "$1gpusPerNode: many",
    );
    const line = wrongType.split("\n").findIndex((l) => l.endsWith("gpusPerNode: many")) + 1;
    expect(line).toBeGreaterThan(1);
    expect(() => parsePlanningRules(wrongType, "bad.yaml")).toThrow(
      new RegExp(`bad\\.yaml:${line}: hardware\\.gpusPerNode: `),
    );
    const typo = parsePlanningRules.bind(
      null,
      "version: 1\nguards: [{ id: g, when: { goalsAny: [sft], bogus: 1 }, note: n }]\n",
    );
    expect(typo).toThrow(PlanningRulesError);
  });
});

describe.skipIf(!hasSnapshot)("planning rules against the real catalog", () => {
  it("names only steps, artifact types and patterns the catalog has", () => {
    const c = requireCatalog();
    const steps = new Set([
      ...rules.routes.flatMap((r) =>
        r.candidates.flatMap((cand) => cand.stages.map((s) => s.step)),
      ),
      ...Object.keys(rules.steps),
      ...Object.values(rules.producers),
      ...rules.warmStart.steps,
      rules.eval.step,
      ...Object.keys(rules.hardware.ladders),
      ...Object.values(rules.hardware.ladders).flatMap((l) =>
        [l.automodel, l.lora].filter((x) => x !== undefined),
      ),
      ...rules.hardware.heuristics.flatMap((h) => h.steps),
      ...rules.patterns.flatMap((p) => p.steps),
    ]);
    expect([...steps].filter((id) => !c.step(id))).toEqual([]);
    expect(c.steps.filter((s) => !rules.steps[s.id]).map((s) => s.id)).toEqual([]);
    const types = [
      ...Object.keys(rules.producers),
      ...rules.alignment.lockedTypes,
      rules.warmStart.type,
      ...Object.values(rules.userData.byKind).flat(),
      ...Object.values(rules.userData.byFormat).flat(),
      ...Object.values(rules.userData.modelArtifacts),
      ...Object.values(rules.steps).flatMap((s) => [
        ...Object.keys(s.inputs),
        ...Object.keys(s.outputs),
      ]),
    ];
    expect(types.filter((t) => !c.artifacts.has(t))).toEqual([]);
    const patterns = new Set(c.patterns.map((p) => p.id));
    expect(rules.patterns.map((p) => p.id).filter((id) => !patterns.has(id))).toEqual([]);
    const guardPatterns = rules.guards.flatMap((g) => (g.pattern ? [g.pattern] : []));
    expect(guardPatterns.filter((id) => !patterns.has(id))).toEqual([]);
  });

  it("maps concepts only to keys some shipped config (or the manifest) of the step has", () => {
    const c = requireCatalog();
    const missing: string[] = [];
    for (const [stepId, rule] of Object.entries(rules.steps)) {
      const step = c.step(stepId);
      if (!step) continue;
      const keys = [
        ...conceptKeys(rule.keys),
        ...Object.values(rule.inputs),
        ...Object.values(rule.outputs).map((o) => o.key),
      ];
      for (const key of keys) {
        if (!step.configs.some((name) => keyAccepted(c, stepId, name, key)))
          missing.push(`${stepId}: ${key}`);
      }
      for (const variant of rule.variants) {
        if (variant.baseConfig && !step.configs.includes(variant.baseConfig)) {
          missing.push(`${stepId}: config ${variant.baseConfig}`);
        }
        for (const key of Object.keys(variant.params)) {
          if (!keyAccepted(c, stepId, variant.baseConfig ?? "default", key))
            missing.push(`${stepId}: ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("has a strategy in the catalog for every matcher phrase", () => {
    const whens = (catalog?.steps ?? []).flatMap((s) =>
      s.strategies.map((x) => x.when.toLowerCase()),
    );
    const orphans = rules.strategyMatchers.filter(
      (m) => !whens.some((w) => w.includes(m.phrase.toLowerCase())),
    );
    expect(orphans.map((m) => m.phrase)).toEqual([]);
  });

  it("has a question for every key the composer can ask", () => {
    const asked = Object.values(rules.steps).flatMap((s) => s.asks.map((a) => a.key));
    const fixed = [
      "data.path",
      "checkpoint",
      "warmStart",
      "reward",
      "model.name",
      "model.free",
      "model.tokenizer",
      "hardware.gpus",
      "outputDir",
      "translation.targetLocale",
    ];
    expect([...asked, ...fixed].filter((k) => !rules.questions[k])).toEqual([]);
  });
});
