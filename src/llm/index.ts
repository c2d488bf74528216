export { catalogBrief, configKeys, stepDetail } from "./catalog-brief.js";
export {
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  type LlmClient,
  llmClient,
} from "./client.js";
export { displayEndpoint, LlmConfigError, LlmUnavailableError } from "./errors.js";
export {
  DEFAULT_METHOD_ORDER,
  MethodCache,
  methodName,
  type OutputMethod,
  parseOutputMethod,
} from "./method-cache.js";
export { METHOD_FILE_NAME } from "./method-file.js";
export {
  type ApiKeyVar,
  createChatModel,
  type Env,
  endpointKey,
  type ModelConfig,
  type ModelFlags,
  NVIDIA_BASE_URL,
  NVIDIA_DEFAULT_MODEL,
  openLlmClient,
  resolveModelConfig,
} from "./model-factory.js";
export { dataBlock, fillPrompt, PromptTemplateError } from "./prompts.js";
export {
  MAX_REPAIRS,
  type RepairRequest,
  type RepairResult,
  unusableFinding,
  withRepair,
} from "./repair.js";
export { callStructured, type StructuredRequest, type StructuredResult } from "./structured.js";
export {
  checkStageValues,
  mentionedOpenKeys,
  type OpenStage,
  openKeys,
} from "./tasks/config-values.js";
export {
  type ExtractIntentInput,
  type ExtractIntentResult,
  extractIntent,
} from "./tasks/intent.js";
export {
  type AssistPlanInput,
  type AssistPlanResult,
  assistPlan,
  PlanAssistSchema,
} from "./tasks/plan-assist.js";
export {
  cleanProse,
  type PlanProse,
  type PlanProseInput,
  type PlanProseResult,
  writePlanProse,
} from "./tasks/plan-prose.js";
export { addUsage, estimatePromptTokens, NO_USAGE } from "./usage.js";
