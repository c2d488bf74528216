import type { Finding } from "../planner/plan.js";

/** A failed hard check that blocks a runnable plan. */
export function error(code: string, message: string, fix: string, stage?: string): Finding {
  return withStage({ level: "error", code, message: `ERROR: ${message}`, fix }, stage);
}

/** A failed hard check the user should fix or accept; the message starts with `WARNING: `. */
export function warning(code: string, message: string, fix: string, stage?: string): Finding {
  return withStage({ level: "warning", code, message: `WARNING: ${message}`, fix }, stage);
}

export function info(code: string, message: string, fix: string, stage?: string): Finding {
  return withStage({ level: "info", code, message, fix }, stage);
}

function withStage(finding: Finding, stage: string | undefined): Finding {
  return stage === undefined ? finding : { ...finding, stage };
}
