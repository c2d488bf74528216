import type { AgentResult } from "../../planner/result.js";

/** The stderr line after an answer: the thread, its status, and what to do next. */
export function renderResultFooter(result: AgentResult): string {
  const id = result.threadId;
  const lines = [`thread ${id}: ${result.status}`];
  if (result.status === "awaiting_approval") {
    lines.push(`approve:  nemotron-customize resume ${id} --approve`);
    lines.push(`revise:   nemotron-customize resume ${id} --revise "<what to change>"`);
  } else if (result.status === "needs_input") {
    lines.push(`answer:   nemotron-customize resume ${id} --answer "<the missing values>"`);
  }
  return lines.join("\n");
}
