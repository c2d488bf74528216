import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { z } from "zod";
import { parseJsonOrUndefined, readBody, sendJson } from "../../bench/http.js";

/**
 * A loopback server that speaks enough of the OpenAI chat-completions API for
 * the real `ChatOpenAI` client: it answers scripted replies in order, honours
 * `response_format` and `tools`, reports usage computed from the request size,
 * and records every request body so tests can look for leaked secrets.
 */

/** One scripted behaviour, consumed per request in order. */
export type ScriptedReply =
  /** Answer with this object: as a tool call when tools were sent, else as JSON content. */
  | { kind: "json"; value: unknown }
  /** Answer with plain prose, whatever was asked for. */
  | { kind: "text"; text: string }
  /** Answer with an HTTP error status. */
  | { kind: "status"; status: number }
  /** Wait this long before answering with a fixed small JSON object (slower than the client timeout). */
  | { kind: "hang"; ms: number }
  /** Close the connection without answering. */
  | { kind: "drop" };

export interface TestServerOptions {
  /** Refuse every `response_format: json_schema` request with HTTP 400 (not consuming the script). */
  rejectJsonSchema?: boolean;
  /** Refuse every request carrying `tools` with HTTP 400 (not consuming the script). */
  rejectTools?: boolean;
}

export interface RecordedRequest {
  body: string;
  /** `json_schema`, `json_object`, `tools` or `text`: how the client asked for structure. */
  mode: "json_schema" | "json_object" | "tools" | "text";
  status: number;
  promptTokens: number;
}

const RequestSchema = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.string() }).loose()),
  response_format: z.object({ type: z.string() }).loose().optional(),
  tools: z
    .array(z.object({ type: z.string(), function: z.object({ name: z.string() }).loose() }).loose())
    .optional(),
  tool_choice: z.unknown().optional(),
});
type ChatRequest = z.infer<typeof RequestSchema>;

/** Roughly four characters per token, the usual rule of thumb. */
export const tokensOf = (text: string) => Math.ceil(text.length / 4);

export interface TestServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests that reached the server, answered or not. */
  readonly calls: number;
  /** Queue more replies. */
  script(...replies: ScriptedReply[]): void;
  /** Replies still queued. */
  readonly pending: number;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      return sendJson(res, 404, { error: { message: "not found" } });
    }
    const parsed = RequestSchema.safeParse(parseJsonOrUndefined(body));
    if (!parsed.success) return sendJson(res, 400, { error: { message: "malformed request" } });
    const request = parsed.data;
    const mode = modeOf(request);
    // Like a real server, the schema or tool definition counts as prompt too.
    const { messages, tools, response_format } = request;
    const promptTokens = tokensOf(JSON.stringify({ messages, tools, response_format }));
    const record: RecordedRequest = { body, mode, status: 200, promptTokens };
    requests.push(record);
    if (
      (options.rejectJsonSchema && mode === "json_schema") ||
      (options.rejectTools && mode === "tools")
    ) {
      record.status = 400;
      return sendJson(res, 400, {
        error: {
          message: `${mode} is not supported by this server`,
          type: "invalid_request_error",
        },
      });
    }
    const reply = queue.shift();
    if (!reply) {
      record.status = 500;
      return sendJson(res, 500, { error: { message: "test server script ran out" } });
    }
    switch (reply.kind) {
      case "status":
        record.status = reply.status;
        return sendJson(res, reply.status, {
          error: { message: `scripted status ${reply.status}` },
        });
      case "drop":
        record.status = 0;
        req.socket.destroy();
        return;
      case "hang": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.writableEnded && !res.destroyed)
            answer(res, request, promptTokens, { kind: "json", value: {} });
        }, reply.ms);
        timers.add(timer);
        return;
      }
      default:
        return answer(res, request, promptTokens, reply);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("test server has no TCP address");
  const { port } = address;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get calls() {
      return requests.length;
    },
    script(...replies) {
      queue.push(...replies);
    },
    get pending() {
      return queue.length;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function modeOf(request: ChatRequest): RecordedRequest["mode"] {
  if (request.tools?.length) return "tools";
  const type = request.response_format?.type;
  if (type === "json_schema" || type === "json_object") return type;
  return "text";
}

function answer(
  res: ServerResponse,
  request: ChatRequest,
  promptTokens: number,
  reply: Extract<ScriptedReply, { kind: "json" | "text" }>,
) {
  const toolName = request.tools?.[0]?.function.name;
  const text = reply.kind === "json" ? JSON.stringify(reply.value) : reply.text;
  const message =
    reply.kind === "json" && toolName
      ? {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: toolName, arguments: text } },
          ],
        }
      : { role: "assistant", content: text };
  const completionTokens = tokensOf(text);
  sendJson(res, 200, {
    id: `chatcmpl-${Date.now()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      { index: 0, message, finish_reason: message.content === null ? "tool_calls" : "stop" },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  });
}
