import type { Parameter } from "../../catalog/index.js";
import type { Finding, ParamValue } from "../../planner/plan.js";
import { holdsSecret, isSecretKeyPath, type KnownSecrets } from "../../secrets/index.js";

export interface ValueCheckContext {
  stageId: string;
  stepId: string;
  /** Every key the step declares or its base config ships. */
  known: ReadonlySet<string>;
  declared: readonly Parameter[];
  /** Known keys the plan leaves unset. */
  open: ReadonlySet<string>;
  userPaths: readonly string[];
  pathPattern: RegExp;
  secrets: KnownSecrets;
}

/**
 * Why a proposed `key = value` must not reach a config, or undefined when it
 * may. Messages name the key and the reason, never a secret value.
 */
export function checkProposedValue(
  key: string,
  value: ParamValue,
  ctx: ValueCheckContext,
): Finding | undefined {
  const reject = (reason: string): Finding => ({
    level: "warning",
    code: "llm_rejected",
    message: `rejected the model's value for \`${key}\` in ${ctx.stageId}: ${reason}`,
    stage: ctx.stageId,
  });
  if (isSecretKeyPath(key)) return reject("the key holds credentials, which are never proposed");
  const declaredParent = ctx.declared.some((p) => key.startsWith(`${p.name}.`));
  if (!ctx.known.has(key) && !declaredParent)
    return reject(`unknown key: ${ctx.stepId} has no such parameter or config key`);
  if (!ctx.open.has(key) && !declaredParent) return reject("the plan already sets this key");
  for (const text of stringsOf(value)) {
    if (text.includes("${art:")) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: names the literal OmegaConf syntax
      return reject("an artifact reference (`${art:...}`), which written configs never hold");
    }
    if (holdsSecret(text, ctx.secrets) || text.includes("[redacted]")) {
      return reject("the value contains a secret from the checkout's env files or a credential");
    }
    if (text.includes("${")) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: names the literal OmegaConf syntax
      return reject("an interpolation (`${...}`); configs get concrete values");
    }
    if (looksLikePath(text, ctx) && !ctx.userPaths.includes(text)) {
      return reject(
        `the path \`${text}\` is not one the request gave; paths are copied from the request only`,
      );
    }
  }
  const param = ctx.declared.find((p) => p.name === key);
  if (
    param?.choices?.length &&
    !param.choices.some((c) => JSON.stringify(c) === JSON.stringify(value))
  ) {
    return reject(`not one of the declared choices ${JSON.stringify(param.choices)}`);
  }
  if (param?.default !== undefined && !sameKind(param.default, value)) {
    return reject(`expected a ${kindOf(param.default)} like the declared default`);
  }
  return undefined;
}

/** A path by its prefix (`/`, `./`, `s3://`…), a `dir/file.ext` shape, or a near copy of a user path. */
function looksLikePath(text: string, ctx: ValueCheckContext): boolean {
  ctx.pathPattern.lastIndex = 0;
  if (ctx.pathPattern.test(text)) return true;
  if (text.includes("/") && /\.[A-Za-z0-9]{1,10}$/.test(text)) return true;
  return ctx.userPaths.some((p) => text.includes(p) || p.includes(text));
}

function stringsOf(value: ParamValue): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "list";
  return typeof value;
}

function sameKind(expected: unknown, actual: unknown): boolean {
  return kindOf(expected) === kindOf(actual);
}
