import { readFileSync } from "node:fs";
import { z } from "zod";
import { onFirstUse, parseYamlWith } from "../../catalog/index.js";
import { rulesFile } from "../rules-cache.js";

/** Where the renderers' routing data lives, relative to the package root. */
export const ANSWERS_FILE = "references/routing/answers.yaml";

function buildAnswersSchemas() {
  const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);

  /** One condition of a `when` list; a list holds when any of its conditions holds. */
  const ConditionSchema = z.union([
    z.object({ param: z.string(), equals: z.array(ScalarSchema).optional() }),
    z.object({ intent: z.string() }),
    z.object({ config: z.string() }),
  ]);

  const HostedEntrySchema = z.object({
    step: z.string(),
    service: z.string(),
    authKey: z.string().optional(),
    when: z.array(ConditionSchema).min(1),
  });

  const ConfigHintSchema = z.union([
    z.object({ step: z.string(), config: z.string(), when: z.array(ConditionSchema).min(1) }),
    z.object({ step: z.string(), configFrom: z.string() }),
  ]);

  const AnswersDataSchema = z.object({
    hosted: z.array(HostedEntrySchema).default([]),
    configHints: z.array(ConfigHintSchema).default([]),
    /** The artifact type an env profile is (steps producing it never need a profile to run). */
    profiles: z.object({ type: z.string().min(1) }),
    scope: z.object({
      covers: z.string(),
      closing: z.string(),
      topics: z
        .array(z.object({ words: z.array(z.string()).min(1), topic: z.string() }))
        .default([]),
    }),
  });
  return { ConditionSchema, HostedEntrySchema, ConfigHintSchema, AnswersDataSchema };
}

/** The schemas of `answers.yaml`, built on first use: only reading the YAML validates with them. */
const answersSchemas = onFirstUse(buildAnswersSchemas);
type Schemas = ReturnType<typeof answersSchemas>;

export type Condition = z.infer<Schemas["ConditionSchema"]>;
export type HostedEntry = z.infer<Schemas["HostedEntrySchema"]>;
export type ConfigHint = z.infer<Schemas["ConfigHintSchema"]>;
export type AnswersData = z.infer<Schemas["AnswersDataSchema"]>;

let cached: AnswersData | undefined;
const answersFile = rulesFile(ANSWERS_FILE, () => answersSchemas().AnswersDataSchema, readAnswers);

/** The parsed `answers.yaml`, read once per process. */
export function answersData(): AnswersData {
  cached ??= answersFile.load();
  return cached;
}

/** The answers file or its content is unusable; names the file, line and entry. */
export class AnswersDataError extends Error {
  override readonly name = "AnswersDataError";
}

function readAnswers(file: string): AnswersData {
  return parseYamlWith(
    answersSchemas().AnswersDataSchema,
    readFileSync(file, "utf8"),
    ANSWERS_FILE,
    (message) => new AnswersDataError(message),
  );
}

/** Look up a dotted path inside any JSON-like value; undefined when a segment is missing. */
export function valueAtPath(root: unknown, dotted: string): unknown {
  let current: unknown = root;
  for (const segment of dotted.split(".")) {
    const record = z.record(z.string(), z.unknown()).safeParse(current);
    if (!record.success) return undefined;
    current = record.data[segment];
  }
  return current;
}

/** True for values a person would call "given": not undefined/null, not blank, not empty. */
export function isGiven(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
