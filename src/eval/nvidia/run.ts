import type { AgentResult } from "../../planner/result.js";
import type { GradeCatalog } from "../graders/shared.js";
import { type AgentDriver, converse, runPool } from "../run-case.js";
import { type Check, type NvidiaCaseOutcome, passes } from "./outcome.js";
import type { GradedTask } from "./skill-evals.js";
import { gradeBehaviours } from "./skill-grade.js";
import type { Tier2Case } from "./tier2-case.js";
import { gradeTier2 } from "./tier2-grade.js";

export interface NvidiaRunOptions {
  checkoutRoot: string;
  catalog: GradeCatalog;
  concurrency: number;
  driverFor: () => AgentDriver;
  onDone?: (outcome: NvidiaCaseOutcome, done: number, total: number) => void;
}

/** Each scenario on a thread of its own; the follow-up message, if any, on the same thread. */
export function runTier2Cases(
  scenarios: readonly Tier2Case[],
  options: NvidiaRunOptions,
): Promise<NvidiaCaseOutcome[]> {
  return runPool(scenarios, {
    concurrency: options.concurrency,
    driverFor: options.driverFor,
    work: (scenario, driver) =>
      runOne(scenario.case.name, async (results) => {
        const followup = scenario.expected.iteration?.followup;
        const turns = followup ? [{ kind: "revise" as const, text: followup }] : [];
        await converse(
          driver,
          `nvidia-tier2-${scenario.case.name}`,
          { root: options.checkoutRoot },
          scenario.input.request,
          turns,
          results,
        );
        return gradeTier2(scenario, results, options.catalog);
      }),
    ...(options.onDone ? { onDone: options.onDone } : {}),
  });
}

/** Each task's question as a one-shot request, graded behaviour by behaviour. */
export function runSkillTasks(
  tasks: readonly GradedTask[],
  options: NvidiaRunOptions,
): Promise<NvidiaCaseOutcome[]> {
  return runPool(tasks, {
    concurrency: options.concurrency,
    driverFor: options.driverFor,
    work: ({ task, behaviours }, driver) =>
      runOne(task.id, async (results) => {
        const threadId = `nvidia-evals-${task.id}`;
        await converse(
          driver,
          threadId,
          { root: options.checkoutRoot },
          task.question,
          [],
          results,
        );
        const [answer] = results;
        if (!answer) return [{ answer: 0, check: "run", status: "fail", reason: "no answer" }];
        return gradeBehaviours(behaviours, answer, options.catalog);
      }),
    ...(options.onDone ? { onDone: options.onDone } : {}),
  });
}

async function runOne(
  id: string,
  work: (results: AgentResult[]) => Promise<Check[]>,
): Promise<NvidiaCaseOutcome> {
  const started = performance.now();
  const results: AgentResult[] = [];
  let checks: Check[];
  let error: string | undefined;
  try {
    checks = await work(results);
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
    checks = [
      { answer: results.length, check: "run", status: "fail", reason: `the run threw: ${error}` },
    ];
  }
  const usage = results.reduce(
    (sum, r) => ({
      llmCalls: sum.llmCalls + r.usage.llmCalls,
      promptTokens: sum.promptTokens + r.usage.promptTokens,
      completionTokens: sum.completionTokens + r.usage.completionTokens,
    }),
    { llmCalls: 0, promptTokens: 0, completionTokens: 0 },
  );
  return {
    id,
    pass: passes(checks),
    checks,
    durationMs: performance.now() - started,
    usage,
    ...(error ? { error } : {}),
  };
}
