import type { Catalog, Parameter, StepManifest } from "../../catalog/index.js";
import type { Finding, ParamValue, Stage } from "../../planner/plan.js";
import { shippedValue } from "../../planner/stage-config.js";
import { isSecretKeyPath, type KnownSecrets } from "../../secrets/index.js";
import {
  checkProposedValue,
  type ModelValueRules,
  type ValueCheckContext,
} from "../../validators/model-values/index.js";

/** Keys listed in the prompt per stage at most; the ones the request mentions come first. */
const MAX_LISTED_KEYS = 40;

/** One stage whose open keys the request talks about: what the model is asked and checked against. */
export interface OpenStage {
  stage: Pick<Stage, "id" | "step" | "params" | "baseConfig">;
  step: StepManifest;
  /** Dotted leaf keys of the stage's base config (names only, never values). */
  baseConfigKeys: readonly string[];
  /** Keys the planning rules derive for the step. */
  ruleKeys: ReadonlySet<string>;
  /** Keys the model may fill, the mentioned ones first. */
  open: string[];
}

/** Keys the rules left open: declared or shipped, not set by the plan, not derived, not credentials. */
export function openKeys(input: {
  stage: Pick<Stage, "params">;
  baseConfigKeys: readonly string[];
  declaredParams: readonly Parameter[];
  ruleKeys?: ReadonlySet<string>;
  rules?: ModelValueRules;
}): string[] {
  const set = Object.keys(input.stage.params);
  const taken = (key: string) =>
    set.some((s) => key === s || key.startsWith(`${s}.`) || s.startsWith(`${key}.`));
  const keys = [...new Set([...input.declaredParams.map((p) => p.name), ...input.baseConfigKeys])];
  const supplyChain = input.rules?.supplyChainKeys ?? [];
  return keys.filter(
    (key) =>
      !taken(key) &&
      !isSecretKeyPath(key) &&
      !input.ruleKeys?.has(key) &&
      !supplyChain.some((re) => re.test(key)),
  );
}

/**
 * Open keys the request talks about: every word of the key's last segment
 * appears in the text ("max 1000 steps" names `step_scheduler.max_steps`).
 * A one-word segment is a common word ("chat", "model"), so it counts only
 * when a value follows it ("LoRA dim 32"). A cheap gate for whether a stage is
 * worth asking about at all.
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

/** The open keys of one stage for the prompt, with declared defaults and choices (never shipped values). */
export function keyList(open: OpenStage): string {
  const byName = new Map(open.step.parameters.map((p) => [p.name, p]));
  const listed = open.open.slice(0, MAX_LISTED_KEYS).map((key) => {
    const p = byName.get(key);
    const extras = [
      p?.default !== undefined ? `default ${JSON.stringify(p.default)}` : "",
      p?.choices?.length ? `choices ${JSON.stringify(p.choices)}` : "",
    ].filter(Boolean);
    return `- ${key}${extras.length ? ` (${extras.join("; ")})` : ""}`;
  });
  return [`Stage ${open.stage.id} (${open.step.id}), open keys:`, ...listed].join("\n");
}

export interface StageValueInput {
  catalog: Catalog;
  open: OpenStage;
  proposed: readonly { key: string; value: ParamValue }[];
  userPaths: readonly string[];
  outputRoots: readonly string[];
  secrets: KnownSecrets;
  rules: ModelValueRules;
  /** The plan's GPU count, when known. */
  gpus?: number | undefined;
}

/**
 * The proposed values of one stage that pass every check (see
 * `checkProposedValue`); each refusal is a finding naming the key and the
 * reason. The first value given for a key counts.
 */
export function checkStageValues(input: StageValueInput): {
  values: Record<string, ParamValue>;
  findings: Finding[];
} {
  const { open, catalog } = input;
  const ctx: ValueCheckContext = {
    stageId: open.stage.id,
    stepId: open.step.id,
    shippedKeys: new Set(open.baseConfigKeys),
    shippedValue: (key) => shippedValue(catalog, open.step.id, open.stage.baseConfig, key),
    declared: open.step.parameters,
    open: new Set(open.open),
    ruleKeys: open.ruleKeys,
    userPaths: input.userPaths,
    outputRoots: input.outputRoots,
    secrets: input.secrets,
    rules: input.rules,
    gpus: input.gpus,
  };
  const values: Record<string, ParamValue> = {};
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { key, value } of input.proposed) {
    if (seen.has(key)) continue;
    seen.add(key);
    const refused = checkProposedValue(key, value, ctx);
    if (refused) findings.push(refused);
    else values[key] = value;
  }
  return { values, findings };
}
