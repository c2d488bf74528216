import { loadCases } from "../src/eval/index.js";
import { createAgentDeps } from "../src/graph/deps.js";
import { openLlmClient, resolveModelConfig } from "../src/llm/index.js";
import type { Usage } from "../src/planner/result.js";
import { createGraphDriver } from "../src/session/eval-driver.js";
import { startBenchLlmServer } from "./llm-server.js";
import { fmt } from "./stats.js";

/** The issue's budget for one pipeline request in LLM mode when the model answers well. */
const MAX_PIPELINE_CALLS = 2;
const MAX_PIPELINE_PROMPT_TOKENS = 4_000;

interface CaseUsage {
  id: string;
  route: string;
  usage: Usage;
  /** What the server counted, when it differs from what the agent reported. */
  serverNote: string;
}

/**
 * Calls and tokens per eval request in LLM mode: each case's first request
 * runs through the real graph (in-memory checkpoints, no auto-approval)
 * against a loopback endpoint that answers every task with a minimal valid
 * reply, so the figures are the agent's own cost, with no repair or retry.
 */
export async function benchLlmBudget(checkout: string): Promise<string[]> {
  const server = await startBenchLlmServer();
  const started = performance.now();
  try {
    // A dummy key in a private env object: the process environment is never read for it.
    const env = { OPENAI_API_KEY: "bench-dummy-key" };
    const config = resolveModelConfig({
      flags: { baseUrl: server.baseUrl, model: "bench-model" },
      env,
    });
    if (config.mode !== "llm") throw new Error(`bench LLM endpoint not used: ${config.reason}`);
    const llm = await openLlmClient(config, env, { maxRetries: 0, timeoutMs: 10_000 });
    const driver = createGraphDriver(createAgentDeps({ path: "", llm: async () => llm }));
    const rows: CaseUsage[] = [];
    const lines: string[] = [];
    for (const evalCase of loadCases()) {
      const before = server.tally();
      try {
        const result = await driver.ask(`bench-${evalCase.id}`, evalCase.request, {
          root: checkout,
        });
        const after = server.tally();
        const seen = {
          llmCalls: after.calls - before.calls,
          promptTokens: after.promptTokens - before.promptTokens,
          completionTokens: after.completionTokens - before.completionTokens,
        };
        const agrees = JSON.stringify(seen) === JSON.stringify(result.usage);
        rows.push({
          id: evalCase.id,
          route: result.route,
          usage: result.usage,
          serverNote: agrees
            ? ""
            : `  (server saw ${seen.llmCalls} / ${seen.promptTokens} / ${seen.completionTokens})`,
        });
      } catch (error) {
        lines.push(`  ${evalCase.id}: the run threw: ${errorText(error)}`);
      }
    }
    await driver.close?.();
    const elapsed = performance.now() - started;
    return [
      `LLM mode per eval request (first request, loopback model answering well; ${fmt(elapsed)} total)`,
      `  ${"case".padEnd(44)} ${"route".padEnd(14)} calls  prompt  completion`,
      ...rows.map(rowLine),
      ...lines,
      ...summary(rows, server.tally().unknown),
    ];
  } finally {
    await server.close();
  }
}

function rowLine(row: CaseUsage): string {
  const { llmCalls, promptTokens, completionTokens } = row.usage;
  return `  ${row.id.padEnd(44)} ${row.route.padEnd(14)} ${String(llmCalls).padStart(5)} ${String(promptTokens).padStart(7)} ${String(completionTokens).padStart(11)}${row.serverNote}`;
}

function summary(rows: readonly CaseUsage[], unknownTasks: number): string[] {
  const pipelines = rows.filter((r) => r.route === "pipeline");
  const maxCalls = Math.max(0, ...pipelines.map((r) => r.usage.llmCalls));
  const maxPrompt = Math.max(0, ...pipelines.map((r) => r.usage.promptTokens));
  const over = pipelines.filter(
    (r) =>
      r.usage.llmCalls > MAX_PIPELINE_CALLS || r.usage.promptTokens > MAX_PIPELINE_PROMPT_TOKENS,
  );
  const mismatched = rows.filter((r) => r.serverNote !== "").length;
  return [
    `pipeline requests: ${pipelines.length}  max calls ${maxCalls} (budget <= ${MAX_PIPELINE_CALLS})  max prompt tokens ${maxPrompt} (budget <= ${MAX_PIPELINE_PROMPT_TOKENS})`,
    over.length === 0
      ? "  all pipeline requests within budget"
      : `  over budget: ${over.map((r) => `${r.id} (${r.usage.llmCalls} calls, ${r.usage.promptTokens} tokens)`).join(", ")}`,
    ...(mismatched
      ? [`  ${mismatched} case(s) where the agent's usage differs from the server's count`]
      : []),
    ...(unknownTasks ? [`  ${unknownTasks} request(s) the server could not match to a task`] : []),
  ];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
