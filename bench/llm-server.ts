import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { z } from "zod";
import { parseJsonOrUndefined, readBody, sendJson } from "./http.js";

/**
 * A loopback OpenAI chat-completions endpoint that "answers well": every
 * request gets the smallest valid reply for the task it asks for, in the
 * shape it asks for (tool call, json_schema or JSON mode), with usage counted
 * from the request and reply sizes. The bench measures the agent's own
 * budget against it, so the replies must never cause a repair or a retry.
 */

/** What the server saw; read before and after a case to get that case's share. */
export interface ServerTally {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Requests whose task the server could not tell (answered 400). */
  unknown: number;
}

export interface BenchLlmServer {
  baseUrl: string;
  tally(): ServerTally;
  close(): Promise<void>;
}

/**
 * Minimal valid replies per task. The intent proposal is empty, so the merge
 * keeps the rules' reading; the prose names no step; no config value is offered
 * (`plan_assist` is the one call that carries values for every stage and the prose).
 * `firstKey` is the schema's first property, which JSON mode carries in the prompt.
 */
const TASKS = [
  { name: "intent", firstKey: "route", reply: {} },
  {
    name: "plan_prose",
    firstKey: "why",
    reply: {
      why: "The stages follow the request in order, each reading what the one before it wrote.",
      avoid: "Check the data paths and GPU counts before launching.",
    },
  },
  {
    name: "plan_assist",
    firstKey: "values",
    reply: {
      values: [],
      why: "The stages follow the request in order, each reading what the one before it wrote.",
      avoid: "Check the data paths and GPU counts before launching.",
    },
  },
] as const;

const RequestSchema = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.string(), content: z.unknown() }).loose()),
  response_format: z
    .object({ type: z.string(), json_schema: z.object({ name: z.string() }).loose().optional() })
    .loose()
    .optional(),
  tools: z.array(z.object({ function: z.object({ name: z.string() }).loose() }).loose()).optional(),
});
type ChatRequest = z.infer<typeof RequestSchema>;

const tokensOf = (text: string) => Math.ceil(text.length / 4);

/** The task by the tool or json_schema name, else by the schema JSON mode puts in a system message. */
function taskOf(request: ChatRequest) {
  const name = request.tools?.[0]?.function.name ?? request.response_format?.json_schema?.name;
  if (name) return TASKS.find((t) => t.name === name);
  const system = request.messages
    .filter((m) => m.role === "system" && typeof m.content === "string")
    .map((m) => String(m.content))
    .join("\n");
  return TASKS.find((t) => system.includes(`"properties":{"${t.firstKey}"`));
}

export async function startBenchLlmServer(): Promise<BenchLlmServer> {
  const tally: ServerTally = { calls: 0, promptTokens: 0, completionTokens: 0, unknown: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => handle(req, res, body),
      () => sendJson(res, 400, { error: { message: "unreadable request" } }),
    );
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions"))
      return sendJson(res, 404, { error: { message: "not found" } });
    tally.calls += 1;
    const promptTokens = tokensOf(body);
    tally.promptTokens += promptTokens;
    const parsed = RequestSchema.safeParse(parseJsonOrUndefined(body));
    const task = parsed.success ? taskOf(parsed.data) : undefined;
    if (!parsed.success || !task) {
      tally.unknown += 1;
      return sendJson(res, 400, {
        error: { message: "unknown task", type: "invalid_request_error" },
      });
    }
    const text = JSON.stringify(task.reply);
    const completionTokens = tokensOf(text);
    tally.completionTokens += completionTokens;
    const tool = parsed.data.tools?.[0]?.function.name;
    const message = tool
      ? {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_0", type: "function", function: { name: tool, arguments: text } },
          ],
        }
      : { role: "assistant", content: text };
    sendJson(res, 200, {
      id: `chatcmpl-bench-${tally.calls}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: parsed.data.model,
      choices: [{ index: 0, message, finish_reason: tool ? "tool_calls" : "stop" }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    tally: () => ({ ...tally }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
