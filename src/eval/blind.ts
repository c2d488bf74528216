import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../catalog/index.js";
import type { EvalCase } from "./case-schema.js";
import { loadCases } from "./load-cases.js";
import type { CaseOutcome } from "./run-case.js";

/** Where the shipped blind sets live: one folder of case files per set. */
export function defaultBlindDir(): string {
  return path.join(packageRoot(), "evals", "blind");
}

/** A blind set: its folder name and its cases. */
export interface BlindSet {
  name: string;
  cases: EvalCase[];
}

/** Every set under `dir` (each subfolder with case files), sorted by name; none when `dir` is absent. */
export function loadBlindSets(dir: string = defaultBlindDir()): BlindSet[] {
  if (!existsSync(dir)) return [];
  const sets: BlindSet[] = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = path.join(dir, name);
    if (!statSync(folder).isDirectory()) continue;
    const cases = loadCases(folder);
    if (cases.length > 0) sets.push({ name, cases });
  }
  return sets;
}

/** One set's score: cases passed out of those run. */
export interface BlindScore {
  set: string;
  passed: number;
  total: number;
  /** Ids of the cases that failed, for the report. */
  failed: string[];
}

export function scoreBlindSet(set: string, outcomes: readonly CaseOutcome[]): BlindScore {
  return {
    set,
    passed: outcomes.filter((o) => o.pass).length,
    total: outcomes.length,
    failed: outcomes.filter((o) => !o.pass).map((o) => o.id),
  };
}
