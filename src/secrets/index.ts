/**
 * The one owner of what counts as a credential: key names, value shapes,
 * phrases that introduce one, redaction of text, URLs and data, and what counts
 * as a path in text from outside. The credential rules
 * are data in `references/routing/secrets.yaml`.
 */
export { leaksSecret, type Redacted, type RedactOptions, redactSecrets } from "./data.js";
export {
  envReferenceDefault,
  hidesValue,
  holdsVariableName,
  isEnvReference,
  isEnvVarName,
  isSafeSecretValue,
  isSecretKey,
  isSecretKeyPath,
} from "./keys.js";
export { isPathLike, pathAllowed, writtenPaths } from "./paths.js";
export { compileSecretRules, SECRET_RULES_FILE, SecretRulesError } from "./rules.js";
export {
  findSecretSpans,
  holdsSecret,
  type KnownSecrets,
  REDACTED,
  redactText,
  redactUrl,
  replaceSpans,
  type Span,
  secretsInUrl,
} from "./text.js";
