import { existsSync } from "node:fs";
import {
  envReferenceDefault,
  isEnvReference,
  isEnvVarName,
  isSecretKey,
} from "../secrets/index.js";
import { findEnvFiles, isTable, parseEnvFile } from "./env-files.js";

/** Shorter strings cannot be told apart from ordinary config text. */
const MIN_SECRET_LENGTH = 4;

/**
 * The literal credential values written in the env files a run would see:
 * strings under secret-looking keys (at any depth below one), and non-empty
 * defaults of `${oc.env:NAME,default}` placeholders there. Env var names and
 * bare placeholders are not secrets and are left out.
 *
 * For leak checks only (tests, eval canaries, and the writer's refusal to put
 * such a value into a file). Never render the result.
 */
export function findSecretValues(root: string, envFile?: string): string[] {
  const found = new Set<string>();
  for (const file of findEnvFiles(root, envFile).files) {
    if (!existsSync(file.absolute)) continue;
    collect(parseEnvFile(file), false, found);
  }
  return [...found];
}

function collect(value: unknown, secret: boolean, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, secret, found);
    return;
  }
  if (isTable(value)) {
    for (const [key, child] of Object.entries(value))
      collect(child, secret || isSecretKey(key), found);
    return;
  }
  // Numbers, booleans and dates under a secret key are flags and ports, not credentials.
  if (!secret || typeof value !== "string") return;
  const literal = literalPart(value);
  if (literal !== undefined && literal.length >= MIN_SECRET_LENGTH) found.add(literal);
}

/** The literal a value would expose, or undefined when it only names a variable. */
function literalPart(value: string): string | undefined {
  if (value === "" || isEnvVarName(value) || isEnvReference(value)) return undefined;
  if (value.startsWith("${oc.env:")) return envReferenceDefault(value);
  return value;
}
