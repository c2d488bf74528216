import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { Parameter, StepManifest } from "../../catalog/index.js";
import type { Finding, ParamValue, Stage } from "../../planner/plan.js";
import type { Usage } from "../../planner/result.js";
import { isSecretKeyPath, type KnownSecrets, redactText } from "../../secrets/index.js";
import { stepDetail } from "../catalog-brief.js";
import type { LlmClient } from "../client.js";
import { dataBlock, fillPrompt } from "../prompts.js";
import { failureSummary, unusableFinding } from "../repair.js";
import { callStructured } from "../structured.js";
import { NO_USAGE } from "../usage.js";
import { checkProposedValue, type ValueCheckContext } from "./config-value-checks.js";

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export const ConfigProposalSchema = z.object({
  values: z.array(z.object({ key: z.string(), value: z.union([Scalar, z.array(Scalar)]) })),
});

/** Keys listed in the prompt at most; declared parameters come first. */
const MAX_LISTED_KEYS = 40;

export interface ProposeConfigInput {
  llm: LlmClient;
  stage: Pick<Stage, "id" | "step" | "params">;
  step: StepManifest;
  /** Dotted keys of the stage's base config (names only, never values). */
  baseConfigKeys: readonly string[];
  declaredParams: readonly Parameter[];
  /** The user's request; only its redacted form is sent. */
  userText: string;
  /** Paths the user gave (data paths, output dir): the only paths a proposed value may hold. */
  userPaths: readonly string[];
  /** What a path looks like (the routing data's `literals.pathPrefix`). */
  pathPattern: RegExp;
  secrets: KnownSecrets;
}

export interface ProposeConfigResult {
  /** Accepted values, keyed by dotted config key. */
  values: Record<string, ParamValue>;
  findings: Finding[];
  usage: Usage;
}

/** Keys the rules left open: declared or shipped, not set by the plan, not credentials. */
export function openKeys(
  input: Pick<ProposeConfigInput, "stage" | "baseConfigKeys" | "declaredParams">,
): string[] {
  const set = Object.keys(input.stage.params);
  const taken = (key: string) =>
    set.some((s) => key === s || key.startsWith(`${s}.`) || s.startsWith(`${key}.`));
  const keys = [...new Set([...input.declaredParams.map((p) => p.name), ...input.baseConfigKeys])];
  return keys.filter((key) => !taken(key) && !isSecretKeyPath(key));
}

/**
 * Open keys the request talks about: every word of the key's last segment
 * appears in the text ("max 1000 steps" names `step_scheduler.max_steps`).
 * A one-word segment is a common word ("chat", "model"), so it counts only
 * when a value follows it ("LoRA dim 32"). A cheap gate for whether a stage is
 * worth a model call at all.
 */
export function mentionedOpenKeys(text: string, keys: readonly string[]): string[] {
  const lower = text.toLowerCase();
  const words = new Set(lower.match(/[a-z0-9]+/g) ?? []);
  return keys.filter((key) => {
    const leaf = key.split(".").at(-1) ?? key;
    const parts = leaf
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    if (parts.length === 0 || !parts.every((part) => words.has(part))) return false;
    if (parts.length > 1) return true;
    const separator = String.raw`(?:\s*[=:]\s*|\s+(?:(?:to|of|is)\s+)?)`;
    return new RegExp(String.raw`\b${parts[0]}${separator}["'\d./~$-]`).test(lower);
  });
}

/**
 * Ask the model for values of the stage's open keys, then keep only the ones
 * that pass every check (see `checkProposedValue`); each rejection is a
 * finding naming the key and the reason. No call is made when nothing is open.
 */
export async function proposeConfigValues(input: ProposeConfigInput): Promise<ProposeConfigResult> {
  const open = openKeys(input);
  if (open.length === 0) return { values: {}, findings: [], usage: NO_USAGE };
  const { secrets } = input;
  const prompt = fillPrompt("config-values", {
    stage: dataBlock(
      "stage-data",
      redactText(`Stage ${input.stage.id} runs step:\n${stepDetail(input.step)}`, secrets),
    ),
    keys: dataBlock(
      "open-keys",
      redactText(keyList(open, input.declaredParams, input.userText), secrets),
    ),
    request: dataBlock("user-request", redactText(input.userText, secrets)),
  });
  const result = await callStructured({
    client: input.llm,
    schema: ConfigProposalSchema,
    name: "config_values",
    description: "Values for open config keys of one plan stage.",
    messages: [new SystemMessage(prompt.system), new HumanMessage(prompt.user)],
  });
  if (result.value === undefined) {
    const findings = [
      unusableFinding(`config values for ${input.stage.id}`, failureSummary(result.failures)),
    ];
    return { values: {}, findings, usage: result.usage };
  }
  const ctx: ValueCheckContext = {
    stageId: input.stage.id,
    stepId: input.step.id,
    known: new Set([...input.declaredParams.map((p) => p.name), ...input.baseConfigKeys]),
    declared: input.declaredParams,
    open: new Set(open),
    userPaths: input.userPaths,
    pathPattern: input.pathPattern,
    secrets,
  };
  const values: Record<string, ParamValue> = {};
  const findings: Finding[] = [];
  for (const { key, value } of result.value.values) {
    if (Object.hasOwn(values, key)) continue;
    const refusal = checkProposedValue(key, value, ctx);
    if (refusal) findings.push(refusal);
    else values[key] = value;
  }
  return { values, findings, usage: result.usage };
}

/** The open keys for the prompt: the ones the request mentions, then declared, then shipped. */
function keyList(open: readonly string[], declared: readonly Parameter[], text: string): string {
  const byName = new Map(declared.map((p) => [p.name, p]));
  const ordered = [...new Set([...mentionedOpenKeys(text, open), ...open])];
  const listed = ordered.slice(0, MAX_LISTED_KEYS).map((key) => {
    const p = byName.get(key);
    const extras = [
      p?.default !== undefined ? `default ${JSON.stringify(p.default)}` : "",
      p?.choices?.length ? `choices ${JSON.stringify(p.choices)}` : "",
    ].filter(Boolean);
    return `- ${key}${extras.length ? ` (${extras.join("; ")})` : ""}`;
  });
  return ["Open keys:", ...listed].join("\n");
}
