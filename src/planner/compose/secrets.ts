import { holdsVariableName, isSecretKey } from "../secret-keys.js";

export { isSecretKey };

const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * True when writing `value` under `key` would put a credential into a file:
 * a secret-looking key whose value is not just an environment variable name.
 */
export function leaksSecret(key: string, value: unknown): boolean {
  if (!isSecretKey(key)) return false;
  if (value === null || value === undefined || value === "") return false;
  if (typeof value === "string" && ENV_VAR_NAME.test(value) && holdsVariableName(key)) return false;
  return true;
}
