import { secretRules } from "./rules.js";

/** True when a key name (dotted or not, any case) looks like it holds a credential. */
export function isSecretKey(name: string): boolean {
  const { markers, publicFragments } = secretRules();
  let lowered = name.toLowerCase();
  for (const fragment of publicFragments) lowered = lowered.replace(fragment, " ");
  return markers.some((marker) => lowered.includes(marker));
}

/** True when a config key or any of its dotted parts names a credential. */
export function isSecretKeyPath(key: string): boolean {
  return key.split(".").some(isSecretKey);
}

/** True when the key's last segment says it holds an environment variable's NAME (`api_key_env`). */
export function holdsVariableName(key: string): boolean {
  const last = (key.split(".").at(-1) ?? key).toLowerCase();
  return secretRules().nameHolders.some((suffix) => last.endsWith(suffix));
}

/** True when showing the key's value could show a credential (secret, and not a name holder). */
export function hidesValue(key: string): boolean {
  return isSecretKey(key) && !holdsVariableName(key);
}

/** `NVIDIA_API_KEY`-style: the name of an environment variable, not its value. */
export function isEnvVarName(value: string): boolean {
  return /^[A-Z][A-Z0-9_]*$|^_+[A-Z0-9][A-Z0-9_]*$/.test(value);
}

const ENV_REFERENCE = /^\$\{oc\.env:([A-Za-z_][A-Za-z0-9_]*)(?:,(.*))?\}$/;

/**
 * `${oc.env:NAME}` whose default is empty or names another variable: the
 * value stays in the environment. A literal default would put it into the file.
 */
export function isEnvReference(value: string): boolean {
  const match = ENV_REFERENCE.exec(value);
  if (!match) return false;
  const fallback = unquote(match[2] ?? "");
  return fallback === "" || fallback === "null" || isEnvVarName(fallback);
}

/** The literal default of `${oc.env:NAME,default}`, when it has one that is not a name. */
export function envReferenceDefault(value: string): string | undefined {
  const match = ENV_REFERENCE.exec(value);
  if (!match) return undefined;
  const fallback = unquote(match[2] ?? "");
  if (fallback === "" || fallback === "null" || fallback.startsWith("${")) return undefined;
  return isEnvVarName(fallback) ? undefined : fallback;
}

function unquote(text: string): string {
  return text.replace(/^(['"])(.*)\1$/, "$2");
}

/**
 * Values a credential key may hold in a plan or a written config: nothing,
 * a flag, an environment variable's name, or a reference to one. Shipped
 * configs use all of these (`HF_TOKEN: HF_TOKEN`, `api_key: ""`).
 */
export function isSafeSecretValue(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === "boolean") return true;
  if (typeof value !== "string") return false;
  return value === "" || isEnvVarName(value) || isEnvReference(value);
}
