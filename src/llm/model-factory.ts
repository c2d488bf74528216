import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type LlmClient, llmClient } from "./client.js";
import { displayEndpoint, LlmConfigError } from "./errors.js";
import { MethodCache, parseOutputMethod } from "./method-cache.js";
import type { OutputMethod } from "./output-method.js";

/** NVIDIA's OpenAI-compatible API, used when only `NVIDIA_API_KEY` is set. */
export const NVIDIA_BASE_URL = "https://integrate.api.nvidia.com/v1";
/** A Nemotron instruct model served there. */
export const NVIDIA_DEFAULT_MODEL = "nvidia/llama-3.1-nemotron-70b-instruct";
/** OpenAI's own API, used when only `OPENAI_API_KEY` and a model are given. */
export const OPENAI_BASE_URL = "https://api.openai.com/v1";

export type ApiKeyVar = "NVIDIA_API_KEY" | "OPENAI_API_KEY";

export type ModelConfig =
  | { mode: "offline"; reason: string }
  | {
      mode: "llm";
      model: string;
      baseUrl: string;
      apiKeyEnv: ApiKeyVar | undefined;
      /** The structured-output method to use; unset: learned per endpoint. */
      outputMethod?: OutputMethod;
    };

export interface ModelFlags {
  offline?: boolean | undefined;
  model?: string | undefined;
  baseUrl?: string | undefined;
  outputMethod?: string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

const present = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/**
 * Decide between offline and LLM mode from the flags and the environment.
 * Base URL: `--base-url`, `NEMOTRON_CUSTOMIZE_BASE_URL`, `OPENAI_BASE_URL`, then
 * NVIDIA's API when `NVIDIA_API_KEY` is set (or OpenAI's when only
 * `OPENAI_API_KEY` and a model are). Model: `--model`,
 * `NEMOTRON_CUSTOMIZE_MODEL`, then the Nemotron default on NVIDIA's API.
 * Structured-output method: `--output-method`, then
 * `NEMOTRON_CUSTOMIZE_OUTPUT_METHOD`, else learned per endpoint.
 * Only the key's variable name is returned; the value stays in the environment.
 */
export function resolveModelConfig({ flags, env }: { flags: ModelFlags; env: Env }): ModelConfig {
  if (flags.offline) return { mode: "offline", reason: "--offline was given" };
  const nvidiaKey = present(env.NVIDIA_API_KEY);
  const openaiKey = present(env.OPENAI_API_KEY);
  const model = present(flags.model) ?? present(env.NEMOTRON_CUSTOMIZE_MODEL);
  let baseUrl =
    present(flags.baseUrl) ??
    present(env.NEMOTRON_CUSTOMIZE_BASE_URL) ??
    present(env.OPENAI_BASE_URL);
  if (!baseUrl && nvidiaKey) baseUrl = NVIDIA_BASE_URL;
  if (!baseUrl && openaiKey && model) baseUrl = OPENAI_BASE_URL;
  if (!baseUrl) {
    return {
      mode: "offline",
      reason: "no model endpoint is configured (see --base-url, --model, NVIDIA_API_KEY)",
    };
  }
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new LlmConfigError(
      `the model base URL must start with http:// or https:// (got ${displayEndpoint(baseUrl)})`,
    );
  }
  const onNvidia = hostOf(baseUrl).endsWith("nvidia.com");
  const chosen = model ?? (onNvidia ? NVIDIA_DEFAULT_MODEL : undefined);
  if (!chosen) {
    throw new LlmConfigError(
      `a model endpoint is set (${displayEndpoint(baseUrl)}) but no model: pass --model or set NEMOTRON_CUSTOMIZE_MODEL`,
    );
  }
  // NVIDIA's key for NVIDIA's hosts, the OpenAI-style key elsewhere; either one as a fallback.
  const order: ApiKeyVar[] = onNvidia
    ? ["NVIDIA_API_KEY", "OPENAI_API_KEY"]
    : ["OPENAI_API_KEY", "NVIDIA_API_KEY"];
  const apiKeyEnv = order.find((name) => present(env[name]) !== undefined);
  const outputMethod = configuredMethod(flags, env);
  return {
    mode: "llm",
    model: chosen,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    apiKeyEnv,
    ...(outputMethod ? { outputMethod } : {}),
  };
}

function configuredMethod(flags: ModelFlags, env: Env): OutputMethod | undefined {
  const flag = present(flags.outputMethod);
  if (flag) return parseOutputMethod(flag, "--output-method");
  const variable = present(env.NEMOTRON_CUSTOMIZE_OUTPUT_METHOD);
  return variable ? parseOutputMethod(variable, "NEMOTRON_CUSTOMIZE_OUTPUT_METHOD") : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** Local servers (vLLM, Ollama) need no key, but the OpenAI client refuses to start without one. */
const KEYLESS = "no-key-required";

export interface ChatModelOptions {
  /** Per-request timeout the client enforces (the structured caller sets its own deadline too). */
  timeoutMs?: number;
}

/**
 * Build the `ChatOpenAI` for an LLM config. `@langchain/openai` is imported
 * here, on first use, so offline runs never load it. Retries are left to the
 * structured caller (the client's own are switched off), and temperature is 0
 * so the same request reads the same way twice.
 */
export async function createChatModel(
  config: Extract<ModelConfig, { mode: "llm" }>,
  env: Env,
  options: ChatModelOptions = {},
): Promise<BaseChatModel> {
  const { ChatOpenAI } = await import("@langchain/openai");
  const apiKey = (config.apiKeyEnv ? present(env[config.apiKeyEnv]) : undefined) ?? KEYLESS;
  return new ChatOpenAI({
    model: config.model,
    apiKey,
    configuration: { baseURL: config.baseUrl },
    temperature: 0,
    maxRetries: 0,
    useResponsesApi: false,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
  });
}

export interface OpenLlmOptions {
  timeoutMs?: number;
  maxRetries?: number;
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** What is known about endpoints; default: a cache kept in `methodFile`, else in memory. */
  methods?: MethodCache;
  /** Where learned output methods persist between runs (see `METHOD_FILE_NAME`). */
  methodFile?: string;
}

/**
 * The key under which an endpoint's output methods are remembered: its base
 * URL without credentials, query or fragment, and the model. It is written to
 * the method file, so it must never hold a secret.
 */
export const endpointKey = (config: Extract<ModelConfig, { mode: "llm" }>) =>
  `${displayEndpoint(config.baseUrl)} ${config.model}`;

/** The client the graph gets in LLM mode: the model plus retry policy and method cache. */
export async function openLlmClient(
  config: Extract<ModelConfig, { mode: "llm" }>,
  env: Env,
  options: OpenLlmOptions = {},
): Promise<LlmClient> {
  const { methodFile, methods, ...policy } = options;
  const model = await createChatModel(
    config,
    env,
    options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {},
  );
  return llmClient(model, endpointKey(config), {
    ...policy,
    methods: methods ?? new MethodCache(methodFile ? { file: methodFile } : {}),
    outputMethod: config.outputMethod,
    displayUrl: displayEndpoint(config.baseUrl),
  });
}
