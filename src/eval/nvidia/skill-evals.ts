import { readFileSync } from "node:fs";
import path from "node:path";
import { type ParseError, parse as parseJsonc } from "jsonc-parser";
import { parseDocument } from "yaml";
import { z } from "zod";
import { CatalogError, packageRoot } from "../../catalog/index.js";
import { ExpectSchema } from "../case-schema.js";
import { CaseFileError, formatPath } from "../load-cases.js";

/** One evaluation task of the skill, as NVIDIA publishes it in `evals.json`. */
export const SkillTaskSchema = z.looseObject({
  id: z.string().min(1),
  question: z.string().min(1),
  ground_truth: z.string().optional(),
  expected_behavior: z.array(z.string().min(1)).min(1),
});
export type SkillTask = z.infer<typeof SkillTaskSchema>;

/**
 * How this harness grades one expected behaviour, in order: `expect` (every grader passes),
 * `anyOf` (one alternative passes), or only `judgement` when no deterministic grader can decide.
 */
const BehaviourCheckSchema = z
  .strictObject({
    /** What the check looks at, in a sentence. */
    check: z.string().min(1),
    expect: ExpectSchema.optional(),
    anyOf: z.array(ExpectSchema).min(2).optional(),
    /** What is left to a person: all of it when there is no expect/anyOf, else the rest. */
    judgement: z.string().min(1).optional(),
  })
  .refine(
    (b) => b.expect !== undefined || b.anyOf !== undefined || b.judgement !== undefined,
    "a behaviour needs expect, anyOf or judgement",
  );
export type BehaviourCheck = z.infer<typeof BehaviourCheckSchema>;

export const SkillChecksSchema = z.strictObject({
  tasks: z.record(
    z.string().min(1),
    z.strictObject({ behaviours: z.array(BehaviourCheckSchema).min(1) }),
  ),
});
export type SkillChecks = z.infer<typeof SkillChecksSchema>;

export interface GradedTask {
  task: SkillTask;
  behaviours: BehaviourCheck[];
}

/** Where the project's graders for the skill's tasks live. */
export function defaultSkillChecksFile(): string {
  return path.join(packageRoot(), "evals", "nvidia", "skill-evals.yaml");
}

/** Read `evals.json`; a syntax error names the file and line. */
export function loadSkillTasks(file: string): SkillTask[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new CatalogError(file, "cannot read the evaluation tasks file");
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CatalogError(file, `invalid JSON: ${message.split("\n")[0]}`, jsonErrorLine(text));
  }
  const parsed = z.array(SkillTaskSchema).min(1).safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new CatalogError(
      file,
      `${formatPath(issue?.path ?? [])}: ${issue?.message ?? "invalid"}`,
    );
  }
  const ids = parsed.data.map((t) => t.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new CatalogError(file, `task id "${twice}" appears twice`);
  return parsed.data;
}

/** The line of a JSON syntax error, which JSON.parse does not give on every Node version. */
function jsonErrorLine(text: string): number | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  const [first] = errors;
  return first ? text.slice(0, first.offset).split("\n").length : undefined;
}

/** Read the project's behaviour checks; errors name the file and the field. */
export function loadSkillChecks(file: string = defaultSkillChecksFile()): SkillChecks {
  const text = readFileSync(file, "utf8");
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax) {
    const line = text.slice(0, syntax.pos[0]).split("\n").length;
    throw new CaseFileError(file, `line ${line}`, syntax.message.split("\n")[0] ?? "bad YAML");
  }
  const parsed = SkillChecksSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new CaseFileError(file, formatPath(issue?.path ?? []), issue?.message ?? "invalid");
}

/**
 * Pair every task with its checks. Each task needs an entry with one check per expected
 * behaviour, in the same order, so a changed task file is caught instead of graded wrongly.
 */
export function pairTasks(
  tasks: readonly SkillTask[],
  checks: SkillChecks,
  checksFile: string,
): GradedTask[] {
  const known = new Set(tasks.map((t) => t.id));
  for (const id of Object.keys(checks.tasks)) {
    if (!known.has(id))
      throw new CaseFileError(
        checksFile,
        `tasks.${id}`,
        "no such task in the evaluation tasks file",
      );
  }
  return tasks.map((task) => {
    const entry = checks.tasks[task.id];
    if (!entry) throw new CaseFileError(checksFile, "tasks", `no checks for task "${task.id}"`);
    if (entry.behaviours.length !== task.expected_behavior.length) {
      throw new CaseFileError(
        checksFile,
        `tasks.${task.id}.behaviours`,
        `${entry.behaviours.length} check(s) for ${task.expected_behavior.length} expected behaviour(s)`,
      );
    }
    return { task, behaviours: entry.behaviours };
  });
}
