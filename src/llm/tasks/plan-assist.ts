import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { Catalog } from "../../catalog/index.js";
import { compileRules } from "../../planner/compose/index.js";
import type { Intent } from "../../planner/intent.js";
import { totalGpus } from "../../planner/intent.js";
import type { Finding, ParamValue, PlanDraft, PlanProse } from "../../planner/plan.js";
import type { Usage } from "../../planner/result.js";
import type { PlanningRules } from "../../planner/rules/index.js";
import { type KnownSecrets, redactText, writtenPaths } from "../../secrets/index.js";
import {
  loadModelValueRules,
  type ModelValueRules,
  refusal,
  ruleKeys,
  SUPPLY_CHAIN,
} from "../../validators/model-values/index.js";
import { configKeys } from "../catalog-brief.js";
import type { LlmClient } from "../client.js";
import { dataBlock, fillPrompt } from "../prompts.js";
import { withRepair } from "../repair.js";
import { NO_USAGE } from "../usage.js";
import {
  checkStageValues,
  keyList,
  mentionedOpenKeys,
  type OpenStage,
  openKeys,
} from "./config-values.js";
import {
  AVOID_LIMIT,
  checkProse,
  cleanProse,
  planSummary,
  WHY_LIMIT,
  writePlanProse,
} from "./plan-prose.js";
import { recheckModelValues } from "./recheck.js";

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
/** Config values for several stages and the plan's prose, in one reply. */
export const PlanAssistSchema = z.object({
  values: z.array(
    z.object({ stage: z.string(), key: z.string(), value: z.union([Scalar, z.array(Scalar)]) }),
  ),
  why: z.string(),
  avoid: z.string(),
});

export interface AssistPlanInput {
  llm: LlmClient;
  draft: PlanDraft;
  catalog: Catalog;
  intent: Intent;
  /** Everything the user wrote on the thread; only open keys named in it are asked about. */
  userText: string;
  secrets: KnownSecrets;
  planningRules: PlanningRules;
  /** What a model may contribute (the shipped `model-values.yaml` by default). */
  valueRules?: ModelValueRules;
  /** The plan's hard checks; run again with the model's values (see `recheckModelValues`). */
  recheck?: (draft: PlanDraft) => Finding[];
}

export interface AssistPlanResult {
  /**
   * The draft with the accepted values applied; when a check they brought in
   * still fails after withdrawal, it also asks about each model value left,
   * so the plan waits for an answer instead of approval.
   */
  draft: PlanDraft;
  prose: PlanProse | undefined;
  /** Keys whose value the model chose, per stage id. */
  modelKeys: Map<string, Set<string>>;
  findings: Finding[];
  usage: Usage;
}

/** Stages whose open keys the request talks about (that gate keeps a plan to two calls). */
export function openStages(input: AssistPlanInput, rules: ModelValueRules): OpenStage[] {
  const compiled = compileRules(input.planningRules);
  const out: OpenStage[] = [];
  for (const stage of input.draft.stages) {
    const step = input.catalog.step(stage.step);
    if (!step) continue;
    const baseConfigKeys = configKeys(input.catalog, stage.step, stage.baseConfig);
    const derived = ruleKeys(compiled.stepRule(stage.step), step.parameters);
    const keys = openKeys({
      stage,
      baseConfigKeys,
      declaredParams: step.parameters,
      ruleKeys: derived,
      rules,
    });
    const mentioned = mentionedOpenKeys(input.userText, keys);
    if (mentioned.length === 0) continue;
    const open = [...new Set([...mentioned, ...keys])];
    out.push({ stage, step, baseConfigKeys, ruleKeys: derived, open });
  }
  return out;
}

/**
 * The model's part of a plan, in one call: values for the open keys the
 * request talks about (every stage at once) and the Why/Avoid prose. Values
 * are kept only when they pass every check; prose only as plain text. A plan
 * without stages makes no call.
 */
