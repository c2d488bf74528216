import { remoteRequested, selectProfile, writesProfiles } from "../planner/commands/index.js";
import type { PlanContext } from "../planner/context.js";
import type { Finding, PlanDraft } from "../planner/plan.js";
import { warning } from "./finding.js";

/**
 * Remote execution needs an env profile section for every stage that is
 * submitted. A profile the user named is checked by the composer; here the
 * stages no visible section fits are reported once for the plan.
 */
export function checkProfiles(draft: PlanDraft, ctx: PlanContext): Finding[] {
  if (!remoteRequested(ctx.intent) || ctx.intent.executor.profile) return [];
  const uncovered = draft.stages.filter((stage) => {
    const step = ctx.catalog.step(stage.step);
    if (!step || writesProfiles(ctx, step)) return false;
    return selectProfile(step, ctx.intent, ctx.profiles) === undefined;
  });
  if (uncovered.length === 0) return [];
  const where =
    ctx.profiles && ctx.profiles.sections.length > 0
      ? "no section of the visible env profile file fits"
      : "no env profile file is visible for";
  const stages = uncovered.map((s) => `${s.id} (${s.step})`).join(", ");
  return [
    warning(
      "profile_missing",
      `remote execution was asked for, but ${where} ${stages}.`,
      "Point NEMOTRON_ENV_FILE at a profile file, or add an env*.toml to the checkout with a section for each stage (env/env_toml can generate one); until then the commands are local dry runs.",
    ),
  ];
}
