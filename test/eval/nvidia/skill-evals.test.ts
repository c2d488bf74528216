import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  gradeBehaviours,
  loadSkillChecks,
  loadSkillTasks,
  pairTasks,
  type SkillChecks,
  type SkillTask,
} from "../../../src/eval/nvidia/index.js";
import { fixtureCatalog, sftPlanResult } from "../fixtures.js";

const task = (id: string, behaviours: number): SkillTask => ({
  id,
  question: "Which steps turn chat JSONL into a Megatron checkpoint?",
  expected_behavior: Array.from({ length: behaviours }, (_, i) => `behaviour ${i + 1}`),
});

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-skill-")), name);
  writeFileSync(file, text);
  return file;
}

describe("skill task files and their checks", () => {
  it("the shipped checks load and cover every behaviour with a sentence of their own", () => {
    const checks = loadSkillChecks();
    const behaviours = Object.values(checks.tasks).flatMap((t) => t.behaviours);
    expect(Object.keys(checks.tasks)).toHaveLength(8);
    for (const b of behaviours) expect(b.check.length).toBeGreaterThan(10);
  });

  it("refuses tasks without checks, a different number of behaviours and stale entries", () => {
    const checks: SkillChecks = {
      tasks: {
        a: { behaviours: [{ check: "the plan packs first", expect: { route: "pipeline" } }] },
      },
    };
    expect(pairTasks([task("a", 1)], checks, "c.yaml")).toHaveLength(1);
    expect(() => pairTasks([task("a", 2)], checks, "c.yaml")).toThrow(
      "c.yaml: tasks.a.behaviours: 1 check(s) for 2 expected behaviour(s)",
    );
    expect(() => pairTasks([task("a", 1), task("b", 1)], checks, "c.yaml")).toThrow(
      'no checks for task "b"',
    );
    expect(() => pairTasks([], checks, "c.yaml")).toThrow("tasks.a: no such task");
  });

  it("names the file and line of broken task JSON and broken check YAML", () => {
    const json = tempFile("evals.json", '[\n  {"id": "a",\n  "question": }\n]');
    expect(() => loadSkillTasks(json)).toThrow(/evals\.json:3: invalid JSON/);
    const shape = tempFile("evals.json", JSON.stringify([{ id: "a", question: "q" }]));
    expect(() => loadSkillTasks(shape)).toThrow(/\[0\]\.expected_behavior/);
    const yaml = tempFile(
      "checks.yaml",
      "tasks:\n  a:\n    behaviours:\n      - check: x\n        expect: {route: nowhere}\n",
    );
    expect(() => loadSkillChecks(yaml)).toThrow(
      /checks\.yaml: tasks\.a\.behaviours\[0\]\.expect\.route/,
    );
  });
});

describe("behaviour grading", () => {
  const result = sftPlanResult();

  it("passes expect, needs one anyOf block, and reports judgement calls as such", () => {
    const checks = gradeBehaviours(
      [
        {
          check: "packs before training",
          expect: { stepsInOrder: ["data_prep/sft_packing", "sft/megatron_bridge"] },
        },
        {
          check: "a dry run or a batch submission",
          expect: { route: "pipeline" },
          anyOf: [{ commandFragments: ["--never-there"] }, { commandFragments: ["--dry-run"] }],
        },
        { check: "reads the skill first", judgement: "no file-read trace" },
      ],
      result,
      fixtureCatalog,
    );
    expect(checks.map((c) => c.status)).toEqual(["pass", "pass", "judgement"]);
    expect(checks.map((c) => c.check)).toEqual(["behaviour 1", "behaviour 2", "behaviour 3"]);
    expect(checks[2]?.about).toBe("reads the skill first");
  });

  it("fails when expect fails even if an anyOf block passes, and when no anyOf block passes", () => {
    const [both, none] = gradeBehaviours(
      [
        {
          check: "x",
          expect: { route: "single_step" },
          anyOf: [{ tier: "Blocked" }, { tier: "Verified" }],
        },
        { check: "y", anyOf: [{ tier: "Verified" }, { commandFragments: ["--never-there"] }] },
      ],
      result,
      fixtureCatalog,
    );
    expect(both?.status).toBe("fail");
    expect(both?.reason).toContain("[route]");
    expect(none?.status).toBe("fail");
    expect(none?.reason).toMatch(/^none of: \[tier\].*\| \[commandFragments\]/);
  });
});
