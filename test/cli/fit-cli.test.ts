import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MemoryPartSchema } from "../../src/planner/memory-fit.js";
import { cliEnv, runCli } from "../helpers/cli.js";
import { hasSnapshot, SAMPLE, SNAPSHOT } from "../helpers/snapshot.js";

/** The documented JSON shape of `steps show --fit --json`; strict, so extra or missing keys fail. */
const FitJson = z.strictObject({
  step: z.string(),
  hardware: z.strictObject({
    gpus: z.number(),
    gpuType: z.string().nullable(),
    gpuMemoryGb: z.number().nullable(),
  }),
  estimates: z.array(
    z.strictObject({
      model: z.string(),
      mode: z.enum(["full", "lora"]),
      layout: z.string(),
      estimateGb: z.number(),
      complete: z.boolean(),
      capacityGb: z.number().nullable(),
      headroomGb: z.number().nullable(),
      verdict: z.enum(["fits", "does_not_fit", "unknown"]),
      parts: z.array(MemoryPartSchema),
      unknown: z.array(z.string()),
      assumptions: z.array(z.string()),
      ladder: z.string().nullable(),
    }),
  ),
});

const env = cliEnv();
const showFit = (repo: string, ...args: string[]) =>
  runCli(["--repo", repo, "steps", "show", ...args], { env });

describe.skipIf(!hasSnapshot)("steps show --fit", () => {
  it("prints the estimate of each model, full and LoRA, as JSON", () => {
    const result = showFit(
      SNAPSHOT,
      "sft/megatron_bridge",
      "--fit",
      "2 nodes of 8x H100",
      "--json",
    );
    expect(result.status, result.stderr).toBe(0);
    const out = FitJson.parse(JSON.parse(result.stdout));
    expect(out.hardware).toEqual({ gpus: 16, gpuType: "H100", gpuMemoryGb: 80 });
    expect(out.estimates.map((e) => [e.model.split("/")[1], e.mode])).toEqual([
      ["NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", "full"],
      ["NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", "lora"],
      ["NVIDIA-Nemotron-3.5-Lightning-30B-A3B-BF16", "full"],
      ["NVIDIA-Nemotron-3.5-Lightning-30B-A3B-BF16", "lora"],
      ["NVIDIA-Nemotron-3-Super-120B-A12B-BF16", "full"],
      ["NVIDIA-Nemotron-3-Super-120B-A12B-BF16", "lora"],
    ]);
    const superFull = out.estimates[4];
    expect(superFull?.verdict).toBe("does_not_fit");
    expect(superFull?.ladder).toMatch(/^1\) .*; 2\) LoRA \(peft=lora\): \d+\.\d GB, fits$/);
    expect(out.estimates[2]?.unknown).toContain("layer count");
  });

  it("prints a table naming the verdicts and the ladder", () => {
    const result = showFit(SNAPSHOT, "sft/megatron_bridge", "--fit", "16x H100");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^sft\/megatron_bridge on 16 x H100 80 GB/);
    expect(result.stdout).toMatch(/MODEL +MODE +LAYOUT +EST GB\/GPU +GPU GB +HEADROOM +FITS/);
    expect(result.stdout).toMatch(
      /Super-120B-A12B-BF16 \(full\): does not fit; try, in order: 1\)/,
    );
  });

  it("refuses hardware without a GPU count, and an unknown step", () => {
    const noCount = showFit(SNAPSHOT, "sft/megatron_bridge", "--fit", "H100");
    expect(noCount.status).toBe(2);
    expect(noCount.stderr).toMatch(/^error: --fit "H100" names no GPU count/);
    const unknown = showFit(SNAPSHOT, "sft/nope", "--fit", "8x H100");
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toMatch(/no step "sft\/nope"/);
  });
});

describe("steps show --fit on the bundled sample", () => {
  it("says when the GPU memory is not known", () => {
    const result = showFit(SAMPLE, "sft/automodel", "--fit", "2 A100");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/not given/);
    expect(result.stdout).toMatch(/GPU memory not known: name it/);
  });
});
