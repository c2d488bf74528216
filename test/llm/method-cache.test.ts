import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HumanMessage } from "@langchain/core/messages";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { LlmConfigError } from "../../src/llm/errors.js";
import { MethodCache, parseOutputMethod } from "../../src/llm/method-cache.js";
import { METHOD_FILE_NAME } from "../../src/llm/method-file.js";
import { endpointKey, resolveModelConfig } from "../../src/llm/model-factory.js";
import { callStructured } from "../../src/llm/structured.js";
import { testClient } from "./fixtures.js";
import { startTestServer, type TestServer } from "./openai-test-server.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "nc-methods-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const freshFile = () => path.join(dir, `${++fileCount}`, METHOD_FILE_NAME);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const Answer = z.object({ answer: z.string() });
const ask = (client: Awaited<ReturnType<typeof testClient>>["client"]) =>
  callStructured({
    client,
    schema: Answer,
    name: "answer",
    description: "An answer.",
    messages: [new HumanMessage("Answer in JSON.")],
  });
const modes = (s: TestServer) => s.requests.map((r) => `${r.mode} ${r.status}`);

describe("the structured-output method as a setting", () => {
  it("reads --output-method over NEMOTRON_CUSTOMIZE_OUTPUT_METHOD, in any of the usual spellings", () => {
    const env = { NEMOTRON_CUSTOMIZE_BASE_URL: "http://127.0.0.1:8000/v1" };
    const flags = { model: "m" };
    expect(resolveModelConfig({ flags, env })).not.toHaveProperty("outputMethod");
    expect(
      resolveModelConfig({
        flags,
        env: { ...env, NEMOTRON_CUSTOMIZE_OUTPUT_METHOD: "function_calling" },
      }),
    ).toMatchObject({ outputMethod: "functionCalling" });
    expect(
      resolveModelConfig({
        flags: { ...flags, outputMethod: "json-mode" },
        env: { ...env, NEMOTRON_CUSTOMIZE_OUTPUT_METHOD: "function_calling" },
      }),
    ).toMatchObject({ outputMethod: "jsonMode" });
    expect(parseOutputMethod("jsonSchema", "x")).toBe("jsonSchema");
    expect(parseOutputMethod(" JSON_SCHEMA ", "x")).toBe("jsonSchema");
  });

  it("refuses an unknown method, naming the setting and the valid values", () => {
    const bad = () =>
      resolveModelConfig({
        flags: { model: "m", baseUrl: "http://127.0.0.1:8000/v1", outputMethod: "xml" },
        env: {},
      });
    expect(bad).toThrow(LlmConfigError);
    expect(bad).toThrow(
      '--output-method must be one of json_schema, function_calling, json_mode (got "xml")',
    );
  });

  it("sends only the configured method to a server that refuses json_schema", async () => {
    server = await startTestServer({ rejectJsonSchema: true });
    server.script(
      { kind: "json", value: { answer: "a" } },
      { kind: "json", value: { answer: "b" } },
    );
    const { client } = await testClient(server, { outputMethod: "functionCalling" });
    const first = await ask(client);
    const second = await ask(client);
    expect([first.value, second.value]).toEqual([{ answer: "a" }, { answer: "b" }]);
    expect(modes(server)).toEqual(["tools 200", "tools 200"]);
    expect(first.usage.llmCalls + second.usage.llmCalls).toBe(2);
  });

  it("puts the configured method first even where another one is known to work", () => {
    const cache = new MethodCache();
    cache.worked("e", "jsonSchema");
    expect(cache.order("e", "jsonMode")).toEqual(["jsonMode", "jsonSchema", "functionCalling"]);
    expect(cache.order("e")).toEqual(["jsonSchema", "functionCalling", "jsonMode"]);
  });
});

describe("learning the method once per endpoint and model", () => {
  it("counts the refused probe as a call, then a later run with the same file does not probe again", async () => {
    const file = freshFile();
    server = await startTestServer({ rejectJsonSchema: true });
    server.script(
      { kind: "json", value: { answer: "a" } },
      { kind: "json", value: { answer: "b" } },
    );
    const firstRun = await testClient(server, {
      methods: new MethodCache({ file }),
      endpoint: "e",
    });
    const first = await ask(firstRun.client);
    // The refused json_schema request reached the server: it is reported, not hidden.
    expect(first.usage.llmCalls).toBe(2);
    expect(first.failures).toEqual([{ method: "jsonSchema", reason: "HTTP 400" }]);
    const laterRun = await testClient(server, {
      methods: new MethodCache({ file }),
      endpoint: "e",
    });
    const later = await ask(laterRun.client);
    expect(later.usage.llmCalls).toBe(1);
    expect(modes(server)).toEqual(["json_schema 400", "tools 200", "tools 200"]);
  });

  it("keeps entries per endpoint key and never writes credentials of the base URL", () => {
    const file = freshFile();
    const config = {
      mode: "llm" as const,
      model: "m1",
      baseUrl: "https://user:hunter2@nim.example/v1?api_key=sk-query-secret",
      apiKeyEnv: undefined,
    };
    const key = endpointKey(config);
    expect(key).toBe("https://nim.example/v1 m1");
    new MethodCache({ file }).refusedBy(key, "jsonSchema");
    new MethodCache({ file }).worked(endpointKey({ ...config, model: "m2" }), "jsonSchema");
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("sk-query-secret");
    const cache = new MethodCache({ file });
    expect(cache.refused(key)).toEqual(["jsonSchema"]);
    expect(cache.order(key)).toEqual(["functionCalling", "jsonMode"]);
    expect(cache.known("https://nim.example/v1 m2")).toBe("jsonSchema");
  });

  it("forgets a refusal once the method works, and a refusal drops the method as working", () => {
    const cache = new MethodCache();
    cache.refusedBy("e", "jsonSchema");
    cache.worked("e", "jsonSchema");
    expect(cache.refused("e")).toEqual([]);
    cache.refusedBy("e", "jsonSchema");
    expect(cache.known("e")).toBeUndefined();
    expect(cache.order("e")).toEqual(["functionCalling", "jsonMode"]);
  });

  it("treats an unreadable or foreign file as empty and replaces it on the next lesson", () => {
    for (const body of ["{not json", JSON.stringify({ version: 99, endpoints: {} })]) {
      const file = freshFile();
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, body);
      const cache = new MethodCache({ file });
      expect(cache.order("e")).toEqual(["jsonSchema", "functionCalling", "jsonMode"]);
      cache.refusedBy("e", "jsonSchema");
      expect(new MethodCache({ file }).refused("e")).toEqual(["jsonSchema"]);
    }
  });

  it("goes on in memory when the file cannot be written", () => {
    const blocker = freshFile();
    new MethodCache({ file: blocker }).refusedBy("x", "jsonMode");
    // A path under a regular file can never be created.
    const cache = new MethodCache({ file: path.join(blocker, METHOD_FILE_NAME) });
    cache.refusedBy("e", "jsonSchema");
    expect(cache.order("e")).toEqual(["functionCalling", "jsonMode"]);
  });
});
