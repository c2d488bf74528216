import { type Catalog, STEPS_DIR } from "../catalog/index.js";
import { buildStepCommand } from "../planner/commands/shell.js";
import type { Intent } from "../planner/intent.js";
import { totalGpus } from "../planner/intent.js";
import { type IntentRules, loadIntentRules } from "../planner/intent-reader/index.js";
import type { Command } from "../planner/plan.js";
import { loadPlanningRules, type PlanningRules } from "../planner/rules/index.js";
import { analyseGap, type GapAnalysis } from "./gap.js";
import { type KnobPlan, planKnobs } from "./knobs.js";
import { renderDefaultConfig, renderSmokeConfig } from "./render-configs.js";
import { renderManifest } from "./render-manifest.js";
import { renderReadme } from "./render-readme.js";
import { type Resources, renderStepPy, upstreamNotes } from "./render-step-py.js";
import { listRunnerModules } from "./runners.js";
import { type ScaffoldProposal, ScaffoldProposalSchema } from "./schema.js";
import { followedStrategies, writtenStrategies } from "./strategies.js";
import { leaves } from "./yaml-text.js";

export interface BuildScaffoldInput {
  catalog: Catalog;
  intent: Intent;
  /** Routing rules; the bundled ones when absent. */
  intentRules?: IntentRules;
  /** Planning rules; the bundled ones when absent. */
  planningRules?: PlanningRules;
  /** Stems of `_runners/*.py` in the checkout; listed from `catalog.root` when absent. */
  runnerModules?: readonly string[];
}

/** Node and GPU layout for the runspec: as stated, else one node sized to the GPUs or the model. */
function resources(
  catalog: Catalog,
  rules: PlanningRules,
  intent: Intent,
  gap: GapAnalysis,
  plan: KnobPlan,
): Resources {
  const total = totalGpus(intent);
  const hw = intent.hardware;
  const perNode =
    hw.gpusPerNode ??
    (total !== undefined
      ? Math.min(total, rules.hardware.gpusPerNode)
      : (plan.model?.min_gpus ?? rules.hardware.gpusPerNode));
  const nodes = hw.nodes ?? (total !== undefined ? Math.ceil(total / perNode) : 1);
  const shipped = gap.baseStep.configs.includes("default")
    ? leaves(catalog.config(gap.baseStep.id, "default").toJS())
    : new Map<string, unknown>();
  const image = shipped.get(gap.runner.shape.imageKey);
  return { nodes, gpusPerNode: perNode, image: typeof image === "string" ? image : undefined };
}

/**
 * The Explorer scaffold for the narrowest missing step, built from the shape of
 * the closest catalog steps. Pure apart from reading the checkout through the
 * catalog (shipped configs, the runner directory); nothing is written here.
 * Throws ExplorerError when no scaffold can be derived offline.
 */
export function buildScaffold(input: BuildScaffoldInput): ScaffoldProposal {
  const { catalog, intent } = input;
  const intentRules = input.intentRules ?? loadIntentRules();
  const planningRules = input.planningRules ?? loadPlanningRules();
  const runnerModules = input.runnerModules ?? listRunnerModules(catalog.root);
  const gap = analyseGap({ catalog, intent, intentRules, planningRules, runnerModules });
  const plan = planKnobs(catalog, planningRules, intent, gap);
  const notes = upstreamNotes(gap, planningRules);
  const written = writtenStrategies(catalog, gap, plan);
  const followed = followedStrategies(catalog, planningRules, intent, gap);
  const dir = `${STEPS_DIR}/${gap.stepId}`;
  // The catalog's smoke config name for training steps.
  const smokeName = "tiny";
  const dryRuns = (overrides: KnobPlan["overrides"]): Command[] =>
    [smokeName, "default"].map((config) => ({
      step: gap.stepId,
      command: buildStepCommand({ step: gap.stepId, config, dryRun: true, overrides }),
      tier: "Repo-grounded",
    }));
  // The request's own paths go into the reported commands; the README stays generic.
  const commands = dryRuns(plan.overrides);
  const readmeCommands = dryRuns({});
  const files = [
    { path: `${dir}/step.toml`, text: renderManifest(catalog, gap, plan, written) },
    {
      path: `${dir}/step.py`,
      text: renderStepPy(gap, plan, notes, resources(catalog, planningRules, intent, gap, plan)),
    },
    { path: `${dir}/config/default.yaml`, text: renderDefaultConfig(gap, plan) },
    { path: `${dir}/config/${smokeName}.yaml`, text: renderSmokeConfig(gap, plan) },
    {
      path: `${dir}/README.md`,
      text: renderReadme(gap, plan, { notes, written, followed, commands: readmeCommands }),
    },
  ];
  return ScaffoldProposalSchema.parse({
    stepId: gap.stepId,
    category: gap.category,
    name: gap.name,
    dir,
    gap: gap.gap,
    closest: gap.closest,
    runner: { module: gap.runner.module, entry: gap.runner.shape.entry, file: gap.runner.file },
    files,
    report: {
      files: files.map((f) => f.path),
      knobs: [...plan.tuning, ...plan.io],
      upstream: notes,
      strategiesFollowed: followed,
      strategiesWritten: written.map((s) => `${s.when}: ${s.then}`),
      commands,
      requiredInputs: plan.requiredInputs,
    },
  });
}
