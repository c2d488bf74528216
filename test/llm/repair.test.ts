import { HumanMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { withRepair } from "../../src/llm/repair.js";
import type { Finding } from "../../src/planner/plan.js";
import { testClient } from "./fixtures.js";
import { startTestServer, type TestServer } from "./openai-test-server.js";

const Pick = z.object({ color: z.string() });
const allowed = ["red", "green"];
const validate = (value: { color: string }): Finding[] =>
  allowed.includes(value.color)
    ? []
    : [
        {
          level: "error",
          code: "color",
          message: `color \`${value.color}\` is not one of ${allowed.join(", ")}`,
        },
      ];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run() {
  if (!server) throw new Error("no server");
  const { client } = await testClient(server);
  return withRepair({
    client,
    schema: Pick,
    name: "pick",
    description: "A color.",
    messages: [new HumanMessage("Pick a color, as JSON.")],
    validate,
    task: "color pick",
  });
}

describe("withRepair", () => {
  it("sends the findings back and accepts the corrected reply", async () => {
    server = await startTestServer();
    server.script(
      { kind: "json", value: { color: "blue" } },
      { kind: "json", value: { color: "green" } },
    );
    const result = await run();
    expect(result.value).toEqual({ color: "green" });
    expect(result.repairs).toBe(1);
    expect(result.findings).toEqual([]);
    const followUp = server.requests[1]?.body ?? "";
    expect(followUp).toContain("color `blue` is not one of red, green");
    // The bad reply is part of the conversation the model sees.
    expect(followUp).toContain('{\\"color\\":\\"blue\\"}');
    expect(result.usage.llmCalls).toBe(2);
  });

  it("gives up after two repair turns with a warning, and returns nothing", async () => {
    server = await startTestServer();
    server.script(
      { kind: "json", value: { color: "blue" } },
      { kind: "json", value: { color: "pink" } },
      { kind: "json", value: { color: "black" } },
    );
    const result = await run();
    expect(result.value).toBeUndefined();
    expect(server.calls).toBe(3);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ level: "warning", code: "llm_output_unusable" });
    expect(result.findings[0]?.message).toMatch(
      /^the model output was unusable \(color pick: color `black` is not one of red, green, still wrong after 2 repair turns\); using the rule-based result$/,
    );
  });

  it("reports unusable output when no method gives JSON, without repair turns", async () => {
    server = await startTestServer();
    server.script(
      { kind: "text", text: "blue" },
      { kind: "text", text: "blue" },
      { kind: "text", text: "blue" },
    );
    const result = await run();
    expect(result.value).toBeUndefined();
    expect(result.repairs).toBe(0);
    expect(result.findings[0]?.code).toBe("llm_output_unusable");
    expect(server.calls).toBe(3);
  });
});
