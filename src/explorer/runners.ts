import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { STEPS_DIR, type StepManifest } from "../catalog/index.js";

/** Where the shared runners live inside a checkout. */
export const RUNNERS_DIR = `${STEPS_DIR}/_runners`;

/**
 * How a step wrapper calls one shared runner. The checkout's step manifests do
 * not describe runner signatures, so the few the offline builder can wrap are
 * recorded here; a model-drafted wrapper can call any runner, and the import
 * checks judge it the same way.
 */
export const RunnerShapeSchema = z.object({
  /** Module stem under `src/nemotron/steps/_runners/`. */
  id: z.string().min(1),
  /** Function the wrapper calls. */
  entry: z.string().min(1),
  /** `[tool.runspec.run] launch` for steps built on this runner. */
  launch: z.enum(["torchrun", "ray", "direct"]),
  /** `[tool.runspec.config] format`. */
  configFormat: z.enum(["omegaconf", "yaml", "json"]),
  /** Keyword argument that receives the path of `config/default.yaml`. */
  configArg: z.string().min(1),
  /** Keyword argument that receives the default recipe target (`module:Class`). */
  recipeArg: z.string().min(1),
  /** Top-level config key that overrides the recipe target. */
  recipeKey: z.string().min(1),
  /** Key of the base step's shipped config that holds the container image. */
  imageKey: z.string().min(1),
});
export type RunnerShape = z.infer<typeof RunnerShapeSchema>;

const SHAPES: readonly RunnerShape[] = z.array(RunnerShapeSchema).parse([
  {
    id: "automodel",
    entry: "run_automodel",
    launch: "torchrun",
    configFormat: "omegaconf",
    configArg: "default_config",
    recipeArg: "default_target",
    recipeKey: "_step_recipe",
    imageKey: "run.env.container_image",
  },
]);

export interface ResolvedRunner {
  shape: RunnerShape;
  /** Dotted module path, e.g. `nemotron.steps._runners.automodel`. */
  module: string;
  /** Module file relative to the checkout root. */
  file: string;
}

/** Stems of the runner modules a checkout ships (`_runners/<stem>.py`), sorted. */
export function listRunnerModules(root: string): string[] {
  const dir = path.join(root, RUNNERS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".py") && !name.startsWith("_"))
    .map((name) => name.slice(0, -".py".length))
    .sort();
}

/**
 * The runner a step built like `base` would call: a shipped runner module named
 * after a segment of the base step's id (`sft/automodel` → `automodel`) or the
 * backend, whose call shape is known.
 */
export function resolveRunner(
  base: StepManifest,
  backend: string | undefined,
  runnerModules: readonly string[],
): ResolvedRunner | undefined {
  const candidates = [...base.id.split("/").reverse(), ...(backend ? [backend] : [])];
  for (const stem of candidates) {
    if (!runnerModules.includes(stem)) continue;
    const shape = SHAPES.find((s) => s.id === stem);
    if (!shape) continue;
    return {
      shape,
      module: `${RUNNERS_DIR.replace(/^src\//, "")
        .split("/")
        .join(".")}.${stem}`,
      file: `${RUNNERS_DIR}/${stem}.py`,
    };
  }
  return undefined;
}

/** True when some shipped runner named after a segment of `step`'s id has a known shape. */
export function hasKnownRunner(step: StepManifest, runnerModules: readonly string[]): boolean {
  return resolveRunner(step, undefined, runnerModules) !== undefined;
}
