import type { LlmClient } from "../llm/index.js";
import type { GlobalOptions } from "./checkout.js";
import { ExitCode, UserFacingError } from "./exit-codes.js";
import type { Io } from "./io.js";

/**
 * The model client for LLM mode, or undefined for offline planning. The
 * OpenAI client is loaded only when an endpoint is configured.
 */
export async function openModel(
  opts: GlobalOptions,
  env: NodeJS.ProcessEnv,
  io: Io,
): Promise<LlmClient | undefined> {
  const { resolveModelConfig, openLlmClient } = await import("../llm/model-factory.js");
  const { LlmConfigError } = await import("../llm/errors.js");
  try {
    const config = resolveModelConfig({
      flags: { offline: opts.offline ?? false, model: opts.model, baseUrl: opts.baseUrl },
      env,
    });
    if (config.mode === "offline") return undefined;
    io.err(`note: LLM mode: ${config.model} at ${config.baseUrl}`);
    return await openLlmClient(config, env);
  } catch (error) {
    if (error instanceof LlmConfigError) throw new UserFacingError(error.message, ExitCode.usage);
    throw error;
  }
}
