import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AgentResult } from "../planner/result.js";
import type { EvalCase, Turn } from "./case-schema.js";
import { type CaseGrade, gradeCase, readWrittenFiles } from "./grade.js";
import type { GradeCatalog } from "./graders/index.js";

/** Where a case runs: the checkout root and, when the case sets one, its env file. */
export interface CaseCheckout {
  root: string;
  envFile?: string;
}

/**
 * How the harness talks to the agent. The graph layer supplies it, so this
 * module stays below the graph in the dependency order.
 */
export interface AgentDriver {
  ask(threadId: string, request: string, checkout: CaseCheckout): Promise<AgentResult>;
  resume(threadId: string, reply: unknown): Promise<AgentResult>;
  /** Everything stored for the thread, serialised, so canaries can be searched in checkpoints. */
  dumpThread(threadId: string): Promise<string>;
  close?(): Promise<void>;
}

export interface CaseOutcome extends CaseGrade {
  durationMs: number;
  usage: AgentResult["usage"];
  /** Set when the run itself threw (a bug or a broken fixture), not a failed expectation. */
  error?: string;
}

/** Cases that write or plant files get their own copy of the checkout; the others share it. */
function needsScratch(evalCase: EvalCase): boolean {
  return evalCase.setup !== undefined || evalCase.turns.some((t) => t.kind === "approve");
}

function replyFor(turn: Turn): unknown {
  switch (turn.kind) {
    case "approve":
      return { type: "approve" };
    case "reject":
      return { type: "reject" };
    default:
      return { type: turn.kind, text: turn.text };
  }
}

/**
 * Send the request, then each turn, on one thread, collecting every answer into `results` (so a
 * caller that catches a throw still has the answers given before it). A revision or answer while
 * the thread waits is a resume; after the thread has finished it is a follow-up message.
 */
export async function converse(
  driver: AgentDriver,
  threadId: string,
  checkout: CaseCheckout,
  request: string,
  turns: readonly Turn[],
  results: AgentResult[] = [],
): Promise<AgentResult[]> {
  results.push(await driver.ask(threadId, request, checkout));
  for (const turn of turns) {
    const last = results.at(-1);
    const waiting = last?.pendingReply === true;
    if (!waiting && (turn.kind === "revise" || turn.kind === "answer")) {
      results.push(await driver.ask(threadId, turn.text, checkout));
    } else {
      results.push(await driver.resume(threadId, replyFor(turn)));
    }
  }
  return results;
}

/** Run one case through the driver and grade every expectation block. */
export async function runCase(
  evalCase: EvalCase,
  options: { checkoutRoot: string; driver: AgentDriver; catalog: GradeCatalog; threadId: string },
): Promise<CaseOutcome> {
  const started = performance.now();
  const scratch = needsScratch(evalCase)
    ? mkdtempSync(path.join(os.tmpdir(), "nc-eval-"))
    : undefined;
  const results: AgentResult[] = [];
  let error: string | undefined;
  try {
    const checkout: CaseCheckout = { root: options.checkoutRoot };
    if (scratch) {
      cpSync(options.checkoutRoot, scratch, { recursive: true });
      checkout.root = scratch;
      const setup = evalCase.setup;
      if (setup?.envToml)
        writeFileSync(path.join(scratch, setup.envFile ?? "env.toml"), setup.envToml);
      if (setup?.envFile) checkout.envFile = setup.envFile;
    }
    const { driver, threadId } = options;
    await converse(driver, threadId, checkout, evalCase.request, evalCase.turns, results);
    const grade = gradeCase(
      evalCase,
      {
        results,
        ...(scratch
          ? { checkoutRoot: scratch, fileTexts: readWrittenFiles(scratch, results) }
          : {}),
        extraTexts: [await driver.dumpThread(threadId)],
      },
      options.catalog,
    );
    return finish(grade);
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
    return finish({
      id: evalCase.id,
      dimensions: evalCase.dimension,
      pass: false,
      outcomes: [
        { answer: results.length, pass: false, grader: "run", reason: `the run threw: ${error}` },
      ],
    });
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }

  function finish(grade: CaseGrade): CaseOutcome {
    const usage = results.reduce(
      (sum, r) => ({
        llmCalls: sum.llmCalls + r.usage.llmCalls,
        promptTokens: sum.promptTokens + r.usage.promptTokens,
        completionTokens: sum.completionTokens + r.usage.completionTokens,
      }),
      { llmCalls: 0, promptTokens: 0, completionTokens: 0 },
    );
    return {
      ...grade,
      durationMs: performance.now() - started,
      usage,
      ...(error ? { error } : {}),
    };
  }
}

/**
 * Work through `items` with at most `concurrency` in flight, each worker on a driver of its own,
 * reporting each outcome as it finishes; outcomes keep the order of `items`.
 */
export async function runPool<T, O>(
  items: readonly T[],
  options: {
    concurrency: number;
    driverFor: () => AgentDriver;
    work: (item: T, driver: AgentDriver) => Promise<O>;
    onDone?: (outcome: O, done: number, total: number) => void;
  },
): Promise<O[]> {
  const outcomes: O[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    const driver = options.driverFor();
    try {
      while (next < items.length) {
        const index = next++;
        const item = items[index];
        if (item === undefined) continue;
        const outcome = await options.work(item, driver);
        outcomes[index] = outcome;
        options.onDone?.(outcome, ++done, items.length);
      }
    } finally {
      await driver.close?.();
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

/** Run cases with at most `concurrency` in flight, reporting each as it finishes. */
export function runCases(
  cases: readonly EvalCase[],
  options: {
    checkoutRoot: string;
    catalog: GradeCatalog;
    concurrency: number;
    driverFor: () => AgentDriver;
    onDone?: (outcome: CaseOutcome, done: number, total: number) => void;
  },
): Promise<CaseOutcome[]> {
  return runPool(cases, {
    concurrency: options.concurrency,
    driverFor: options.driverFor,
    work: (evalCase, driver) =>
      runCase(evalCase, {
        checkoutRoot: options.checkoutRoot,
        driver,
        catalog: options.catalog,
        threadId: `eval-${evalCase.id}`,
      }),
    ...(options.onDone ? { onDone: options.onDone } : {}),
  });
}
