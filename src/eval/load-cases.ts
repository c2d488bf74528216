import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { type Catalog, packageRoot } from "../catalog/index.js";
import { type EvalCase, EvalCaseSchema, type Expect } from "./case-schema.js";

/** A case file that cannot be used, located by file and field path (`turns[1].expect.route`). */
export class CaseFileError extends Error {
  override readonly name = "CaseFileError";

  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ""}${reason}`);
  }
}

/** Where the shipped cases live. */
export function defaultCasesDir(): string {
  return path.join(packageRoot(), "evals", "cases");
}

/**
 * Parse one case file. A file holds either one case (a mapping) or several (a list of
 * mappings); `file` is only used to name the file in errors.
 */
export function parseCaseFile(text: string, file: string): EvalCase[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax) {
    const line = text.slice(0, syntax.pos[0]).split("\n").length;
    throw new CaseFileError(file, `line ${line}`, syntax.message.split("\n")[0] ?? "bad YAML");
  }
  const data: unknown = doc.toJS();
  if (Array.isArray(data)) {
    return data.map((item, i) => validateCase(item, file, `[${i}]`));
  }
  return [validateCase(data, file, "")];
}

/** Load every `*.yaml` / `*.yml` file of `dir` (sorted), rejecting duplicate ids. */
export function loadCases(dir: string = defaultCasesDir()): EvalCase[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();
  const seen = new Map<string, string>();
  const cases: EvalCase[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    for (const evalCase of parseCaseFile(readFileSync(file, "utf8"), file)) {
      const other = seen.get(evalCase.id);
      if (other) throw new CaseFileError(file, "id", `"${evalCase.id}" is also used in ${other}`);
      seen.set(evalCase.id, file);
      cases.push(evalCase);
    }
  }
  return cases;
}

/** Every expectation block of a case, with a label saying which answer it grades. */
export function expectationsOf(evalCase: EvalCase): Array<{ where: string; expect: Expect }> {
  const all: Array<{ where: string; expect: Expect }> = [];
  if (evalCase.initialExpect) all.push({ where: "initialExpect", expect: evalCase.initialExpect });
  evalCase.turns.forEach((turn, i) => {
    if (turn.expect) all.push({ where: `turns[${i}].expect`, expect: turn.expect });
  });
  all.push({ where: "expect", expect: evalCase.expect });
  return all;
}

/** Step ids a case's expectations name. */
export function stepsNamedBy(expect: Expect): string[] {
  return [
    ...(expect.stepsInclude ?? []),
    ...(expect.stepsExclude ?? []),
    ...(expect.stepsInOrder ?? []),
    ...(expect.edges ?? []).flatMap((e) => [e.from, e.to]),
    ...(expect.params ?? []).map((p) => p.step),
  ];
}

/** Problems with cases that only the catalog can reveal: unknown step ids and artifact types. */
export function checkCasesAgainstCatalog(cases: readonly EvalCase[], catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const evalCase of cases) {
    for (const { where, expect } of expectationsOf(evalCase)) {
      for (const step of new Set(stepsNamedBy(expect))) {
        if (!catalog.step(step)) problems.push(`${evalCase.id}: ${where}: unknown step ${step}`);
      }
      for (const edge of expect.edges ?? []) {
        if (edge.type && !catalog.artifacts.has(edge.type)) {
          problems.push(`${evalCase.id}: ${where}.edges: unknown artifact type ${edge.type}`);
        }
      }
    }
  }
  return problems;
}

function validateCase(data: unknown, file: string, prefix: string): EvalCase {
  const parsed = EvalCaseSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  if (!issue) throw new CaseFileError(file, prefix, "invalid case");
  throw new CaseFileError(file, formatPath(issue.path, prefix), describe(issue));
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown key(s) ${issue.keys.join(", ")}`;
  return issue.message;
}

/** `["turns", 1, "expect"]` → `turns[1].expect`, after an optional prefix such as `[2]`. */
export function formatPath(segments: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
