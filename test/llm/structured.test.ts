import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { llmClient } from "../../src/llm/client.js";
import { LlmUnavailableError } from "../../src/llm/errors.js";
import { callStructured } from "../../src/llm/structured.js";
import { testClient } from "./fixtures.js";
import { startTestServer, type TestServer } from "./openai-test-server.js";

const Answer = z.object({ answer: z.string(), count: z.number().int() });
const messages = [new SystemMessage("Answer in JSON."), new HumanMessage("How many?")];
const ask = (client: Awaited<ReturnType<typeof testClient>>["client"]) =>
  callStructured({ client, schema: Answer, name: "answer", description: "An answer.", messages });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("callStructured against an OpenAI-compatible server", () => {
  it("reads a valid json_schema reply in one call and sums the server's usage", async () => {
    server = await startTestServer();
    server.script({ kind: "json", value: { answer: "three", count: 3 } });
    const { client } = await testClient(server);
    const result = await ask(client);
    expect(result.value).toEqual({ answer: "three", count: 3 });
    expect(result.method).toBe("jsonSchema");
    expect(server.requests.map((r) => r.mode)).toEqual(["json_schema"]);
    expect(result.usage.llmCalls).toBe(1);
    expect(result.usage.promptTokens).toBe(server.requests[0]?.promptTokens);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
  });

  it("falls back to function calling on HTTP 400 for json_schema, and remembers it", async () => {
    server = await startTestServer({ rejectJsonSchema: true });
    server.script(
      { kind: "json", value: { answer: "two", count: 2 } },
      { kind: "json", value: { answer: "one", count: 1 } },
    );
    const { client } = await testClient(server);
    const first = await ask(client);
    expect(first.value).toEqual({ answer: "two", count: 2 });
    expect(first.method).toBe("functionCalling");
    expect(first.failures).toEqual([{ method: "jsonSchema", reason: "HTTP 400" }]);
    const second = await ask(client);
    expect(second.value).toEqual({ answer: "one", count: 1 });
    // The endpoint's working method is tried first: no second 400.
    expect(server.requests.map((r) => `${r.mode} ${r.status}`)).toEqual([
      "json_schema 400",
      "tools 200",
      "tools 200",
    ]);
    expect(first.usage.llmCalls + second.usage.llmCalls).toBe(server.calls);
  });

  it("reaches JSON mode when json_schema and tools are both refused, and parses fenced JSON", async () => {
    server = await startTestServer({ rejectJsonSchema: true, rejectTools: true });
    server.script({
      kind: "text",
      text: 'Here you go:\n```json\n{"answer": "five", "count": 5}\n```',
    });
    const { client } = await testClient(server);
    const result = await ask(client);
    expect(result.value).toEqual({ answer: "five", count: 5 });
    expect(result.method).toBe("jsonMode");
    expect(server.requests.map((r) => r.mode)).toEqual(["json_schema", "tools", "json_object"]);
    // JSON mode carries no schema, so the prompt has to.
    expect(server.requests[2]?.body).toContain("JSON Schema");
  });

  it("moves on when a reply is prose, and gives up with no value after every method", async () => {
    server = await startTestServer();
    server.script(
      { kind: "text", text: "Sure, I can help with that." },
      { kind: "text", text: "The answer is three." },
      { kind: "text", text: "Three." },
    );
    const { client } = await testClient(server);
    const result = await ask(client);
    expect(result.value).toBeUndefined();
    expect(result.failures.map((f) => f.method)).toEqual([
      "jsonSchema",
      "functionCalling",
      "jsonMode",
    ]);
    expect(result.attempts).toBe(3);
    expect(result.usage.llmCalls).toBe(3);
    expect(server.calls).toBe(3);
  });

  it("treats a schema-invalid reply like an unreadable one", async () => {
    server = await startTestServer();
    server.script(
      { kind: "json", value: { answer: 3 } },
      { kind: "json", value: { answer: "ok", count: 1 } },
    );
    const { client } = await testClient(server);
    const result = await ask(client);
    expect(result.failures[0]?.reason).toMatch(/did not match the schema/);
    expect(result.value).toEqual({ answer: "ok", count: 1 });
  });
});

describe("callStructured when the endpoint is unwell", () => {
  it("retries a slow server with backoff, then fails with one clear line", async () => {
    server = await startTestServer();
    server.script(
      { kind: "hang", ms: 2_000 },
      { kind: "hang", ms: 2_000 },
      { kind: "hang", ms: 2_000 },
    );
    const { client, sleeps } = await testClient(server, { timeoutMs: 100, maxRetries: 2 });
    const error = await ask(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    const message = error instanceof Error ? error.message : "";
    expect(message).toMatch(/timed out after 100 ms; 3 attempts/);
    expect(message).not.toContain("\n");
    expect(message).not.toContain("test-key");
    expect(error instanceof Error ? error.stack : "").toBe(`LlmUnavailableError: ${message}`);
    expect(sleeps).toEqual([10, 20]);
    expect(server.calls).toBe(3);
  });

  it("retries 5xx replies, then fails with one clear line", async () => {
    server = await startTestServer();
    server.script(
      { kind: "status", status: 503 },
      { kind: "status", status: 500 },
      { kind: "status", status: 502 },
    );
    const { client, sleeps } = await testClient(server);
    const error = await ask(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error instanceof Error ? error.message : "").toMatch(/HTTP 502; 3 attempts/);
    expect(sleeps).toEqual([10, 20]);
    expect(server.calls).toBe(3);
  });

  it("recovers when a retry succeeds after a dropped connection", async () => {
    server = await startTestServer();
    server.script({ kind: "drop" }, { kind: "json", value: { answer: "back", count: 1 } });
    const { client } = await testClient(server);
    const result = await ask(client);
    expect(result.value).toEqual({ answer: "back", count: 1 });
    expect(result.attempts).toBe(2);
    expect(result.usage.llmCalls).toBe(2);
  });

  it("stops at once when the credentials are refused", async () => {
    server = await startTestServer();
    server.script({ kind: "status", status: 401 });
    const { client, sleeps } = await testClient(server);
    const error = await ask(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error instanceof Error ? error.message : "").toMatch(
      /refused the credentials; 1 attempt\)/,
    );
    expect(sleeps).toEqual([]);
  });
});

describe("callStructured with a scripted model (as graph tests use)", () => {
  it("reads JSON content from fakeModel replies and lets its out-of-script error through", async () => {
    const model = fakeModel().respond(new AIMessage('{"answer":"scripted","count":7}'));
    const client = llmClient(model, "fake", { sleep: async () => {} });
    const result = await ask(client);
    expect(result.value).toEqual({ answer: "scripted", count: 7 });
    // A call past the end of the script is a test bug, not an endpoint outage: no retries, no wrapping.
    const error = await ask(client).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(LlmUnavailableError);
    expect(model.callCount).toBe(2);
  });
});
