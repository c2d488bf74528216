import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { composePlan } from "../../src/planner/compose/index.js";
import { GoalSchema, type ModelRefSchema } from "../../src/planner/intent.js";
import { ComposedPlanSchema } from "../../src/planner/plan.js";
import { checkPlan, checkPlanGraph, checkStageParams } from "../../src/validators/index.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import {
  catalog,
  contextFor,
  type IntentInput,
  LLAMA,
  NANO3,
  rules,
  SUPER3,
} from "../validators/fixtures.js";

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const models: fc.Arbitrary<z.input<typeof ModelRefSchema>> = fc.constantFrom(
  NANO3,
  SUPER3,
  LLAMA,
  { name: "mistralai/Mistral-7B-Instruct-v0.3", format: "hf", inCatalog: true },
  { name: "Qwen/Qwen3-30B-A3B", format: "hf", inCatalog: true },
  { name: "/ckpt/megatron/iter_0001000", format: "megatron", inCatalog: false },
  { name: "org/some-model", format: "unknown", inCatalog: false },
);

function intents(stepIds: string[], types: string[]): fc.Arbitrary<Partial<IntentInput>> {
  return fc.record(
    {
      route: fc.constantFrom("pipeline", "single_step", "recommendation"),
      goals: fc.subarray([...GoalSchema.options]),
      model: opt(models),
      hardware: fc.record(
        {
          nodes: opt(fc.integer({ min: 1, max: 8 })),
          gpusPerNode: opt(fc.constantFrom(1, 2, 4, 8)),
          totalGpus: opt(fc.integer({ min: 1, max: 96 })),
          gpuType: opt(fc.constantFrom("H100", "A100", "B200")),
          gpuMemoryGb: opt(fc.constantFrom(40, 80, 141)),
          interconnect: opt(fc.constantFrom("InfiniBand", "RoCE")),
        },
        { requiredKeys: [] },
      ),
      lora: opt(fc.boolean()),
      backend: opt(fc.constantFrom("automodel", "megatron_bridge")),
      data: fc.record(
        {
          paths: fc.array(fc.constantFrom("/d/a.jsonl", "/d/b/*.jsonl", "/d/c.parquet"), {
            maxLength: 3,
          }),
          format: opt(
            fc.constantFrom("jsonl", "parquet", "hf_dataset", "binidx", "packed_parquet"),
          ),
          kind: opt(fc.constantFrom("chat", "text", "preference", "prompts", "mcq", "documents")),
          has: fc.subarray(types, { maxLength: 3 }),
        },
        { requiredKeys: ["paths"] },
      ),
      translation: fc.record(
        {
          target: opt(fc.constantFrom("hi", "th", "xx")),
          source: opt(fc.constantFrom("en")),
          backend: opt(fc.constantFrom("llm", "nmt")),
        },
        { requiredKeys: [] },
      ),
      eval: fc.record(
        {
          endpointUrl: opt(fc.constant("https://e.example/v1")),
          tasks: fc.subarray(["ifeval", "hellaswag"]),
          endpointType: opt(fc.constantFrom("chat", "completions")),
        },
        { requiredKeys: ["tasks"] },
      ),
      executor: fc.record({
        kind: opt(fc.constantFrom("local", "slurm", "lepton")),
        remote: fc.boolean(),
      }),
      authVars: fc.subarray(["API_KEY_VAR"]),
      overrides: fc.dictionary(
        fc.constantFrom("train.train_iters", "pack_size", "x.y"),
        fc.constantFrom("4", "abc"),
      ),
      outputDir: opt(fc.constant("/out")),
      explicitSteps: fc.subarray(stepIds, { maxLength: 2 }),
      directEdges: fc.array(
        fc.record({ from: fc.constantFrom(...types), toStep: fc.constantFrom(...stepIds) }),
        { maxLength: 1 },
      ),
      qualityClaim: fc.boolean(),
      seqLength: opt(fc.constantFrom(2048, 4096, 8192)),
      configName: opt(fc.constantFrom("tiny", "default")),
    },
    { requiredKeys: ["route", "goals"] },
  );
}

describe.skipIf(!hasSnapshot)("composePlan properties (real catalog)", () => {
  it("never throws and always yields a sound, writable graph", () => {
    const stepIds = catalog?.steps.map((s) => s.id) ?? [];
    const types = [...(catalog?.artifacts.types.keys() ?? [])];
    fc.assert(
      fc.property(intents(stepIds, types), (raw) => {
        const ctx = contextFor(raw);
        const composed = composePlan(ctx, rules);
        expect(ComposedPlanSchema.parse(composed)).toEqual(composed);
        const { draft } = composed;
        expect(
          checkPlanGraph(draft.stages, ctx.catalog).filter((f) => f.level === "error"),
        ).toEqual([]);
        expect(checkStageParams(draft, ctx)).toEqual([]);
        expect(() => checkPlan(composed, ctx, rules)).not.toThrow();
        const ids = draft.stages.map((s) => s.id);
        expect(new Set(ids).size).toBe(ids.length);
        draft.stages.forEach((stage, i) => {
          expect(stage.id.startsWith(String(i + 1).padStart(2, "0"))).toBe(true);
          for (const input of stage.consumes) {
            if (input.from !== "user") expect(ids.indexOf(input.from)).toBeLessThan(i);
          }
        });
        for (const question of draft.requiredInputs.map((r) => r.question)) {
          expect(question).not.toMatch(/\{(step|type|models)\}/);
        }
        expect(draft.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }),
      { numRuns: 400 },
    );
  });
});
