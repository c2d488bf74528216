import { isEnvReference, isEnvVarName, isSafeSecretValue, isSecretKey } from "./keys.js";
import { holdsSecret, type KnownSecrets, REDACTED, redactText } from "./text.js";

/**
 * True when writing `value` under `key` (into a plan, a command or a config)
 * would put a credential there: a credential key holding anything but a
 * variable's name or a reference to one, or any string that holds a
 * credential-shaped or known secret value, whatever its key.
 */
export function leaksSecret(key: string, value: unknown, known?: KnownSecrets): boolean {
  if (isSecretKey(key) && !isSafeSecretValue(value)) return true;
  return typeof value === "string" && holdsSecret(value, known);
}

/** A JSON-shaped copy with secrets masked. */
export type Redacted = string | number | boolean | null | Redacted[] | { [key: string]: Redacted };

export interface RedactOptions {
  /** Keep values under secret keys that are env var names or `${oc.env:NAME}` references. */
  keepEnvVarNames?: boolean;
  /** Literal secret values to mask wherever they appear, whatever the key. */
  values?: readonly string[];
}

interface RedactState {
  keep: boolean;
  known: KnownSecrets;
}

/**
 * Copy `value` as plain JSON data. Every string or number under a secret-looking
 * key (at any depth below it) becomes `[redacted]`; every other string has the
 * credentials inside it masked. Key names, booleans and nulls are kept.
 */
export function redactSecrets(value: unknown, options: RedactOptions = {}): Redacted {
  const known = { values: (options.values ?? []).filter((v) => v.length > 0) };
  return redactNode(value, false, { keep: options.keepEnvVarNames ?? false, known }, new WeakSet());
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
  if (!secret) return redactText(value, state.known);
  if (state.keep && (isEnvVarName(value) || isEnvReference(value))) return value;
  return REDACTED;
}
