import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach } from "vitest";
import { findSecretValues } from "../../src/act/index.js";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import { type LlmClient, llmClient } from "../../src/llm/client.js";
import type { MethodCache } from "../../src/llm/method-cache.js";
import { createChatModel } from "../../src/llm/model-factory.js";
import type { OutputMethod } from "../../src/llm/output-method.js";
import type { Intent } from "../../src/planner/intent.js";
import {
  type IntentRules,
  loadIntentRules,
  readIntent,
} from "../../src/planner/intent-reader/index.js";
import type { KnownSecrets } from "../../src/secrets/index.js";
import { SAMPLE } from "../helpers/snapshot.js";
import {
  type ScriptedReply,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "./openai-test-server.js";

/** Values that stand for credentials in the temp checkout's env.toml; none may reach a request. */
export const CANARY_TOKEN = "canary-tok-5c1e0a9d77";
export const CANARY_PASSWORD = "canary-pw-a84b2f61";

let catalog: Catalog | undefined;
let rules: IntentRules | undefined;
export const sampleCatalog = () => (catalog ??= loadCatalog(SAMPLE));
export const intentRules = () => (rules ??= loadIntentRules());

export const offlineIntent = (text: string): Intent =>
  readIntent(text, sampleCatalog(), intentRules());

export interface CanaryCheckout {
  root: string;
  secrets: KnownSecrets;
  cleanup: () => void;
}

/** A scratch directory with an env.toml holding canary credentials, like a user's checkout root. */
export function canaryCheckout(): CanaryCheckout {
  const root = mkdtempSync(path.join(os.tmpdir(), "nc-llm-"));
  writeFileSync(
    path.join(root, "env.toml"),
    [
      "[lepton]",
      'executor = "lepton"',
      `api_token = "${CANARY_TOKEN}"`,
      "",
      "[wandb]",
      `password = "${CANARY_PASSWORD}"`,
      'entity = "team"',
      "",
    ].join("\n"),
  );
  const secrets: KnownSecrets = { values: findSecretValues(root) };
  return { root, secrets, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface FastClient {
  client: LlmClient;
  /** Backoff delays the caller asked for, in order. */
  sleeps: number[];
}

/** The real ChatOpenAI pointed at the test server, with tiny timeouts and no real waiting. */
export interface TestClientOptions {
  timeoutMs?: number;
  maxRetries?: number;
  /** The structured-output method the user configured. */
  outputMethod?: OutputMethod;
  /** What earlier runs learned about the endpoint (default: a fresh in-memory cache). */
  methods?: MethodCache;
  /**
   * The key the cache knows the endpoint by (default: the server's URL and the
   * model). Each test server gets a new port, so runs that stand for one
   * endpoint serving several processes share a key.
   */
  endpoint?: string;
}

export async function testClient(
  server: TestServer,
  options: TestClientOptions = {},
): Promise<FastClient> {
  const model = await createChatModel(
    { mode: "llm", model: "test-model", baseUrl: server.baseUrl, apiKeyEnv: "OPENAI_API_KEY" },
    { OPENAI_API_KEY: "test-key" },
    { timeoutMs: 60_000 },
  );
  const sleeps: number[] = [];
  const client = llmClient(model, options.endpoint ?? `${server.baseUrl} test-model`, {
    displayUrl: server.baseUrl,
    // Generous unless a test is about timeouts: a loaded machine can stall a loopback reply for seconds.
    timeoutMs: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 2,
    retryDelayMs: 10,
    ...(options.outputMethod ? { outputMethod: options.outputMethod } : {}),
    ...(options.methods ? { methods: options.methods } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, sleeps };
}

export interface TaskHarness {
  checkout: CanaryCheckout;
  /** Start a test server that answers with `replies`, and a client pointed at it. */
  serve(
    replies: ScriptedReply[],
    options?: TestServerOptions,
  ): Promise<{ server: TestServer; client: LlmClient }>;
}

/**
 * What every LLM task test file sets up: a canary checkout removed after the
 * file, and one scripted server per test, closed after it. Call at top level.
 */
export function taskHarness(): TaskHarness {
  const checkout = canaryCheckout();
  afterAll(() => checkout.cleanup());
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    checkout,
    async serve(replies, options = {}) {
      const started = await startTestServer(options);
      server = started;
      started.script(...replies);
      const { client } = await testClient(started);
      return { server: started, client };
    },
  };
}

/** Every request body the server received, joined, for leak checks. */
export const allBodies = (server: TestServer) => server.requests.map((r) => r.body).join("\n");
