/**
 * The one owner of what counts as a credential: key names, value shapes,
 * phrases that introduce one, and redaction of text, URLs and data. The rules
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
