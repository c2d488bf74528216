import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cliEnv, runCli } from "../helpers/cli.js";
import { SAMPLE } from "../helpers/snapshot.js";

const Change = z.object({ field: z.string(), original: z.string(), rewritten: z.string() });
const Failure = z.object({ caseId: z.string(), rewrite: z.string(), changes: z.array(Change) });
const ScoresJson = z.object({
  total: z.number(),
  passed: z.number(),
  blind: z.array(
    z.object({
      set: z.string(),
      passed: z.number(),
      total: z.number(),
      percent: z.number().nullable(),
      failed: z.array(z.string()),
    }),
  ),
  metamorphic: z.object({
    generated: z.number(),
    kept: z.number(),
    families: z.array(
      z.object({
        family: z.string(),
        summary: z.string(),
        generated: z.number(),
        kept: z.number(),
        failures: z.array(Failure),
      }),
    ),
    knownGaps: z.array(
      z.object({
        family: z.string(),
        reason: z.string(),
        generated: z.number(),
        kept: z.number(),
        examples: z.array(Failure),
      }),
    ),
  }),
});

const REQUEST =
  "LoRA fine-tune meta-llama/Llama-3.1-8B-Instruct on my chat JSONL at /data/chat.jsonl with 2 GPUs, rank 8, so step_scheduler.max_steps is 1000";

function caseFile(dir: string, id: string, step: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${id}.yaml`),
    [
      `id: ${id}`,
      "dimension: [routing]",
      `request: "${REQUEST}"`,
      "expect:",
      `  stepsInclude: [${step}]`,
      "",
    ].join("\n"),
  );
}

function fixture() {
  const root = mkdtempSync(path.join(os.tmpdir(), "nc-scores-"));
  caseFile(path.join(root, "cases"), "lora-own", "peft/automodel");
  caseFile(path.join(root, "blind", "set-a"), "lora-blind-pass", "peft/automodel");
  caseFile(path.join(root, "blind", "set-b"), "lora-blind-fail", "sft/megatron_bridge");
  mkdirSync(path.join(root, "empty"));
  return root;
}

describe("eval: blind sets and metamorphic rewrites beside the own cases", () => {
  const env = cliEnv();

  it("scores each blind set as a row and the rewrites by family, in JSON and the report", () => {
    const root = fixture();
    const report = path.join(root, "eval.md");
    const run = runCli(
      [
        "--repo",
        SAMPLE,
        "eval",
        "--cases",
        path.join(root, "cases"),
        "--blind",
        path.join(root, "blind"),
        "--json",
        "--report",
        report,
      ],
      { env },
    );
    // A failing blind case is measured, not required.
    expect(run.status, run.stderr).toBe(0);
    const result = ScoresJson.parse(JSON.parse(run.stdout));
    expect(result.blind).toEqual([
      { set: "set-a", passed: 1, total: 1, percent: 100, failed: [] },
      { set: "set-b", passed: 0, total: 1, percent: 0, failed: ["lora-blind-fail"] },
    ]);
    const m = result.metamorphic;
    expect(m.generated).toBeGreaterThan(5);
    expect(m.kept).toBe(m.generated);
    expect(m.families.map((f) => f.family)).toContain("polite-filler");
    expect(m.families.reduce((n, f) => n + f.generated, 0)).toBe(m.generated);
    const gap = m.knownGaps.find((g) => g.family === "digits-words-values");
    expect(gap?.examples[0]?.rewrite).toContain("one thousand");

    const markdown = readFileSync(report, "utf8");
    expect(markdown).toContain("## Blind sets");
    expect(markdown).toContain("| set-a | 1/1 | 100% |");
    expect(markdown).toContain("| set-b | 0/1 | 0% |");
    expect(markdown).toContain("## Metamorphic rewrites");
    expect(markdown).toMatch(/\| polite-filler \| .* \| (\d+)\/\1 \| 100% \|/);
    expect(markdown).toContain("### Known gaps (scored apart, not counted)");
    expect(markdown).toContain("one thousand");
  });

  it("prints the same rows in the terminal summary", () => {
    const root = fixture();
    const run = runCli(
      [
        "--repo",
        SAMPLE,
        "eval",
        "--cases",
        path.join(root, "cases"),
        "--blind",
        path.join(root, "blind"),
      ],
      { env },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/BLIND SET\s+PASSED\s+SCORE/);
    expect(run.stdout).toMatch(/set-b\s+0\/1\s+0%/);
    expect(run.stdout).toMatch(/REWRITE FAMILY\s+KEPT\s+SCORE/);
    expect(run.stdout).toContain("known gap (not counted): digits-words-values");
  });

  it("skips what --no-blind and --no-metamorphic leave out, and refuses a folder with no set", () => {
    const root = fixture();
    const cases = path.join(root, "cases");
    const bare = runCli(
      ["--repo", SAMPLE, "eval", "--cases", cases, "--no-metamorphic", "--json"],
      {
        env,
      },
    );
    expect(bare.status).toBe(0);
    expect(Object.keys(JSON.parse(bare.stdout)).sort()).toEqual(["cases", "passed", "total"]);
    const empty = runCli(
      ["--repo", SAMPLE, "eval", "--cases", cases, "--blind", path.join(root, "empty")],
      { env },
    );
    expect(empty.status).toBe(2);
    const nvidia = runCli(["--repo", SAMPLE, "eval", "--nvidia-tier2", root, "--blind", root], {
      env,
    });
    expect(nvidia.status).toBe(2);
    expect(nvidia.stderr).toContain("--blind goes with the own cases");
    expect(empty.stderr).toContain(
      `no blind set (a folder of case files) in ${path.join(root, "empty")}`,
    );
  });
});
