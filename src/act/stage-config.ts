import { isDeepStrictEqual } from "node:util";
import { type Document, isCollection, isScalar, parseDocument } from "yaml";
import type { Catalog } from "../catalog/index.js";
import type { ParamValue, Plan, Stage } from "../planner/plan.js";
import { holdsSecret, isSafeSecretValue, isSecretKey } from "../secrets/index.js";
import { ActError } from "./errors.js";
import { renderConfig } from "./render-config.js";

export interface BuildStageConfigOptions {
  catalog: Catalog;
  stage: Stage;
  plan: Pick<Plan, "name">;
  /** Literal secret values from the env files (`findSecretValues`); none may be written. */
  secrets: readonly string[];
}

export interface StageConfig {
  text: string;
  doc: Document;
}

/** Recipe-only artifact references; standalone step configs take plain paths. */
const ARTIFACT_REFERENCE = "${art:";

/**
 * The new config for one stage: a copy of the step's shipped base config
 * (comments and layout kept) with only the stage's params changed, under a
 * header naming the plan and the base. Refuses unknown keys, artifact
 * references, secret values, and secret-looking keys holding anything but an
 * env var name.
 */
export function buildStageConfig(options: BuildStageConfigOptions): StageConfig {
  const { catalog, stage, plan } = options;
  const secrets = options.secrets.filter((s) => s.length > 0);
  const base = catalog.config(stage.step, stage.baseConfig);
  const step = catalog.step(stage.step);
  const declared = new Set(step?.parameters.map((p) => p.name) ?? []);
  const baseName = `${step?.path ?? stage.step}/config/${stage.baseConfig}.yaml`;
  const doc = base.clone();
  const keys = Object.keys(stage.params);
  for (const key of keys) {
    const value = stage.params[key] ?? null;
    const path = splitKey(stage, key);
    checkValue(stage, key, path, value, secrets);
    if (!doc.hasIn(path) && !declared.has(key)) {
      throw new ActError(
        "unknown_key",
        `stage ${stage.id}: key "${key}" is neither in ${baseName} nor a declared parameter of ${stage.step}`,
        key,
      );
    }
    setValue(doc, stage, key, path, value);
  }
  const note = header(plan.name, stage, baseName, keys);
  doc.commentBefore = joinComments(note, doc.commentBefore);
  const shipped = { doc: base, text: catalog.configText(stage.step, stage.baseConfig) };
  const text = renderConfig(doc, shipped, stage.params, note);
  confirmWritten(text, stage, secrets);
  return { text, doc };
}

function splitKey(stage: Stage, key: string): string[] {
  const path = key.split(".");
  if (path.some((part) => part.trim() === "")) {
    throw new ActError(
      "unknown_key",
      `stage ${stage.id}: "${key}" is not a dotted config key`,
      key,
    );
  }
  return path;
}

/** Walks the value (and key names inside it) for references, secrets and credential slots. */
function checkValue(
  stage: Stage,
  key: string,
  path: readonly string[],
  value: ParamValue,
  secrets: readonly string[],
): void {
  const secretSlot = path.some(isSecretKey);
  if (Array.isArray(value)) {
    for (const item of value) checkValue(stage, key, path, item, secrets);
    return;
  }
  if (value !== null && typeof value === "object") {
    for (const [child, item] of Object.entries(value)) {
      checkValue(stage, `${key}.${child}`, [...path, child], item, secrets);
    }
    return;
  }
  const rendered = value === null ? "" : String(value);
  if (rendered.includes(ARTIFACT_REFERENCE)) {
    throw new ActError(
      "artifact_reference",
      `stage ${stage.id}: "${key}" uses an \${art:...} reference; standalone step configs need a plain path`,
      key,
    );
  }
  if (secretSlot && !isSafeSecretValue(value)) {
    throw new ActError(
      "secret_key",
      `stage ${stage.id}: "${key}" looks like a credential; it may only name an environment variable (e.g. NVIDIA_API_KEY)`,
      key,
    );
  }
  if (holdsSecret(rendered, { values: secrets })) {
    throw new ActError(
      "secret_value",
      `stage ${stage.id}: "${key}" holds a credential (a token-shaped value or one found in the env files); pass it through an environment variable`,
      key,
    );
  }
}

/** Change one value, keeping the node (and its comments) when a scalar replaces a scalar. */
function setValue(
  doc: Document,
  stage: Stage,
  key: string,
  path: string[],
  value: ParamValue,
): void {
  const existing = doc.getIn(path, true);
  const isPlainScalar = value === null || typeof value !== "object";
  if (isScalar(existing) && isPlainScalar) {
    if (typeof existing.value !== typeof value) existing.type = undefined;
    existing.value = value;
    return;
  }
  const node = doc.createNode(value);
  if ((isScalar(existing) || isCollection(existing)) && (isScalar(node) || isCollection(node))) {
    node.commentBefore = existing.commentBefore;
    node.comment = existing.comment;
  }
  try {
    doc.setIn(path, node);
  } catch {
    throw new ActError(
      "unknown_key",
      `stage ${stage.id}: "${key}" runs through a value that is not a mapping in the base config`,
      key,
    );
  }
}

function header(planName: string, stage: Stage, baseName: string, keys: readonly string[]): string {
  const name = planName
    .replace(/\p{Cc}+/gu, " ")
    .trim()
    .slice(0, 120);
  const lines = [
    ` Created by nemotron-customize for plan "${name}", stage ${stage.id}.`,
    ` Starts from ${baseName}; ${keys.length === 0 ? "no key differs from it." : "these keys differ from it:"}`,
    ...keys.map((key) => `   - ${key}`),
  ];
  return lines.join("\n");
}

function joinComments(first: string, rest: string | null | undefined): string {
  return rest ? `${first}\n\n${rest}` : first;
}

/** The text must parse back to the values the stage asked for, and carry no secret. */
function confirmWritten(text: string, stage: Stage, secrets: readonly string[]): void {
  if (secrets.some((secret) => text.includes(secret))) {
    throw new ActError(
      "secret_value",
      `stage ${stage.id}: the rendered config would contain a secret found in the env files`,
    );
  }
  const reread = parseDocument(text, { uniqueKeys: false });
  for (const [key, value] of Object.entries(stage.params)) {
    const node = reread.getIn(key.split("."), true);
    const actual = isScalar(node) || isCollection(node) ? node.toJSON() : node;
    if (!isDeepStrictEqual(actual ?? null, value)) {
      throw new ActError(
        "invalid_value",
        `stage ${stage.id}: "${key}" did not survive YAML rendering`,
        key,
      );
    }
  }
}
