import type { BaseChatModelCallOptions } from "@langchain/core/language_models/chat_models";
import { type BaseMessage, SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { Usage } from "../planner/result.js";
import { classifyCallError } from "./call-errors.js";
import type { LlmClient } from "./client.js";
import { LlmUnavailableError } from "./errors.js";
import type { OutputMethod } from "./output-method.js";
import { replyJson } from "./reply-json.js";
import { addUsage, NO_USAGE, usageOfReply } from "./usage.js";

/** One structured request: the prompt, the reply schema, and how to name it to the server. */
export interface StructuredRequest<T> {
  client: LlmClient;
  schema: z.ZodType<T>;
  /** Function / json_schema name sent to the server (letters, digits, `_`). */
  name: string;
  description: string;
  messages: readonly BaseMessage[];
  /** Methods to try, in order; default: the configured method, else what the cache knows for this endpoint. */
  methods?: readonly OutputMethod[];
  /** Override the client's retry count or per-request timeout for this call. */
  maxRetries?: number;
  timeoutMs?: number;
}

export interface MethodFailure {
  method: OutputMethod;
  reason: string;
}

export interface StructuredResult<T> {
  /** The reply, parsed and schema-checked; undefined when no method gave a usable one. */
  value: T | undefined;
  method: OutputMethod | undefined;
  /** The reply's JSON text, for a follow-up turn in a repair loop. */
  reply: string | undefined;
  /** Requests sent, retries and fallbacks included. */
  attempts: number;
  usage: Usage;
  failures: MethodFailure[];
}

/**
 * Call options for OpenAI-compatible servers. `ChatOpenAI` forwards
 * `response_format` and `tools` to the request; models that do not know them
 * (scripted test models) ignore them.
 */
interface StructuredCallOptions extends BaseChatModelCallOptions {
  response_format?:
    | { type: "json_object" }
    | { type: "json_schema"; json_schema: { name: string; description: string; schema: object } };
  tools?: {
    type: "function";
    function: { name: string; description: string; parameters: object };
  }[];
}

/** The reply schema as plain JSON Schema, as servers expect it. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    // zod bounds every integer by the safe-integer range; servers need not read that on every field.
    override: ({ jsonSchema }) => {
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  });
  return rest;
}

function callOptions(
  method: OutputMethod,
  req: StructuredRequest<unknown>,
  schema: object,
  signal: AbortSignal,
) {
  const options: StructuredCallOptions = { signal };
  if (method === "jsonSchema") {
    options.response_format = {
      type: "json_schema",
      json_schema: { name: req.name, description: req.description, schema },
    };
  } else if (method === "functionCalling") {
    options.tools = [
      {
        type: "function",
        function: { name: req.name, description: req.description, parameters: schema },
      },
    ];
    options.tool_choice = { type: "function", function: { name: req.name } };
  } else {
    options.response_format = { type: "json_object" };
  }
  return options;
}

/** JSON mode carries no schema, so the prompt has to. */
function messagesFor(
  method: OutputMethod,
  req: StructuredRequest<unknown>,
  schema: object,
): BaseMessage[] {
  if (method !== "jsonMode") return [...req.messages];
  const note = `Reply with one JSON object only, valid against this JSON Schema:\n${JSON.stringify(schema)}`;
  return [...req.messages, new SystemMessage(note)];
}

/**
 * Ask for a reply matching `schema`, trying the output methods in order: the
 * configured one, else the one that worked before, else json_schema, then
 * function calling, then JSON mode with a zod parse. An HTTP 400 (remembered
 * as refused, so it is not probed again) or an unreadable / invalid reply
 * moves on to the next method; every request sent counts as a call;
 * timeouts, 5xx and dropped connections are retried with exponential backoff
 * and then end in one `LlmUnavailableError`. The method that worked is
 * remembered for the endpoint so later calls start with it.
 */
export async function callStructured<T>(req: StructuredRequest<T>): Promise<StructuredResult<T>> {
  const { client } = req;
  const schema = jsonSchemaOf(req.schema);
  const methods = req.methods ?? client.methods.order(client.endpoint, client.outputMethod);
  const failures: MethodFailure[] = [];
  let usage = NO_USAGE;
  let attempts = 0;
  for (const method of methods) {
    const outcome = await callWithRetries(req, method, schema);
    attempts += outcome.attempts;
    usage = addUsage(usage, outcome.usage);
    if (outcome.kind === "refused") {
      client.methods.refusedBy(client.endpoint, method);
      failures.push({ method, reason: outcome.reason });
      continue;
    }
    if (!outcome.readable) {
      failures.push({ method, reason: outcome.reason });
      continue;
    }
    const parsed = req.schema.safeParse(outcome.value);
    if (!parsed.success) {
      failures.push({
        method,
        reason: `the reply did not match the schema (${issueSummary(parsed.error)})`,
      });
      continue;
    }
    client.methods.worked(client.endpoint, method);
    return { value: parsed.data, method, reply: outcome.text, attempts, usage, failures };
  }
  return { value: undefined, method: undefined, reply: undefined, attempts, usage, failures };
}

type Outcome =
  | { kind: "refused"; reason: string; attempts: number; usage: Usage }
  | {
      kind: "reply";
      readable: boolean;
      value: unknown;
      text: string;
      reason: string;
      attempts: number;
      usage: Usage;
    };

async function callWithRetries(
  req: StructuredRequest<unknown>,
  method: OutputMethod,
  schema: object,
): Promise<Outcome> {
  const { client } = req;
  const maxRetries = req.maxRetries ?? client.maxRetries;
  const timeoutMs = req.timeoutMs ?? client.timeoutMs;
  let usage = NO_USAGE;
  for (let attempt = 0; ; attempt++) {
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      const message = await client.model.invoke(
        messagesFor(method, req, schema),
        callOptions(method, req, schema, deadline),
      );
      usage = addUsage(usage, usageOfReply(message.usage_metadata));
      const json = replyJson(message, method);
      const reason = json.readable ? "" : "the reply was not JSON";
      return { kind: "reply", ...json, reason, attempts: attempt + 1, usage };
    } catch (error) {
      // The request reached the model even when it failed; count it.
      usage = addUsage(usage, { ...NO_USAGE, llmCalls: 1 });
      const failure = classifyCallError(error, deadline.aborted);
      if (failure.kind === "unknown") throw error;
      if (failure.kind === "refused") return { ...failure, attempts: attempt + 1, usage };
      if (failure.kind === "unparsable") {
        return {
          kind: "reply",
          readable: false,
          value: undefined,
          text: "",
          reason: failure.reason,
          attempts: attempt + 1,
          usage,
        };
      }
      const tries = attempt + 1;
      if (failure.kind === "fatal" || attempt >= maxRetries) {
        const detail =
          failure.kind === "transient" && failure.reason === "timed out"
            ? `timed out after ${timeoutMs} ms`
            : failure.reason;
        throw new LlmUnavailableError(
          `the model endpoint ${client.displayUrl} is unavailable (${detail}; ${tries} attempt${tries === 1 ? "" : "s"}); run with --offline to plan without it`,
        );
      }
      await client.sleep(client.retryDelayMs * 2 ** attempt);
    }
  }
}

/** The first few schema problems, as `path: message`, for failure notes. */
export function issueSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}