export async function assistPlan(input: AssistPlanInput): Promise<AssistPlanResult> {
  const rules = input.valueRules ?? loadModelValueRules();
  const none: AssistPlanResult = {
    draft: input.draft,
    prose: undefined,
    modelKeys: new Map(),
    findings: [],
    usage: NO_USAGE,
  };
  if (input.draft.stages.length === 0) return none;
  const open = openStages(input, rules);
  if (open.length === 0) {
    const written = await writePlanProse({ ...input, plan: input.draft, rules });
    return { ...none, prose: written.prose, findings: written.findings, usage: written.usage };
  }
  const { secrets } = input;
  const prompt = fillPrompt("plan-assist", {
    whyLimit: String(WHY_LIMIT),
    avoidLimit: String(AVOID_LIMIT),
    plan: dataBlock("plan-data", redactText(planSummary(input.draft), secrets)),
    keys: dataBlock("open-keys", redactText(open.map(keyList).join("\n\n"), secrets)),
    request: dataBlock("user-request", redactText(input.userText, secrets)),
  });
  const result = await withRepair({
    client: input.llm,
    schema: PlanAssistSchema,
    name: "plan_assist",
    description:
      "Values for open config keys of the plan's stages, and the plan's Why/Avoid prose.",
    messages: [new SystemMessage(prompt.system), new HumanMessage(prompt.user)],
    validate: (reply) => checkProse(reply, input.catalog, secrets),
    secrets,
    task: "config values and plan prose",
  });
  if (result.value === undefined)
    return { ...none, findings: result.findings, usage: result.usage };
  const applied = applyValues(input, open, result.value.values, rules);
  const rechecked = input.recheck
    ? recheckModelValues(applied.draft, input.draft, applied.modelKeys, input.recheck)
    : { ...applied, findings: [] };
  const cleaned = cleanProse(result.value, rules);
  return {
    draft: rechecked.draft,
    prose: cleaned.prose,
    modelKeys: rechecked.modelKeys,
    findings: [...result.findings, ...applied.findings, ...rechecked.findings, ...cleaned.findings],
    usage: result.usage,
  };
}

function applyValues(
  input: AssistPlanInput,
  open: readonly OpenStage[],
  proposed: z.infer<typeof PlanAssistSchema>["values"],
  rules: ModelValueRules,
): Pick<AssistPlanResult, "draft" | "modelKeys" | "findings"> {
  const { intent } = input;
  const outputRoots = intent.outputDir ? [intent.outputDir] : [];
  const userPaths = [
    ...new Set([...writtenPaths(input.userText), ...intent.data.paths, ...outputRoots]),
  ];
  const findings: Finding[] = [];
  const byStage = new Map(open.map((o) => [o.stage.id, o]));
  for (const p of proposed) {
    if (!byStage.has(p.stage)) {
      const known = input.draft.stages.some((s) => s.id === p.stage);
      const why = rules.supplyChainKeys.some((re) => re.test(p.key))
        ? SUPPLY_CHAIN
        : known
          ? "the request names no open key of this stage"
          : "the plan has no such stage";
      const refused = refusal(p.stage, p.key, why);
      // A stage id the plan lacks is the model's text: it is not made the finding's stage.
      findings.push(known ? refused : { ...refused, stage: undefined });
    }
  }
  const modelKeys = new Map<string, Set<string>>();
  const accepted = new Map<string, Record<string, ParamValue>>();
  for (const stage of open) {
    const checked = checkStageValues({
      catalog: input.catalog,
      open: stage,
      proposed: proposed.filter((p) => p.stage === stage.stage.id),
      userPaths,
      outputRoots,
      secrets: input.secrets,
      rules,
      gpus: totalGpus(intent),
    });
    findings.push(...checked.findings);
    const keys = Object.keys(checked.values);
    if (keys.length === 0) continue;
    accepted.set(stage.stage.id, checked.values);
    modelKeys.set(stage.stage.id, new Set(keys));
  }
  const stages = input.draft.stages.map((s) => {
    const values = accepted.get(s.id);
    return values ? { ...s, params: { ...s.params, ...values } } : s;
  });
  return { draft: { ...input.draft, stages }, modelKeys, findings };
}
