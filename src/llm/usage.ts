import type { Usage } from "../planner/result.js";

export const NO_USAGE: Usage = { llmCalls: 0, promptTokens: 0, completionTokens: 0 };

/** Sum of any number of usage records. */
export function addUsage(...parts: Usage[]): Usage {
  return parts.reduce(
    (sum, u) => ({
      llmCalls: sum.llmCalls + u.llmCalls,
      promptTokens: sum.promptTokens + u.promptTokens,
      completionTokens: sum.completionTokens + u.completionTokens,
    }),
    NO_USAGE,
  );
}

/** What one answered call cost, from the usage metadata LangChain puts on the reply. */
export function usageOfReply(
  metadata: { input_tokens?: number; output_tokens?: number } | undefined,
): Usage {
  return {
    llmCalls: 1,
    promptTokens: Math.max(0, Math.round(metadata?.input_tokens ?? 0)),
    completionTokens: Math.max(0, Math.round(metadata?.output_tokens ?? 0)),
  };
}

/** A rough prompt size (four characters a token), for budgets before a call is made. */
export function estimatePromptTokens(texts: readonly string[]): number {
  return Math.ceil(texts.reduce((n, t) => n + t.length, 0) / 4);
}
