import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AgentResult } from "../planner/result.js";
import { type Dimension, type EvalCase, type Expect, ExpectSchema } from "./case-schema.js";
import { type ExpectValues, GRADERS } from "./graders/index.js";
import type { GradeCatalog, GradeContext, GradeOutcome } from "./graders/shared.js";

/** What the runner hands back for one case. */
export interface CaseRun {
  /** The answer to the request, then one answer per turn, in order. */
  results: AgentResult[];
  /** Root of the scratch checkout the run used (approvals write there). */
  checkoutRoot?: string;
  /** Texts of written files keyed by the path the results list; see readWrittenFiles. */
  fileTexts?: Record<string, string>;
  /** Other texts of the run (state dump, stderr) searched for canaries. */
  extraTexts?: string[];
}

export interface GradedOutcome extends GradeOutcome {
  /** 0 is the answer to the request, n the answer to turn n. */
  answer: number;
}

export interface CaseGrade {
  id: string;
  dimensions: Dimension[];
  pass: boolean;
  outcomes: GradedOutcome[];
}

/** Run every grader whose expectation the block sets, in schema order. */
export function gradeExpect(expect: Expect, ctx: GradeContext): GradeOutcome[] {
  const outcomes: GradeOutcome[] = [];
  for (const kind of ExpectSchema.keyof().options) {
    const outcome = runGrader(kind, expect[kind], ctx);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

/** Generic over the kind so the grader and its expectation value stay correlated. */
function runGrader<K extends keyof ExpectValues>(
  kind: K,
  value: ExpectValues[K] | undefined,
  ctx: GradeContext,
): GradeOutcome | undefined {
  if (value === undefined) return undefined;
  return GRADERS[kind](value, ctx);
}

/** Grade every expectation block of a case against the answers of its run. */
export function gradeCase(evalCase: EvalCase, run: CaseRun, catalog: GradeCatalog): CaseGrade {
  const outcomes: GradedOutcome[] = [];
  const expected = evalCase.turns.length + 1;
  if (run.results.length !== expected) {
    outcomes.push({
      answer: run.results.length,
      pass: false,
      grader: "run",
      reason: `${run.results.length} answer(s) for ${expected} message(s)`,
    });
  }
  const blocks: Array<[number, Expect]> = [];
  if (evalCase.initialExpect) blocks.push([0, evalCase.initialExpect]);
  evalCase.turns.forEach((turn, i) => {
    if (turn.expect) blocks.push([i + 1, turn.expect]);
  });
  blocks.push([expected - 1, evalCase.expect]);
  for (const [answer, expect] of blocks) {
    const result = run.results[answer];
    if (!result) {
      outcomes.push({ answer, pass: false, grader: "run", reason: `no answer ${answer}` });
      continue;
    }
    const ctx: GradeContext = {
      result,
      history: run.results.slice(0, answer + 1),
      catalog,
      fileTexts: run.fileTexts ?? {},
      extraTexts: run.extraTexts ?? [],
      canaries: evalCase.setup?.canaries ?? [],
      ...(run.checkoutRoot ? { checkoutRoot: run.checkoutRoot } : {}),
    };
    outcomes.push(...gradeExpect(expect, ctx).map((o) => ({ ...o, answer })));
  }
  return {
    id: evalCase.id,
    dimensions: evalCase.dimension,
    pass: outcomes.every((o) => o.pass),
    outcomes,
  };
}

export interface Tally {
  passed: number;
  total: number;
}

/** Passed / total cases per summary dimension (a case counts in each dimension it names). */
export function summarizeByDimension(grades: readonly CaseGrade[]): Record<Dimension, Tally> {
  const none = (): Tally => ({ passed: 0, total: 0 });
  const summary: Record<Dimension, Tally> = {
    routing: none(),
    plan: none(),
    commands: none(),
    files: none(),
    safety: none(),
    efficiency: none(),
  };
  for (const grade of grades) {
    for (const d of grade.dimensions) {
      summary[d].total++;
      if (grade.pass) summary[d].passed++;
    }
  }
  return summary;
}

/**
 * Read back the files the answers report as written, keyed as the answers list them,
 * so the pure graders can check them. Missing files are left out (the files grader
 * then reports that their text is unavailable).
 */
export function readWrittenFiles(
  checkoutRoot: string,
  results: readonly AgentResult[],
): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const file of results.flatMap((r) => r.files)) {
    const full = path.isAbsolute(file.path) ? file.path : path.join(checkoutRoot, file.path);
    if (existsSync(full)) texts[file.path] = readFileSync(full, "utf8");
  }
  return texts;
}
