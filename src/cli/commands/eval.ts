import type { Command } from "commander";
import { type GlobalOptions, openCatalog } from "../checkout.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";
import { type Io, printJson } from "../io.js";
import { createProgress } from "../render/progress.js";

interface EvalFlags {
  cases?: string;
  nvidiaTier2?: string;
  nvidiaEvals?: string;
  filter?: string;
  concurrency?: string;
  json?: boolean;
  report?: string;
}

/** `eval`: run the eval cases through the real graph and score them per dimension. */
export function registerEvalCommand(program: Command, io: Io): void {
  program
    .command("eval")
    .description("run the eval cases through the agent; exit 0 only when every case passes")
    .option("--cases <dir>", "folder of case YAML files (default: the bundled evals/cases)")
    .option(
      "--nvidia-tier2 <dir>",
      "run NVIDIA's tier-2 scenario files (*.toml) instead, graded as NVIDIA's runner reads a plan",
    )
    .option(
      "--nvidia-evals <file>",
      "run the skill's evaluation tasks (evals.json) instead, graded by evals/nvidia/skill-evals.yaml",
    )
    .option("--filter <text>", "only cases whose id contains this text")
    .option("--concurrency <n>", "cases run at once", "2")
    .option("--json", "print {total, passed, cases[]} as JSON")
    .option("--report <file.md>", "also write a markdown report")
    .action(async (flags: EvalFlags) => {
      const opts: GlobalOptions = program.opts<GlobalOptions>();
      const json = flags.json || opts.json;
      const concurrency = Number.parseInt(flags.concurrency ?? "2", 10);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new UserFacingError("--concurrency must be a positive integer", ExitCode.usage);
      }
      const nvidia = [flags.nvidiaTier2, flags.nvidiaEvals].filter(Boolean).length;
      if (nvidia > 1 || (nvidia === 1 && flags.cases)) {
        throw new UserFacingError(
          "give one of --cases, --nvidia-tier2 and --nvidia-evals",
          ExitCode.usage,
        );
      }
      const { catalog, location } = await openCatalog(opts, io);
      if (nvidia === 1) {
        const { runNvidiaSuite } = await import("./eval-nvidia.js");
        await runNvidiaSuite(
          {
            ...(flags.nvidiaTier2 ? { tier2: flags.nvidiaTier2 } : {}),
            ...(flags.nvidiaEvals ? { evals: flags.nvidiaEvals } : {}),
            ...(flags.filter ? { filter: flags.filter } : {}),
            ...(flags.report ? { report: flags.report } : {}),
            json: Boolean(json),
            concurrency,
          },
          { catalog, root: location.root },
          io,
        );
        return;
      }
      const { loadCases, summarizeByDimension } = await import("../../eval/index.js");
      const { runCases } = await import("../../eval/run-case.js");
      const { createAgentDeps } = await import("../../graph/deps.js");
      const { createGraphDriver } = await import("../../graph/eval-driver.js");
      const { renderEvalReport, renderEvalSummary, evalJson } = await import(
        "../render/eval-report.js"
      );

      const all = flags.cases ? loadCases(flags.cases) : loadCases();
      const cases = flags.filter ? all.filter((c) => c.id.includes(flags.filter ?? "")) : all;
      if (cases.length === 0) throw new UserFacingError("no eval case matches", ExitCode.usage);
      if (opts.baseUrl || opts.model)
        io.err("note: LLM mode is not available in this version; running offline");

      const deps = createAgentDeps({ path: "" });
      const progress = createProgress(io, cases.length, !json && Boolean(process.stderr.isTTY));
      const outcomes = await runCases(cases, {
        checkoutRoot: location.root,
        catalog,
        concurrency,
        driverFor: () => createGraphDriver(deps),
        onDone: (outcome, done, total) => progress.tick(outcome.id, outcome.pass, done, total),
      });
      progress.end();
      const summary = summarizeByDimension(outcomes);
      if (json) printJson(io, evalJson(outcomes));
      else io.out(renderEvalSummary(outcomes, summary));
      if (flags.report) {
        const { writeFileSync } = await import("node:fs");
        writeFileSync(flags.report, renderEvalReport(outcomes, summary, location.root));
        io.err(`report written to ${flags.report}`);
      }
      process.exitCode = outcomes.every((o) => o.pass) ? ExitCode.ok : ExitCode.failed;
    });
}
