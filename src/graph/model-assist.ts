import { findSecretValues } from "../act/index.js";
import type { Catalog } from "../catalog/index.js";
import {
  addUsage,
  configKeys,
  mentionedOpenKeys,
  openKeys,
  type PlanProse,
  proposeConfigValues,
  writePlanProse,
} from "../llm/index.js";
import type { PlanDraft } from "../planner/compose/index.js";
import type { Intent } from "../planner/intent.js";
import type { Finding } from "../planner/plan.js";
import type { Usage } from "../planner/result.js";
import type { KnownSecrets } from "../secrets/index.js";
import type { AgentDeps } from "./deps.js";
import type { Checkout } from "./state.js";

/** The literal secret values of the checkout's env files, as a filter for everything sent out. */
export function checkoutSecrets(checkout: Checkout): KnownSecrets {
  return { values: findSecretValues(checkout.root, checkout.envFile) };
}

/**
 * Ask the model for config values the rules left open, only for stages whose
 * open keys the user actually talked about (that gate keeps a plan to two calls).
 * Accepted values fill keys the plan did not set; the validators then see them.
 */
export async function fillOpenValues(
  deps: AgentDeps,
  draft: PlanDraft,
  input: { catalog: Catalog; intent: Intent; userText: string; secrets: KnownSecrets },
): Promise<{ draft: PlanDraft; findings: Finding[]; usage: Usage }> {
  const llm = deps.llm;
  let usage: Usage = { llmCalls: 0, promptTokens: 0, completionTokens: 0 };
  const findings: Finding[] = [];
  if (!llm) return { draft, findings, usage };
  const stages = [];
  for (const stage of draft.stages) {
    const step = input.catalog.step(stage.step);
    if (!step) {
      stages.push(stage);
      continue;
    }
    const keys = openKeys({
      stage,
      baseConfigKeys: configKeys(input.catalog, stage.step, stage.baseConfig),
      declaredParams: step.parameters,
    });
    if (mentionedOpenKeys(input.userText, keys).length === 0) {
      stages.push(stage);
      continue;
    }
    const userPaths = [
      ...input.intent.data.paths,
      ...(input.intent.outputDir ? [input.intent.outputDir] : []),
    ];
    const result = await proposeConfigValues({
      llm,
      stage,
      step,
      baseConfigKeys: configKeys(input.catalog, stage.step, stage.baseConfig),
      declaredParams: step.parameters,
      userText: input.userText,
      userPaths,
      pathPattern: deps.intentRules().literals.pathPrefix,
      secrets: input.secrets,
    });
    usage = addUsage(usage, result.usage);
    findings.push(...result.findings);
    stages.push({ ...stage, params: { ...result.values, ...stage.params } });
  }
  return { draft: { ...draft, stages }, findings, usage };
}

/** Why/Avoid prose from the model for a plan with stages; undefined when unusable. */
export async function planProse(
  deps: AgentDeps,
  draft: PlanDraft,
  input: { catalog: Catalog; userText: string; secrets: KnownSecrets },
): Promise<{ prose: PlanProse | undefined; findings: Finding[]; usage: Usage }> {
  if (!deps.llm || draft.stages.length === 0) {
    return {
      prose: undefined,
      findings: [],
      usage: { llmCalls: 0, promptTokens: 0, completionTokens: 0 },
    };
  }
  return writePlanProse({
    llm: deps.llm,
    plan: draft,
    catalog: input.catalog,
    userText: input.userText,
    secrets: input.secrets,
  });
}

/** Put the model's Why/Avoid before the plan's closing section. */
export function withProse(markdown: string, prose: PlanProse | undefined): string {
  if (!prose) return markdown;
  const block = `## Why\n\n${prose.why.trim()}\n\n## Avoid\n\n${prose.avoid.trim()}\n`;
  const next = markdown.indexOf("\n## Next step");
  return next < 0
    ? `${markdown.trimEnd()}\n\n${block}`
    : `${markdown.slice(0, next)}\n${block}${markdown.slice(next)}`;
}
