/**
 * Checks of what a model proposes: config values (key, type, range, paths,
 * secrets), facts it adds to the reading of a request, its prose, and the
 * plan after its values are applied. Rules are data in
 * `references/routing/model-values.yaml`.
 */
export { conflictBlock, introducedFailures, withdrawFailing } from "./consistency.js";
export {
  checkHardware,
  loraSupport,
  namedIn,
  qualitySupport,
  type Support,
  taskSupport,
} from "./intent-facts.js";
export { type PlainProse, plainProse } from "./prose.js";
export { ruleKeys } from "./rule-keys.js";
export {
  compileModelValueRules,
  loadModelValueRules,
  MODEL_VALUE_RULES_FILE,
  type ModelValueRules,
  ModelValueRulesError,
  parseModelValueRules,
} from "./rules.js";
export {
  checkProposedValue,
  refusal,
  SUPPLY_CHAIN,
  shown,
  type ValueCheckContext,
} from "./value.js";
