import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cliEnv, runCli } from "../helpers/cli.js";
import { SAMPLE } from "../helpers/snapshot.js";

const EvalJson = z.object({
  total: z.number(),
  passed: z.number(),
  cases: z.array(
    z.object({
      id: z.string(),
      pass: z.boolean(),
      failures: z.array(z.object({ grader: z.string(), reason: z.string() })),
      durationMs: z.number(),
      usage: z.object({
        llmCalls: z.number(),
        promptTokens: z.number(),
        completionTokens: z.number(),
      }),
    }),
  ),
});

function caseDir(expectStep: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nc-cases-"));
  writeFileSync(
    path.join(dir, "lora.yaml"),
    [
      "id: lora-two-gpus",
      "dimension: [routing]",
      'request: "LoRA fine-tune meta-llama/Llama-3.1-8B-Instruct on my chat JSONL at /data/chat.jsonl with 2 GPUs"',
      "expect:",
      `  stepsInclude: [${expectStep}]`,
      "",
    ].join("\n"),
  );
  return dir;
}

describe("eval command", () => {
  const env = cliEnv();

  it("passes a correct case and reports JSON and a markdown report", () => {
    const report = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-report-")), "eval.md");
    const run = runCli(
      [
        "--repo",
        SAMPLE,
        "eval",
        "--cases",
        caseDir("peft/automodel"),
        "--json",
        "--report",
        report,
      ],
      { env },
    );
    expect(run.status).toBe(0);
    const result = EvalJson.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ total: 1, passed: 1 });
    const markdown = readFileSync(report, "utf8");
    expect(markdown).toContain("## Scores by dimension");
    expect(markdown).toMatch(/\| routing \| 1\/1 \| 100% \|/);
  });

  it("a deliberately wrong expectation exits non-zero naming the case, the grader and the reason", () => {
    const run = runCli(["--repo", SAMPLE, "eval", "--cases", caseDir("sft/megatron_bridge")], {
      env,
    });
    expect(run.status).toBe(5);
    expect(run.stdout).toContain("FAIL lora-two-gpus");
    expect(run.stdout).toMatch(/\[stepsInclude\] missing sft\/megatron_bridge/);
    expect(run.stderr).toMatch(/\[1\/1\] FAIL lora-two-gpus/);
  });
});
