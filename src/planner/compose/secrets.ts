/** Words (split on `_`, `-` and camel case) that mark a key as a credential. */
const SECRET_WORDS = new Set([
  "token",
  "key",
  "apikey",
  "secret",
  "password",
  "passwd",
  "credential",
  "credentials",
  "auth",
]);
/** Keys that hold the NAME of an environment variable, never its value. */
const NAME_HOLDER = /(_env|_name|_var)$/i;
const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** True when a dotted config key names a credential. */
export function isSecretKey(key: string): boolean {
  return key.split(".").some((segment) =>
    segment
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .split(/[_-]/)
      .some((word) => SECRET_WORDS.has(word.toLowerCase())),
  );
}

/**
 * True when writing `value` under `key` would put a credential into a file:
 * a secret-looking key whose value is not just an environment variable name.
 */
export function leaksSecret(key: string, value: unknown): boolean {
  if (!isSecretKey(key)) return false;
  if (value === null || value === undefined || value === "") return false;
  const last = key.split(".").at(-1) ?? key;
  if (typeof value === "string" && ENV_VAR_NAME.test(value) && NAME_HOLDER.test(last)) return false;
  return true;
}
