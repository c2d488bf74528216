import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cliEnv, runCli } from "../helpers/cli.js";
import { SAMPLE } from "../helpers/snapshot.js";

const SuiteJson = z.object({
  suite: z.enum(["nvidia-tier2", "nvidia-evals"]),
  total: z.number(),
  passed: z.number(),
  checks: z.object({
    pass: z.number(),
    fail: z.number(),
    notApplicable: z.number(),
    judgement: z.number(),
  }),
  cases: z.array(
    z.object({
      id: z.string(),
      pass: z.boolean(),
      checks: z.array(
        z.object({
          answer: z.number(),
          check: z.string(),
          status: z.enum(["pass", "fail", "not_applicable", "judgement"]),
          reason: z.string(),
        }),
      ),
    }),
  ),
});

/** A scenario folder in NVIDIA's tier-2 format, with the step the plan must draw. */
function scenarioDir(mustInclude: string, extra = ""): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nc-tier2-"));
  writeFileSync(
    path.join(dir, "lora.toml"),
    [
      "[case]",
      'name = "lora-pipeline"',
      "[input]",
      'request = "Plan a LoRA fine-tune of meta-llama/Llama-3.1-8B-Instruct on my chat JSONL at /data/chat.jsonl with 2 GPUs, outputs under /out/lora"',
      "[expected.steps]",
      `must_include = ["${mustInclude}"]`,
      "[expected.plan]",
      "has_mermaid_diagram = true",
      'must_mention = ["LoRA"]',
      "[expected.disclosure]",
      'must_read = ["STEPS.md"]',
      extra,
    ].join("\n"),
  );
  return dir;
}

describe("eval --nvidia-tier2 / --nvidia-evals", () => {
  const env = cliEnv();

  it("grades a scenario folder, prints JSON and writes the report; not-applicable sections are listed", () => {
    const report = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-report-")), "tier2.md");
    const dir = scenarioDir("peft/automodel");
    const run = runCli(
      ["--repo", SAMPLE, "eval", "--nvidia-tier2", dir, "--json", "--report", report],
      { env },
    );
    const result = SuiteJson.parse(JSON.parse(run.stdout));
    expect(result.suite).toBe("nvidia-tier2");
    expect(result.total).toBe(1);
    const [only] = result.cases;
    const disclosure = only?.checks.find((c) => c.check === "disclosure");
    expect(disclosure?.status).toBe("not_applicable");
    expect(result.checks.notApplicable).toBe(1);
    expect(run.status).toBe(only?.pass ? 0 : 5);
    const markdown = readFileSync(report, "utf8");
    expect(markdown).toContain("# NVIDIA tier-2 planning scenarios");
    expect(markdown).toMatch(/\| disclosure \| request \| n\/a \|/);
  });

  it("a wrong expectation exits 5 naming the scenario, the check and what was drawn", () => {
    const run = runCli(
      ["--repo", SAMPLE, "eval", "--nvidia-tier2", scenarioDir("sft/megatron_bridge")],
      { env },
    );
    expect(run.status).toBe(5);
    expect(run.stdout).toContain("FAIL lora-pipeline");
    expect(run.stdout).toMatch(/\[steps\.must_include\] not drawn: sft\/megatron_bridge \(nodes: /);
  });

  it("a malformed scenario file exits 3 naming the file and line", () => {
    const dir = scenarioDir("peft/automodel", "[expected.plan\n");
    const run = runCli(["--repo", SAMPLE, "eval", "--nvidia-tier2", dir], { env });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/lora\.toml:12:\d+: invalid TOML/);
  });

  it("refuses two suites at once, and a task file the checks do not cover", () => {
    const both = runCli(["--repo", SAMPLE, "eval", "--nvidia-tier2", "a", "--nvidia-evals", "b"], {
      env,
    });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("give one of --cases, --nvidia-tier2 and --nvidia-evals");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-evals-")), "evals.json");
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: "some-other-task",
          question: "Which step converts checkpoints?",
          expected_behavior: ["x"],
        },
      ]),
    );
    const run = runCli(["--repo", SAMPLE, "eval", "--nvidia-evals", file], { env });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      /skill-evals\.yaml: tasks\.nemotron-customize-[a-z-]+: no such task/,
    );
  });
});
