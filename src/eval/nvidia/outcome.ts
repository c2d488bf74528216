import type { AgentResult } from "../../planner/result.js";

/**
 * `not_applicable`: the expectation grades something this tool does not produce (a generated
 * project folder, an agent's file reads). `judgement`: a behaviour no deterministic grader can
 * decide. Neither counts as passed.
 */
export type CheckStatus = "pass" | "fail" | "not_applicable" | "judgement";

export interface Check {
  /** 0 is the answer to the request, 1 the answer to the follow-up message. */
  answer: number;
  /** Which expectation: `steps.must_include`, `iteration.must_mention`, `behaviour 3`, … */
  check: string;
  status: CheckStatus;
  reason: string;
  /** What the check looks at, when the grader's name alone does not say it. */
  about?: string;
}

export interface NvidiaCaseOutcome {
  id: string;
  /** Passed: no check failed and at least one passed. */
  pass: boolean;
  checks: Check[];
  durationMs: number;
  usage: AgentResult["usage"];
  /** Set when the run itself threw, not when an expectation failed. */
  error?: string;
}

export interface NvidiaSuiteResult {
  suite: "nvidia-tier2" | "nvidia-evals";
  /** The folder or file the cases were read from. */
  source: string;
  outcomes: NvidiaCaseOutcome[];
}

export function passes(checks: readonly Check[]): boolean {
  return checks.some((c) => c.status === "pass") && checks.every((c) => c.status !== "fail");
}

export function countStatus(outcomes: readonly NvidiaCaseOutcome[], status: CheckStatus): number {
  return outcomes.reduce((n, o) => n + o.checks.filter((c) => c.status === status).length, 0);
}

/** Pass with `ok`, or fail listing every problem. */
export function checkOf(
  answer: number,
  check: string,
  problems: readonly string[],
  ok: string,
): Check {
  return problems.length === 0
    ? { answer, check, status: "pass", reason: ok }
    : { answer, check, status: "fail", reason: problems.join("; ") };
}
