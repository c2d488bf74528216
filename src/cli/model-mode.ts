import path from "node:path";
import type { LlmClient } from "../llm/index.js";
import type { GlobalOptions } from "./checkout.js";
import { ExitCode, UserFacingError } from "./exit-codes.js";
import type { Io } from "./io.js";

/**
 * Where learned structured-output methods persist: beside a SQLite store, in
 * the state directory for a Postgres one, nowhere for an in-memory store.
 */
async function methodFileFor(opts: GlobalOptions, env: NodeJS.ProcessEnv) {
  const { resolveDb, stateDir } = await import("../session/checkpointer.js");
  const { isPostgresUrl } = await import("../session/stores/postgres.js");
  const { METHOD_FILE_NAME } = await import("../llm/method-file.js");
  const db = resolveDb(opts.db, env);
  if (db === ":memory:") return undefined;
  const dir = isPostgresUrl(db) ? stateDir(env) : path.dirname(path.resolve(db));
  return path.join(dir, METHOD_FILE_NAME);
}

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
  const { displayEndpoint, LlmConfigError } = await import("../llm/errors.js");
  try {
    const config = resolveModelConfig({
      flags: {
        offline: opts.offline ?? false,
        model: opts.model,
        baseUrl: opts.baseUrl,
        outputMethod: opts.outputMethod,
      },
      env,
    });
    if (config.mode === "offline") return undefined;
    io.err(`note: LLM mode: ${config.model} at ${displayEndpoint(config.baseUrl)}`);
    const methodFile = await methodFileFor(opts, env);
    return await openLlmClient(config, env, methodFile ? { methodFile } : {});
  } catch (error) {
    if (error instanceof LlmConfigError) throw new UserFacingError(error.message, ExitCode.usage);
    throw error;
  }
}
