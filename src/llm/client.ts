import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { MethodCache } from "./method-cache.js";
import type { OutputMethod } from "./output-method.js";

/**
 * A chat model plus what the structured caller needs to use it well: the
 * endpoint key for the method cache, and the retry policy. Built once per
 * process (CLI) or per graph (server) and injected into the graph's deps.
 */
export interface LlmClient {
  model: BaseChatModel;
  /** Base URL and model id: the key under which the working output method is remembered. */
  endpoint: string;
  /** The base URL as safe to print (no credentials). */
  displayUrl: string;
  methods: MethodCache;
  /** The structured-output method the user chose; tried first on every call when set. */
  outputMethod: OutputMethod | undefined;
  /** Time one request may take before it counts as timed out. */
  timeoutMs: number;
  /** Extra attempts after a timeout, 5xx or connection error. */
  maxRetries: number;
  /** First backoff delay; each later retry waits twice as long. */
  retryDelayMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_RETRY_DELAY_MS = 500;

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wrap any chat model (a real one, or a scripted one in tests) as a client. */
export function llmClient(
  model: BaseChatModel,
  endpoint: string,
  options: Partial<Omit<LlmClient, "model" | "endpoint">> = {},
): LlmClient {
  return {
    model,
    endpoint,
    displayUrl: options.displayUrl ?? endpoint,
    methods: options.methods ?? new MethodCache(),
    outputMethod: options.outputMethod,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
    sleep: options.sleep ?? realSleep,
  };
}
