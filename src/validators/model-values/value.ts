import type { Parameter } from "../../catalog/index.js";
import type { Finding, ParamValue } from "../../planner/plan.js";
import {
  holdsSecret,
  isPathLike,
  isSecretKeyPath,
  type KnownSecrets,
  pathAllowed,
  REDACTED,
} from "../../secrets/index.js";
import type { ModelValueRules } from "./rules.js";

/** What a model-proposed `key = value` for one stage is checked against. */
export interface ValueCheckContext {
  stageId: string;
  stepId: string;
  /** Dotted leaf keys of the stage's shipped base config. */
  shippedKeys: ReadonlySet<string>;
  /** The shipped value of a key (undefined when the base config lacks it). */
  shippedValue(key: string): unknown;
  declared: readonly Parameter[];
  /** Keys the plan leaves unset, the only ones a model may fill. */
  open: ReadonlySet<string>;
  /** Keys the planning rules derive for this step (model, paths, layout, lengths): never the model's. */
  ruleKeys: ReadonlySet<string>;
  /** Path-like tokens the user wrote, whole. */
  userPaths: readonly string[];
  /** The user's output directories: a path inside one may be derived. */
  outputRoots: readonly string[];
  secrets: KnownSecrets;
  rules: ModelValueRules;
  /** The plan's GPU count, when known: parallel sizes must divide it. */
  gpus?: number | undefined;
}

/** Why a model never sets an image, registry, tracker, endpoint, command or job placement. */
export const SUPPLY_CHAIN =
  "images, registries, trackers, endpoints, commands and job placement come from you, the shipped config or the env profile, never from the model";

const SHOWABLE = /^[\w.:/@~+-]{1,80}$/u;

/**
 * Model text as a refusal may quote it: a plain token in backticks, anything
 * else (markup, spaces, line breaks, long text) not shown at all, so a
 * refusal can never carry what it refuses into the plan.
 */
export function shown(text: string): string {
  return SHOWABLE.test(text) ? `\`${text}\`` : "(not shown: not a plain token)";
}

/** A model value refused, with the reason in the message (never the value when it may be secret). */
export function refusal(stageId: string, key: string, reason: string): Finding {
  return {
    level: "warning",
    code: "llm_rejected",
    message: `rejected the model's value for ${shown(key)} in ${shown(stageId)}: ${reason}`,
    stage: stageId,
  };
}

/**
 * Why a proposed `key = value` must not reach a config, or undefined when it
 * may. Checked in order: credentials, where the key comes from (shipped or
 * declared, open, not derived by the rules, not a supply-chain setting), then
 * each string (references, secrets, paths), then declared choices, the type
 * of the shipped or declared value, and the range the key's name implies.
 */
export function checkProposedValue(
  key: string,
  value: ParamValue,
  ctx: ValueCheckContext,
): Finding | undefined {
  const reject = (reason: string) => refusal(ctx.stageId, key, reason);
  if (isSecretKeyPath(key)) return reject("the key holds credentials, which are never proposed");
  const param = ctx.declared.find((p) => p.name === key);
  if (!param && !ctx.shippedKeys.has(key)) {
    return reject(
      `unknown key: ${ctx.stepId} ships no such config key and declares no such parameter`,
    );
  }
  if (ctx.rules.supplyChainKeys.some((re) => re.test(key))) {
    return reject(SUPPLY_CHAIN);
  }
  if (ctx.ruleKeys.has(key)) return reject("the planning rules derive this key");
  if (!ctx.open.has(key)) return reject("the plan already sets this key");
  for (const text of stringsOf(value)) {
    const why = stringProblem(text, ctx);
    if (why) return reject(why);
  }
  if (param?.choices?.length && !param.choices.some((c) => sameValue(c, value))) {
    return reject(`not one of the declared choices ${JSON.stringify(param.choices)}`);
  }
  const expected = param?.default !== undefined ? param.default : ctx.shippedValue(key);
  if (expected !== undefined && expected !== null && kindOf(expected) !== kindOf(value)) {
    const source = param?.default !== undefined ? "declared default" : "shipped value";
    return reject(`expected a ${kindOf(expected)} like the ${source}`);
  }
  return rangeProblem(key, value, expected, ctx.rules);
  function rangeProblem(
    k: string,
    v: ParamValue,
    reference: unknown,
    rules: ModelValueRules,
  ): Finding | undefined {
    if (typeof v !== "number") return undefined;
    if (!Number.isFinite(v)) return reject("not a finite number");
    if (v === reference) return undefined;
    const leaf = k.split(".").at(-1) ?? k;
    const range = rules.ranges.find((r) => r.keys.test(leaf));
    if (range) {
      if (range.integer && !Number.isInteger(v)) return reject("a count must be a whole number");
      if ((range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max))
        return reject(`${v} is outside ${rangeText(range.min, range.max)}`);
      if (range.dividesGpus && ctx.gpus !== undefined && ctx.gpus % v !== 0)
        return reject(`${v} does not divide the plan's ${ctx.gpus} GPUs`);
    }
    if (typeof reference === "number" && reference >= 0 && v < 0)
      return reject(`${v} is negative where the shipped value is not`);
    return undefined;
  }
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `[${min}, ${max}]`;
  return min !== undefined ? `the range >= ${min}` : `the range <= ${max}`;
}

function stringProblem(text: string, ctx: ValueCheckContext): string | undefined {
  if (text.includes("${art:")) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: names the literal OmegaConf syntax
    return "an artifact reference (`${art:...}`), which written configs never hold";
  }
  if (holdsSecret(text, ctx.secrets) || text.includes(REDACTED)) {
    return "the value contains a secret from the checkout's env files or a credential";
  }
  if (text.includes("${")) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: names the literal OmegaConf syntax
    return "an interpolation (`${...}`); configs get concrete values";
  }
  if (/\p{Cc}/u.test(text)) {
    return "a control character or line break";
  }
  if (/^\s*!/.test(text)) return "a YAML tag";
  if (isPathLike(text) && !pathAllowed(text, ctx.userPaths, ctx.outputRoots)) {
    return `the path ${shown(text)} is not one you wrote (whole) nor inside your output directory`;
  }
  return undefined;
}

function stringsOf(value: ParamValue): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (value === null) return "null";
  return typeof value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
