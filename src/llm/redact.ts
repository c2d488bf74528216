import { isSecretKey, REDACTED } from "../act/index.js";
import type { IntentRules } from "../planner/intent-reader/index.js";

/**
 * What must never leave the process in a prompt, and never come back from a
 * model into a plan: literal secret values found in the checkout's env files,
 * and the shapes of pasted credentials (`nvapi-…`, `sk-…`) from the routing data.
 */
export interface SecretFilter {
  values: readonly string[];
  patterns: readonly RegExp[];
}

const MIN_SECRET_LENGTH = 4;

export function secretFilter(
  rules: IntentRules | undefined,
  values: readonly string[] = [],
): SecretFilter {
  const patterns = (rules?.literals.secretValues ?? []).map(
    (re) => new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`),
  );
  return { values: values.filter((v) => v.length >= MIN_SECRET_LENGTH), patterns };
}

/** `text` with every secret value and credential-shaped token replaced by `[redacted]`. */
export function redactText(text: string, filter: SecretFilter): string {
  let out = text;
  // Longest first, so a secret containing another is masked whole.
  for (const value of [...filter.values].sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(REDACTED);
  }
  for (const re of filter.patterns) {
    re.lastIndex = 0;
    out = out.replace(re, REDACTED);
  }
  return out;
}

/** True when `text` holds a known secret value or a credential-shaped token. */
export function holdsSecret(text: string, filter: SecretFilter): boolean {
  return redactText(text, filter) !== text;
}

/** True when a config key or any of its dotted parts names a credential. */
export function secretKeyPath(key: string): boolean {
  return key.split(".").some(isSecretKey);
}
