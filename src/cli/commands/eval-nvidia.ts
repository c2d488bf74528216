import { writeFileSync } from "node:fs";
import type { Catalog } from "../../catalog/index.js";
import {
  defaultSkillChecksFile,
  loadSkillChecks,
  loadSkillTasks,
  loadTier2Cases,
  type NvidiaCaseOutcome,
  type NvidiaSuiteResult,
  pairTasks,
  runSkillTasks,
  runTier2Cases,
} from "../../eval/nvidia/index.js";
import { createAgentDeps } from "../../graph/deps.js";
import { createGraphDriver } from "../../graph/eval-driver.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";
import { type Io, printJson } from "../io.js";
import {
  type CheckNotes,
  nvidiaJson,
  renderNvidiaReport,
  renderNvidiaSummary,
} from "../render/nvidia-report.js";
import { createProgress } from "../render/progress.js";

export interface NvidiaSuiteFlags {
  tier2?: string;
  evals?: string;
  filter?: string;
  report?: string;
  json: boolean;
  concurrency: number;
}

/** `eval --nvidia-tier2 DIR` / `eval --nvidia-evals FILE`: same exit codes as `eval`. */
export async function runNvidiaSuite(
  flags: NvidiaSuiteFlags,
  checkout: { catalog: Catalog; root: string },
  io: Io,
): Promise<void> {
  const deps = createAgentDeps({ path: "" });
  const matches = (id: string) => !flags.filter || id.includes(flags.filter);
  const base = {
    checkoutRoot: checkout.root,
    catalog: checkout.catalog,
    concurrency: flags.concurrency,
    driverFor: () => createGraphDriver(deps),
  };
  let result: NvidiaSuiteResult;
  let notes: CheckNotes | undefined;
  if (flags.tier2) {
    const scenarios = loadTier2Cases(flags.tier2).filter((s) => matches(s.case.name));
    if (scenarios.length === 0) throw new UserFacingError("no scenario matches", ExitCode.usage);
    const progress = createProgress(
      io,
      scenarios.length,
      !flags.json && Boolean(process.stderr.isTTY),
    );
    const outcomes = await runTier2Cases(scenarios, { ...base, onDone: tick(progress) });
    progress.end();
    result = { suite: "nvidia-tier2", source: flags.tier2, outcomes };
  } else {
    const file = flags.evals ?? "";
    const checksFile = defaultSkillChecksFile();
    const paired = pairTasks(loadSkillTasks(file), loadSkillChecks(checksFile), checksFile);
    const tasks = paired.filter((t) => matches(t.task.id));
    if (tasks.length === 0) throw new UserFacingError("no task matches", ExitCode.usage);
    const progress = createProgress(io, tasks.length, !flags.json && Boolean(process.stderr.isTTY));
    const outcomes = await runSkillTasks(tasks, { ...base, onDone: tick(progress) });
    progress.end();
    result = { suite: "nvidia-evals", source: file, outcomes };
    const wording = new Map(tasks.map((t) => [t.task.id, t.task.expected_behavior]));
    notes = (id, check) => {
      const n = Number(/^behaviour (\d+)$/.exec(check.check)?.[1]);
      return Number.isInteger(n) ? wording.get(id)?.[n - 1] : undefined;
    };
  }
  if (flags.json) printJson(io, nvidiaJson(result));
  else io.out(renderNvidiaSummary(result));
  if (flags.report) {
    writeFileSync(flags.report, renderNvidiaReport(result, checkout.root, notes));
    io.err(`report written to ${flags.report}`);
  }
  process.exitCode = result.outcomes.every((o) => o.pass) ? ExitCode.ok : ExitCode.failed;
}

function tick(progress: ReturnType<typeof createProgress>) {
  return (outcome: NvidiaCaseOutcome, done: number, total: number) =>
    progress.tick(outcome.id, outcome.pass, done, total);
}
