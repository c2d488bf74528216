import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CatalogError } from "../../catalog/index.js";
import { parseTomlText, validateWith } from "../../catalog/parse.js";

const StepList = z.array(z.string().min(1)).default([]);
const PhraseList = z.array(z.string().min(1)).default([]);
/** A step named once or as a list; both spellings mean "each of these". */
const OneOrManySteps = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .transform((v) => (typeof v === "string" ? [v] : v));

const StepsSchema = z.looseObject({
  must_include: StepList,
  may_include: StepList,
  must_exclude: StepList,
});

const PlanSchema = z.looseObject({
  has_mermaid_diagram: z.boolean(),
  stage_count: z
    .strictObject({
      min: z.number().int().nonnegative().optional(),
      max: z.number().int().nonnegative().optional(),
    })
    .optional(),
  must_mention: PhraseList,
});

const IterationSchema = z.looseObject({
  followup: z.string().min(1),
  must_add_stage: z.string().min(1).optional(),
  must_remove_stage: z.string().min(1).optional(),
  must_have_step: OneOrManySteps.optional(),
  must_not_have_step: OneOrManySteps.optional(),
  must_mention: PhraseList,
});

const ExpectedSchema = z.looseObject({
  steps: StepsSchema.default({ must_include: [], may_include: [], must_exclude: [] }),
  plan: PlanSchema,
  iteration: IterationSchema.optional(),
  project: z.record(z.string(), z.unknown()).optional(),
  disclosure: z.record(z.string(), z.unknown()).optional(),
});

/** One tier-2 scenario file, read as NVIDIA publishes it. */
export const Tier2CaseSchema = z.looseObject({
  case: z.looseObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "expected a case name"),
    description: z.string().optional(),
    tags: z.array(z.string()).default([]),
  }),
  input: z.looseObject({ request: z.string().min(1) }),
  expected: ExpectedSchema,
});

export type Tier2Case = z.infer<typeof Tier2CaseSchema> & {
  /** The file it came from. */
  file: string;
  /** Expectation keys this harness does not know, as dotted paths; reported, never passed. */
  unknownKeys: string[];
};

/** Keys of the expectation tables this harness grades or reports. */
const KNOWN: ReadonlyArray<[string, readonly string[]]> = [
  ["expected", Object.keys(ExpectedSchema.shape)],
  ["expected.steps", Object.keys(StepsSchema.shape)],
  ["expected.plan", Object.keys(PlanSchema.shape)],
  ["expected.iteration", Object.keys(IterationSchema.shape)],
];

/** Parse one scenario file; a syntax or shape error names the file and, where it can, the line. */
export function parseTier2Case(text: string, file: string): Tier2Case {
  const data = parseTomlText(text, file);
  const parsed = validateWith(Tier2CaseSchema, data, file, text);
  return { ...parsed, file, unknownKeys: unknownKeysOf(data) };
}

/** Every `*.toml` scenario of `dir`, sorted by file name; names must be unique. */
export function loadTier2Cases(dir: string): Tier2Case[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".toml"));
  } catch {
    throw new CatalogError(dir, "not a readable folder of tier-2 scenario files");
  }
  if (names.length === 0) throw new CatalogError(dir, "no *.toml scenario file in this folder");
  const seen = new Map<string, string>();
  return names.sort().map((name) => {
    const file = path.join(dir, name);
    const scenario = parseTier2Case(readFileSync(file, "utf8"), file);
    const other = seen.get(scenario.case.name);
    if (other)
      throw new CatalogError(file, `case name "${scenario.case.name}" is also in ${other}`);
    seen.set(scenario.case.name, file);
    return scenario;
  });
}

function unknownKeysOf(data: Record<string, unknown>): string[] {
  const unknown: string[] = [];
  for (const [where, known] of KNOWN) {
    const table = where.split(".").reduce<unknown>((v, key) => record(v)?.[key], data);
    for (const key of Object.keys(record(table) ?? {})) {
      if (!known.includes(key)) unknown.push(`${where}.${key}`);
    }
  }
  return unknown;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined;
}
