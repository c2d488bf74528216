/**
 * Masking the values of keys that hold credentials. Which keys those are is one
 * rule, kept as data in `references/routing/secrets.yaml`.
 */

import { isSecretKey } from "../planner/secret-keys.js";

export { isSecretKey };

/** `NVIDIA_API_KEY`-style: the name of an environment variable, not its value. */
export function isEnvVarName(value: string): boolean {
  return /^[A-Z][A-Z0-9_]*$|^_+[A-Z0-9][A-Z0-9_]*$/.test(value);
}

/**
 * `${oc.env:NAME}` with no default or an empty one: the value stays in the
 * environment. A non-empty default would put a literal into the file.
 */
export function isEnvReference(value: string): boolean {
  return /^\$\{oc\.env:[A-Za-z_][A-Za-z0-9_]*(?:,(?:|''|""|null))?\}$/.test(value);
}

/** Values a secret-looking key may hold in a written config: names and references only. */
export function isSafeSecretSlot(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === "boolean") return true;
  if (typeof value !== "string") return false;
  return value === "" || isEnvVarName(value) || isEnvReference(value);
}

/** A JSON-shaped copy with secrets masked. */
export type Redacted = string | number | boolean | null | Redacted[] | { [key: string]: Redacted };

export interface RedactOptions {
  /** Keep values under secret keys that are env var names or `${oc.env:NAME}` references. */
  keepEnvVarNames?: boolean;
  /** Literal secret values to mask wherever they appear, whatever the key. */
  values?: readonly string[];
}

export const REDACTED = "[redacted]";

/**
 * Copy `value` as plain JSON data, replacing every string or number found under
 * a secret-looking key (at any depth below it) with `[redacted]`. Key names are
 * kept; booleans and nulls carry no secret and are kept too.
 */
export function redactSecrets(value: unknown, options: RedactOptions = {}): Redacted {
  const values = (options.values ?? []).filter((v) => v.length > 0);
  return redactNode(
    value,
    false,
    { keep: options.keepEnvVarNames ?? false, values },
    new WeakSet(),
  );
}

interface RedactState {
  keep: boolean;
  values: readonly string[];
}

function redactNode(
  value: unknown,
  secret: boolean,
  state: RedactState,
  seen: WeakSet<object>,
): Redacted {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value;
  if (typeof value === "number" || typeof value === "bigint") {
    if (secret) return REDACTED;
    return typeof value === "bigint" ? value.toString() : value;
  }
  if (typeof value === "string") return redactString(value, secret, state);
  if (typeof value !== "object") return null;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  try {
    if (value instanceof Date) return redactString(value.toISOString(), secret, state);
    if (Array.isArray(value)) return value.map((item) => redactNode(item, secret, state, seen));
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const out: { [key: string]: Redacted } = {};
    for (const [rawKey, child] of entries) {
      const key = String(rawKey);
      if (child === undefined) continue;
      out[key] = redactNode(child, secret || isSecretKey(key), state, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactString(value: string, secret: boolean, state: RedactState): string {
  if (state.values.some((v) => value.includes(v))) return REDACTED;
  if (!secret) return value;
  if (state.keep && (isEnvVarName(value) || isEnvReference(value))) return value;
  return REDACTED;
}
