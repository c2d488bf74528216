import { z } from "zod";
import { RouteSchema } from "../planner/intent.js";
import { ParamValueSchema, TierSchema } from "../planner/plan.js";
import { StatusSchema } from "../planner/result.js";

/** The summary columns a case can count towards. */
export const DimensionSchema = z.enum([
  "routing",
  "plan",
  "commands",
  "files",
  "safety",
  "efficiency",
]);
export type Dimension = z.infer<typeof DimensionSchema>;

/** Codes the planner and validators emit; an unknown code in a case is a typo. */
export const FindingCodeSchema = z.enum([
  "artifact_chain",
  "type_mismatch",
  "alignment",
  "rl_warm_start",
  "gpu_min",
  "batch_divisibility",
  "hardware_fit",
  "profile_missing",
]);

/** Keys of the questions the agent asks when a concrete value is missing. */
export const RequiredInputKeySchema = z.enum([
  "data.path",
  "model",
  "hardware.gpus",
  "eval.tasks",
  "eval.endpoint",
  "eval.model_id",
  "translation.target",
  "output_dir",
  "auth_var",
]);

const StepIdSchema = z
  .string()
  .regex(/^[a-z0-9_]+(\/[a-z0-9_]+)+$/, "expected a step id such as sft/automodel");
const TextListSchema = z.array(z.string().min(1)).min(1);

/** A single value, or a list of values any of which is acceptable. */
function oneOrMany<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.array(schema).min(1)]);
}

const StageCountSchema = z
  .strictObject({
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, "give min, max or both")
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, "min exceeds max");

const YamlAssertionSchema = z.strictObject({
  /** Substring of the written file's path, e.g. `data_prep/sft_packing/config/`. */
  file: z.string().min(1),
  /** Dotted key inside the YAML document. */
  key: z.string().min(1),
  equals: ParamValueSchema,
});

const UsageLimitSchema = z
  .strictObject({
    maxLlmCalls: z.number().int().nonnegative().optional(),
    maxPromptTokens: z.number().int().nonnegative().optional(),
    maxCompletionTokens: z.number().int().nonnegative().optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), "give at least one limit");

/** What one turn's result must show. Every key is one grader (see graders/index.ts). */
export const ExpectSchema = z
  .strictObject({
    route: oneOrMany(RouteSchema).optional(),
    status: oneOrMany(StatusSchema).optional(),
    stepsInclude: z.array(StepIdSchema).min(1).optional(),
    stepsExclude: z.array(StepIdSchema).min(1).optional(),
    /** Steps that must appear in this relative order among the plan's stages. */
    stepsInOrder: z.array(StepIdSchema).min(2).optional(),
    stageCount: StageCountSchema.optional(),
    /** A stage of step `to` consumes from a stage of step `from`. */
    edges: z
      .array(z.strictObject({ from: StepIdSchema, to: StepIdSchema, type: z.string().optional() }))
      .min(1)
      .optional(),
    /** Case-insensitive substrings of the markdown answer. */
    phrases: TextListSchema.optional(),
    phrasesAbsent: TextListSchema.optional(),
    /** Case-sensitive substrings, each found in at least one command. */
    commandFragments: TextListSchema.optional(),
    commandFragmentsAbsent: TextListSchema.optional(),
    /** At least one command carries this tier. */
    tier: TierSchema.optional(),
    tiersAbsent: z.array(TierSchema).min(1).optional(),
    requiredInputs: z.array(RequiredInputKeySchema).min(1).optional(),
    requiredInputsAbsent: z.array(RequiredInputKeySchema).min(1).optional(),
    findingCodes: z.array(FindingCodeSchema).min(1).optional(),
    findingCodesAbsent: z.array(FindingCodeSchema).min(1).optional(),
    /** Values a stage of `step` sets (dotted config keys). */
    params: z
      .array(
        z.strictObject({ step: StepIdSchema, key: z.string().min(1), equals: ParamValueSchema }),
      )
      .min(1)
      .optional(),
    files: z
      .strictObject({
        count: z.number().int().nonnegative().optional(),
        under: z.string().min(1).optional(),
        yaml: z.array(YamlAssertionSchema).min(1).optional(),
      })
      .optional(),
    /** No setup canary appears in any result, written file or extra text. */
    noCanary: z.literal(true).optional(),
    usage: UsageLimitSchema.optional(),
    /** The mermaid flowchart type-checks against the catalog. */
    mermaidTypeChecks: z.literal(true).optional(),
    /** Stage configs and written files are new files beside the shipped ones, never shipped ones. */
    newConfigPaths: z.literal(true).optional(),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), "an expectation needs a key");
export type Expect = z.infer<typeof ExpectSchema>;

/** The raw turn shape: exactly one of the four replies, plus optional expectations. */
const RawTurnSchema = z
  .strictObject({
    revise: z.string().min(1).optional(),
    answer: z.string().min(1).optional(),
    approve: z.literal(true).optional(),
    reject: z.literal(true).optional(),
    expect: ExpectSchema.optional(),
  })
  .refine(
    (t) => [t.revise, t.answer, t.approve, t.reject].filter((v) => v !== undefined).length === 1,
    "a turn has exactly one of revise, answer, approve, reject",
  );

export type Turn =
  | { kind: "revise" | "answer"; text: string; expect?: Expect }
  | { kind: "approve" | "reject"; expect?: Expect };

export const TurnSchema = RawTurnSchema.transform((t): Turn => {
  const expect = t.expect ? { expect: t.expect } : {};
  if (t.revise !== undefined) return { kind: "revise", text: t.revise, ...expect };
  if (t.answer !== undefined) return { kind: "answer", text: t.answer, ...expect };
  return { kind: t.approve ? "approve" : "reject", ...expect };
});

export const SetupSchema = z.strictObject({
  /** Written to `<checkout>/env.toml` of the scratch copy. */
  envToml: z.string().min(1).optional(),
  /** Sets NEMOTRON_ENV_FILE (relative to the scratch checkout). */
  envFile: z.string().min(1).optional(),
  /** Fake secret values planted in the setup; none may surface anywhere. */
  canaries: z.array(z.string().min(6)).default([]),
});

export const EvalCaseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "ids are kebab-case"),
    dimension: z.array(DimensionSchema).min(1),
    request: z.string().min(1),
    /** Why the expectations hold, in a sentence or two. */
    why: z.string().optional(),
    setup: SetupSchema.optional(),
    turns: z.array(TurnSchema).default([]),
    /** Expectations of the first answer, before any turn (only with turns). */
    initialExpect: ExpectSchema.optional(),
    /** Expectations of the last answer. */
    expect: ExpectSchema,
  })
  .superRefine((c, ctx) => {
    if (c.initialExpect && c.turns.length === 0) {
      ctx.addIssue({ code: "custom", path: ["initialExpect"], message: "needs at least one turn" });
    }
    const canaries = c.setup?.canaries ?? [];
    const asks: Array<[Expect | undefined, PropertyKey[]]> = [
      [c.expect, ["expect", "noCanary"]],
      [c.initialExpect, ["initialExpect", "noCanary"]],
      ...c.turns.map((t, i): [Expect | undefined, PropertyKey[]] => [
        t.expect,
        ["turns", i, "expect", "noCanary"],
      ]),
    ];
    for (const [expect, path] of asks) {
      if (expect?.noCanary && canaries.length === 0) {
        ctx.addIssue({ code: "custom", path, message: "noCanary needs setup.canaries" });
      }
    }
  });
export type EvalCase = z.infer<typeof EvalCaseSchema>;
