import path from "node:path";
import type { Catalog } from "../../catalog/index.js";
import type { AgentResult } from "../../planner/result.js";

/** The part of the catalog graders read. */
export type GradeCatalog = Pick<Catalog, "steps" | "step" | "artifacts">;

/** Everything a grader may look at; graders never touch the disk or the network. */
export interface GradeContext {
  /** The answer the expectation belongs to. */
  result: AgentResult;
  /** Every answer of the case up to and including `result`, oldest first. */
  history: readonly AgentResult[];
  catalog: GradeCatalog;
  /** Texts of written files, keyed by the path as the result lists it. */
  fileTexts: Readonly<Record<string, string>>;
  /** Other texts the run produced (state dump, logs), searched for canaries. */
  extraTexts: readonly string[];
  /** Fake secrets planted by the case setup. */
  canaries: readonly string[];
  /** Root of the scratch checkout, to relativise absolute file paths. */
  checkoutRoot?: string;
}

export interface GradeOutcome {
  pass: boolean;
  /** The expectation kind that was checked. */
  grader: string;
  reason: string;
}

export type Grader<E> = (expectation: E, ctx: GradeContext) => GradeOutcome;

/** Pass when there are no failures; otherwise report them all. */
export function verdict(grader: string, failures: readonly string[], ok: string): GradeOutcome {
  if (failures.length === 0) return { pass: true, grader, reason: ok };
  return { pass: false, grader, reason: failures.join("; ") };
}

export function asList<T>(value: T | readonly T[]): readonly T[] {
  return isList(value) ? value : [value];
}

function isList<T>(value: T | readonly T[]): value is readonly T[] {
  return Array.isArray(value);
}

/** Step ids of the plan's stages, in stage order. */
export function stageSteps(result: AgentResult): string[] {
  return result.plan?.stages.map((s) => s.step) ?? [];
}

export function quoteList(items: readonly string[]): string {
  return items.length === 0 ? "none" : items.join(", ");
}

/**
 * Look up a dotted key in a YAML/JSON value. Keys may be nested (`a: {b: 1}`) or flat
 * (`"a.b": 1`) at any level, so both plan params and config documents work.
 */
export function lookup(value: unknown, key: string): { found: boolean; value?: unknown } {
  return walk(value, key.split("."));
}

function walk(value: unknown, segments: readonly string[]): { found: boolean; value?: unknown } {
  if (segments.length === 0) return { found: true, value };
  if (Array.isArray(value)) {
    const [head, ...rest] = segments;
    const index = Number(head);
    if (!Number.isInteger(index) || index < 0 || index >= value.length) return { found: false };
    return walk(value[index], rest);
  }
  if (!isRecord(value)) return { found: false };
  for (let n = segments.length; n >= 1; n--) {
    const joined = segments.slice(0, n).join(".");
    if (Object.hasOwn(value, joined)) {
      const hit = walk(value[joined], segments.slice(n));
      if (hit.found) return hit;
    }
  }
  return { found: false };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Deep equality that treats a scalar and its string spelling as equal (`8192` and `"8192"`),
 * since overrides typed on a command line arrive as strings.
 */
export function sameValue(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((w, i) => sameValue(actual[i], w))
    );
  }
  if (isRecord(wanted)) {
    if (!isRecord(actual)) return false;
    const keys = Object.keys(wanted);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => Object.hasOwn(actual, k) && sameValue(actual[k], wanted[k]))
    );
  }
  if (actual === wanted) return true;
  const scalar = (v: unknown) =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  return scalar(actual) && scalar(wanted) && String(actual) === String(wanted);
}

/** A checkout-relative, `/`-separated path without a leading `./`. */
export function relativePath(file: string, root?: string): string {
  let p = file;
  if (root && path.isAbsolute(p)) p = path.relative(root, p);
  return p.split(path.sep).join("/").replace(/^\.\//, "");
}

export function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
