import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { Catalog } from "../../catalog/index.js";
import { type Finding, type Plan, type PlanProse, PlanProseSchema } from "../../planner/plan.js";
import type { Usage } from "../../planner/result.js";
import { holdsSecret, type KnownSecrets, redactText } from "../../secrets/index.js";
import {
  loadModelValueRules,
  type ModelValueRules,
  plainProse,
} from "../../validators/model-values/index.js";
import type { LlmClient } from "../client.js";
import { dataBlock, fillPrompt } from "../prompts.js";
import { withRepair } from "../repair.js";

export const WHY_LIMIT = 600;
export const AVOID_LIMIT = 400;
/** Stage params shown to the model per stage; enough to explain, cheap to send. */
const PARAMS_PER_STAGE = 3;

export type { PlanProse };

export interface PlanProseInput {
  llm: LlmClient;
  plan: Pick<Plan, "name" | "route" | "stages" | "findings">;
  catalog: Catalog;
  /** The user's request; only its redacted form is sent. */
  userText: string;
  secrets: KnownSecrets;
}

export interface PlanProseResult {
  prose: PlanProse | undefined;
  findings: Finding[];
  usage: Usage;
}

/** Step-id shaped tokens: `category/name[/more]`, lower case, not part of a path or URL. */
const STEP_TOKEN = /(?<![\w./:-])[a-z][a-z0-9_]*(?:\/[a-z0-9_]+)+(?![\w/-])/g;

/** Problems with a prose reply; errors are sent back to the model for a repair. */
export function checkProse(prose: PlanProse, catalog: Catalog, secrets: KnownSecrets): Finding[] {
  const ids = new Set(catalog.steps.map((s) => s.id));
  const categories = new Set(catalog.steps.map((s) => s.id.split("/")[0]));
  const error = (message: string): Finding => ({ level: "error", code: "llm_prose", message });
  const findings: Finding[] = [];
  if (prose.why.trim().length === 0) findings.push(error("`why` is empty"));
  if (prose.why.length > WHY_LIMIT)
    findings.push(error(`\`why\` has ${prose.why.length} characters; the limit is ${WHY_LIMIT}`));
  if (prose.avoid.length > AVOID_LIMIT) {
    findings.push(
      error(`\`avoid\` has ${prose.avoid.length} characters; the limit is ${AVOID_LIMIT}`),
    );
  }
  for (const text of [prose.why, prose.avoid]) {
    for (const [token] of text.matchAll(STEP_TOKEN)) {
      const category = token.split("/")[0] ?? "";
      if (categories.has(category) && !ids.has(token))
        findings.push(error(`names step \`${token}\`, which the catalog lacks`));
    }
    if (holdsSecret(text, secrets) || text.includes("${")) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: names the literal OmegaConf syntax
      findings.push(error("contains a credential or a `${...}` reference"));
    }
  }
  return findings;
}

/**
 * The prose as plain text: sentences with markup, links, commands or claims
 * about approval or files are dropped, each kind said once. Prose left with
 * no `why` is dropped whole.
 */
export function cleanProse(
  prose: PlanProse,
  rules: ModelValueRules,
): { prose: PlanProse | undefined; findings: Finding[] } {
  const why = plainProse(prose.why, rules);
  const avoid = plainProse(prose.avoid, rules);
  const dropped = [...new Set([...why.dropped, ...avoid.dropped])];
  const findings: Finding[] = dropped.map((what) => ({
    level: "warning",
    code: "llm_rejected",
    message: `the model's plan prose held ${what}; those sentences were dropped`,
  }));
  if (why.text.length === 0) return { prose: undefined, findings };
  return { prose: { why: why.text, avoid: avoid.text }, findings };
}

/**
 * Short Why / Avoid prose for a plan the rules built. A reply naming a step
 * the catalog lacks, too long, or holding a secret is sent back for repair
 * (twice at most); then the rule-based text stays and a warning says why.
 * What passes is reduced to plain text (see `cleanProse`).
 */
export async function writePlanProse(
  input: PlanProseInput & { rules?: ModelValueRules },
): Promise<PlanProseResult> {
  const { secrets, plan } = input;
  const prompt = fillPrompt("plan-prose", {
    whyLimit: String(WHY_LIMIT),
    avoidLimit: String(AVOID_LIMIT),
    plan: dataBlock("plan-data", redactText(planSummary(plan), secrets)),
    request: dataBlock("user-request", redactText(input.userText, secrets)),
  });
  const result = await withRepair({
    client: input.llm,
    schema: PlanProseSchema,
    name: "plan_prose",
    description: "Why the plan fits the request, and what to avoid.",
    messages: [new SystemMessage(prompt.system), new HumanMessage(prompt.user)],
    validate: (prose) => checkProse(prose, input.catalog, secrets),
    secrets,
    task: "plan prose",
  });
  if (result.value === undefined)
    return { prose: undefined, findings: result.findings, usage: result.usage };
  const cleaned = cleanProse(result.value, input.rules ?? loadModelValueRules());
  return {
    prose: cleaned.prose,
    findings: [...result.findings, ...cleaned.findings],
    usage: result.usage,
  };
}

/** Stages with their inputs, outputs and a few params; warnings by code. */
export function planSummary(plan: PlanProseInput["plan"]): string {
  const lines = [`Plan ${plan.name} (${plan.route}):`];
  for (const stage of plan.stages) {
    const inputs = stage.consumes.map((c) => `${c.type} from ${c.from}`).join(", ") || "-";
    const outputs = stage.produces.map((p) => p.type).join(", ") || "-";
    const params = Object.entries(stage.params)
      .slice(0, PARAMS_PER_STAGE)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(", ");
    lines.push(
      `- ${stage.id}: ${stage.step}; in ${inputs}; out ${outputs}${params ? `; ${params}` : ""}`,
    );
  }
  const warnings = plan.findings
    .filter((f) => f.level !== "info")
    .map((f) => `- ${f.code}: ${f.message}`);
  if (warnings.length) lines.push("Checks that failed:", ...warnings);
  return lines.join("\n");
}
