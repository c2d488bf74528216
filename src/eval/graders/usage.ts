import { type Grader, verdict } from "./shared.js";

interface UsageLimit {
  maxLlmCalls?: number | undefined;
  maxPromptTokens?: number | undefined;
  maxCompletionTokens?: number | undefined;
}

/** The answer stayed within the model-usage budget. */
export const gradeUsage: Grader<UsageLimit> = (limit, { result }) => {
  const { llmCalls, promptTokens, completionTokens } = result.usage;
  const checks: Array<[string, number, number | undefined]> = [
    ["LLM calls", llmCalls, limit.maxLlmCalls],
    ["prompt tokens", promptTokens, limit.maxPromptTokens],
    ["completion tokens", completionTokens, limit.maxCompletionTokens],
  ];
  const failures = checks
    .filter(([, used, max]) => max !== undefined && used > max)
    .map(([what, used, max]) => `${used} ${what} > ${max}`);
  return verdict("usage", failures, `${llmCalls} LLM call(s), ${promptTokens} prompt tokens`);
};
