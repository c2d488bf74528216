import type { Catalog } from "../../catalog/index.js";
import type { PlanDraft } from "../../planner/compose/index.js";
import type { Intent } from "../../planner/intent.js";
import type { Finding, PlanProse } from "../../planner/plan.js";
import type { Usage } from "../../planner/result.js";
import type { KnownSecrets } from "../../secrets/index.js";
import { configKeys } from "../catalog-brief.js";
import type { LlmClient } from "../client.js";
import { addUsage, NO_USAGE } from "../usage.js";
import { mentionedOpenKeys, openKeys, proposeConfigValues } from "./config-values.js";
import { writePlanProse } from "./plan-prose.js";

export interface FillOpenValuesInput {
  llm: LlmClient;
  draft: PlanDraft;
  catalog: Catalog;
  intent: Intent;
  /** Everything the user wrote on the thread; only open keys named in it are asked about. */
  userText: string;
  secrets: KnownSecrets;
  /** What counts as a path the user wrote (from the intent rules). */
  pathPattern: RegExp;
}

/**
 * Ask the model for config values the rules left open, only for stages whose
 * open keys the user actually talked about (that gate keeps a plan to two calls).
 * Accepted values fill keys the plan did not set; the validators then see them.
 */
export async function fillOpenValues(
  input: FillOpenValuesInput,
): Promise<{ draft: PlanDraft; findings: Finding[]; usage: Usage }> {
  const { llm, draft, catalog, intent } = input;
  let usage: Usage = NO_USAGE;
  const findings: Finding[] = [];
  const userPaths = [...intent.data.paths, ...(intent.outputDir ? [intent.outputDir] : [])];
  const stages = [];
  for (const stage of draft.stages) {
    const step = catalog.step(stage.step);
    const baseConfigKeys = step ? configKeys(catalog, stage.step, stage.baseConfig) : [];
    const keys = step ? openKeys({ stage, baseConfigKeys, declaredParams: step.parameters }) : [];
    if (!step || mentionedOpenKeys(input.userText, keys).length === 0) {
      stages.push(stage);
      continue;
    }
    const result = await proposeConfigValues({
      llm,
      stage,
      step,
      baseConfigKeys,
      declaredParams: step.parameters,
      userText: input.userText,
      userPaths,
      pathPattern: input.pathPattern,
      secrets: input.secrets,
    });
    usage = addUsage(usage, result.usage);
    findings.push(...result.findings);
    stages.push({ ...stage, params: { ...result.values, ...stage.params } });
  }
  return { draft: { ...draft, stages }, findings, usage };
}

/**
 * The model's part of a plan: open values first (they change the stages),
 * then Why/Avoid prose for a plan that has stages.
 */
export async function assistPlan(input: FillOpenValuesInput): Promise<{
  draft: PlanDraft;
  prose: PlanProse | undefined;
  findings: Finding[];
  usage: Usage;
}> {
  const filled = await fillOpenValues(input);
  if (filled.draft.stages.length === 0) return { ...filled, prose: undefined };
  const written = await writePlanProse({ ...input, plan: filled.draft });
  return {
    draft: filled.draft,
    prose: written.prose,
    findings: [...filled.findings, ...written.findings],
    usage: addUsage(filled.usage, written.usage),
  };
}
