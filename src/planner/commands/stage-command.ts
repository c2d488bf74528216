import type { StepManifest } from "../../catalog/index.js";
import { hidesValue } from "../../secrets/index.js";
import type { EnvProfileSection, PlanContext } from "../context.js";
import type { Command, ParamValue, PlanDraft, RequiredInput, Stage, Tier } from "../plan.js";
import { answersData } from "./answers-data.js";
import { type HostedCall, hostedCall } from "./hosted.js";
import { remoteRequested, selectProfile } from "./profile.js";
import { buildStepCommand } from "./shell.js";
import { chooseShippedConfig, stepDefinesKey } from "./step-keys.js";

/** A stage's command plus everything the renderers need to explain it. */
export interface StageCommand {
  stage: Stage;
  /** The catalog manifest; undefined when the stage names a step the catalog lacks. */
  manifest?: StepManifest | undefined;
  /** What `-c` receives: a shipped config name or the path of the config Act writes. */
  config: string;
  command: Command;
  /** Remote execution was asked for. */
  remote: boolean;
  /** The env profile section passed to `--batch`, when one matched. */
  profile?: EnvProfileSection | undefined;
  hosted?: HostedCall | undefined;
  /** Override keys left out because the step does not define them. */
  dropped: string[];
  /** Override keys left out because their values are credentials. */
  withheld: string[];
  /** Required inputs that concern this stage and are still open. */
  missing: RequiredInput[];
}

/** Text of `blockedBy` when remote execution has no profile to run with. */
export function noProfileReason(stepId: string): string {
  return `remote execution needs an env profile with a section for ${stepId}: set NEMOTRON_ENV_FILE or add an env*.toml in the checkout`;
}

function tierFor(ctx: PlanContext, blockers: string[]): Tier {
  if (blockers.length > 0) return "Blocked";
  return ctx.catalogSource === "sample" ? "Reference-grounded" : "Repo-grounded";
}

/** Single-step overrides: the stage's params and the user's `key=value`s the step defines. */
function oneStepOverrides(
  ctx: PlanContext,
  manifest: StepManifest,
  config: string,
  stage: Stage,
): { overrides: Record<string, ParamValue>; dropped: string[]; withheld: string[] } {
  const candidates: Record<string, ParamValue> = { ...ctx.intent.overrides, ...stage.params };
  const overrides: Record<string, ParamValue> = {};
  const dropped: string[] = [];
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(candidates)) {
    if (hidesValue(key)) withheld.push(key);
    else if (!stepDefinesKey(ctx.catalog, manifest, config, key)) dropped.push(key);
    else overrides[key] = value;
  }
  return { overrides, dropped, withheld };
}

/** The auth key carries only a name the user gave; a shipped default is never restated as fact. */
function withAuthName(
  overrides: Record<string, ParamValue>,
  hosted: HostedCall | undefined,
): Record<string, ParamValue> {
  if (!hosted?.authKey) return overrides;
  const authKey = hosted.authKey;
  const rest = Object.fromEntries(Object.entries(overrides).filter(([key]) => key !== authKey));
  return hosted.authVar ? { ...rest, [authKey]: hosted.authVar } : rest;
}

/** A step that writes env profiles runs locally: it cannot need the profile it creates. */
export function writesProfiles(ctx: PlanContext, step: StepManifest): boolean {
  const type = answersData().profiles.type;
  return step.produces.some((p) => ctx.catalog.artifacts.isCompatible(p.type, type));
}

/** Build the command for one stage; pipelines run the file Act writes, single steps a shipped config. */
export function stageCommand(draft: PlanDraft, ctx: PlanContext, stage: Stage): StageCommand {
  const manifest = ctx.catalog.step(stage.step);
  const missing = draft.requiredInputs.filter((r) => !r.stage || r.stage === stage.id);
  const remote = remoteRequested(ctx.intent) && !(manifest && writesProfiles(ctx, manifest));
  const blockers: string[] = [];
  if (!manifest) {
    blockers.push(`step ${stage.step} is not in the catalog`);
    const command = buildStepCommand({
      step: stage.step,
      config: stage.baseConfig,
      dryRun: true,
      overrides: {},
    });
    const base = { stage, config: stage.baseConfig, remote, dropped: [], withheld: [], missing };
    return {
      ...base,
      command: {
        step: stage.step,
        command,
        tier: "Blocked",
        blockedBy: blockers[0],
        unblockedBy: "environment",
      },
    };
  }
  const oneStep = draft.route !== "pipeline";
  const lookupConfig = oneStep
    ? chooseShippedConfig(ctx.catalog, manifest, ctx.intent, stage.baseConfig, stage.params)
    : stage.baseConfig;
  const config = oneStep ? lookupConfig : stage.configPath;
  const picked = oneStep
    ? oneStepOverrides(ctx, manifest, lookupConfig, stage)
    : { overrides: {}, dropped: [], withheld: [] };
  const scope = { catalog: ctx.catalog, step: manifest, config: lookupConfig, intent: ctx.intent };
  const hosted = hostedCall({ ...scope, overrides: { ...stage.params, ...picked.overrides } });
  const overrides = oneStep ? withAuthName(picked.overrides, hosted) : picked.overrides;
  if (missing.length > 0) blockers.push(`missing input: ${missing.map((r) => r.key).join(", ")}`);
  if (hosted && !hosted.authVar) {
    blockers.push(
      `the name of the environment variable holding the key for ${hosted.service} is not known`,
    );
  }
  const profile = remote ? selectProfile(manifest, ctx.intent, ctx.profiles) : undefined;
  const noProfile = remote && !profile;
  if (noProfile) blockers.push(noProfileReason(manifest.id));
  const command = buildStepCommand({
    step: manifest.id,
    config,
    dryRun: true,
    batchProfile: profile?.section,
    overrides,
  });
  const tier = tierFor(ctx, blockers);
  const cmd: Command = { step: manifest.id, command, tier };
  if (blockers.length > 0) {
    cmd.blockedBy = blockers.join("; ");
    cmd.unblockedBy = noProfile ? "environment" : "answer";
  }
  const { dropped, withheld } = picked;
  return {
    stage,
    manifest,
    config,
    command: cmd,
    remote,
    profile,
    hosted,
    dropped,
    withheld,
    missing,
  };
}

/** One command per stage, in stage order. */
export function stageCommands(draft: PlanDraft, ctx: PlanContext): StageCommand[] {
  return draft.stages.map((stage) => stageCommand(draft, ctx, stage));
}

/** The commands of a draft (see `stageCommands` for the explained form). */
export function commandsForPlan(draft: PlanDraft, ctx: PlanContext): Command[] {
  return stageCommands(draft, ctx).map((c) => c.command);
}
