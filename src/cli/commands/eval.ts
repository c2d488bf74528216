import type { Command } from "commander";
import type { Catalog } from "../../catalog/index.js";
import type { BlindSet } from "../../eval/blind.js";
import type { EvalCase } from "../../eval/case-schema.js";
import type { CaseOutcome } from "../../eval/run-case.js";
import { type GlobalOptions, openCatalog } from "../checkout.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";
import { type Io, printJson } from "../io.js";
import type { ExtraScores } from "../render/eval-scores.js";
import { createProgress } from "../render/progress.js";

interface EvalFlags {
  cases?: string;
  nvidiaTier2?: string;
  nvidiaEvals?: string;
  filter?: string;
  concurrency?: string;
  json?: boolean;
  report?: string;
  /** A folder of blind sets, or false (`--no-blind`). */
  blind?: string | false;
  metamorphic?: boolean;
}

/** `eval`: run the eval cases through the real graph and score them per dimension. */
export function registerEvalCommand(program: Command, io: Io): void {
  program
    .command("eval")
    .description(
      "run the eval cases through the agent; exit 0 only when every case passes and every rewrite is kept",
    )
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
    .option(
      "--blind <dir>",
      "folder of blind sets, one subfolder each, scored beside the own cases (default with the bundled cases: evals/blind)",
    )
    .option("--no-blind", "do not score the blind sets")
    .option("--no-metamorphic", "do not score the meaning-keeping rewrites of the own cases")
    .option("--json", "print {total, passed, cases[], blind[], metamorphic} as JSON")
    .option("--report <file.md>", "also write a markdown report")
    .addHelpText(
      "after",
      [
        "",
        "Every case's request is also rewritten in ways that keep its meaning (hardware phrasing,",
        "number words, clause order, verbs, model names, filler, casing); each rewrite must plan",
        "the same steps, stages, GPUs and values as the request. With the bundled cases (or",
        "--blind DIR) each blind set is scored as its own row. Exit 0 only when every case passes",
        "and every rewrite is kept; blind sets are measured, not required.",
      ].join("\n"),
    )
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
      if (nvidia === 1 && typeof flags.blind === "string") {
        throw new UserFacingError(
          "--blind goes with the own cases, not the NVIDIA suites",
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
      const { createGraphDriver } = await import("../../session/eval-driver.js");
      const { renderEvalReport, renderEvalSummary, evalJson } = await import(
        "../render/eval-report.js"
      );

      const all = flags.cases ? loadCases(flags.cases) : loadCases();
      const matches = (c: { id: string }) => !flags.filter || c.id.includes(flags.filter);
      const cases = all.filter(matches);
      if (cases.length === 0) throw new UserFacingError("no eval case matches", ExitCode.usage);
      const blindSets = await selectBlindSets(flags);
      if (opts.baseUrl || opts.model)
        io.err("note: LLM mode is not available in this version; running offline");

      const deps = createAgentDeps({ path: "" });
      const tty = !json && Boolean(process.stderr.isTTY);
      const run = async (items: typeof cases, label = "") => {
        const progress = createProgress(io, items.length, tty);
        const outcomes = await runCases(items, {
          checkoutRoot: location.root,
          catalog,
          concurrency,
          driverFor: () => createGraphDriver(deps),
          onDone: (o, done, total) => progress.tick(`${label}${o.id}`, o.pass, done, total),
        });
        progress.end();
        return outcomes;
      };
      const outcomes = await run(cases);
      const extra = await scoreExtras(flags, { cases, blindSets, catalog, matches, run }, io);
      const summary = summarizeByDimension(outcomes);
      if (json) printJson(io, evalJson(outcomes, extra));
      else io.out(renderEvalSummary(outcomes, summary, extra));
      if (flags.report) {
        const { writeFileSync } = await import("node:fs");
        writeFileSync(flags.report, renderEvalReport(outcomes, summary, location.root, extra));
        io.err(`report written to ${flags.report}`);
      }
      const rewritesKept =
        !extra.metamorphic || extra.metamorphic.kept === extra.metamorphic.generated;
      process.exitCode =
        outcomes.every((o) => o.pass) && rewritesKept ? ExitCode.ok : ExitCode.failed;
    });
}

/** The blind sets to score: the bundled ones with the bundled cases, those of `--blind DIR`, or none. */
async function selectBlindSets(flags: EvalFlags): Promise<BlindSet[] | undefined> {
  const blind = flags.blind === false ? false : (flags.blind ?? (flags.cases ? false : undefined));
  if (blind === false) return undefined;
  const { loadBlindSets } = await import("../../eval/blind.js");
  const sets = blind ? loadBlindSets(blind) : loadBlindSets();
  if (blind && sets.length === 0) {
    throw new UserFacingError(`no blind set (a folder of case files) in ${blind}`, ExitCode.usage);
  }
  return sets;
}

/** Each blind set through the same runner, and the metamorphic rewrites of the cases run. */
async function scoreExtras(
  flags: EvalFlags,
  ctx: {
    cases: EvalCase[];
    blindSets: BlindSet[] | undefined;
    catalog: Catalog;
    matches: (c: { id: string }) => boolean;
    run: (items: EvalCase[], label?: string) => Promise<CaseOutcome[]>;
  },
  io: Io,
): Promise<ExtraScores> {
  const extra: ExtraScores = {};
  if (ctx.blindSets) {
    const { scoreBlindSet } = await import("../../eval/blind.js");
    extra.blind = [];
    for (const set of ctx.blindSets) {
      const items = set.cases.filter(ctx.matches);
      if (items.length === 0) continue;
      extra.blind.push(scoreBlindSet(set.name, await ctx.run(items, `${set.name}/`)));
    }
  }
  if (flags.metamorphic !== false) {
    const { offlineSignature, runMetamorphic } = await import("../../eval/metamorphic/index.js");
    io.err("scoring meaning-keeping rewrites of the cases ...");
    extra.metamorphic = runMetamorphic(ctx.cases, offlineSignature(ctx.catalog));
  }
  return extra;
}
