import { stringify } from "smol-toml";
import type { PlanningRules } from "../planner/rules/index.js";
import { stackLabel } from "./closest.js";
import type { GapAnalysis } from "./gap.js";
import type { KnobPlan } from "./knobs.js";
import { goalLabel, oneLine } from "./render-manifest.js";

/** Name of the module constant that stands for "no recipe unless the config names one". */
const NO_DEFAULT = "NO_DEFAULT_RECIPE";

/** Library gaps the scaffold works around; each becomes a `# UPSTREAM:` line and a README note. */
export function upstreamNotes(gap: GapAnalysis, rules: PlanningRules): string[] {
  const notes = [
    `${gap.backendLabel} has no ${gap.goal} recipe this checkout wraps (${gap.goalStep.id} does ${gap.goal} on ${stackLabel(gap.goalStep)}); the recipe class comes from the config key ${gap.runner.shape.recipeKey}.`,
  ];
  const accept = rules.steps[gap.baseStep.id]?.accept ?? {};
  for (const [type, roles] of Object.entries(accept)) {
    if (!gap.dataRole || roles.includes(gap.dataRole) || !gap.dataTypes.includes(type)) continue;
    notes.push(
      `${gap.baseStep.id} reads ${type} as ${roles.join("/")} records; ${gap.backendLabel} also needs a ${gap.dataRole} dataset loader for this step.`,
    );
  }
  return notes;
}

export interface Resources {
  nodes: number;
  gpusPerNode: number;
  image: string | undefined;
}

/** The PEP 723 `# /// script` block with the `[tool.runspec]` table the step CLI reads. */
export function runspecHeader(gap: GapAnalysis, resources: Resources): string[] {
  const shape = gap.runner.shape;
  const runspec = {
    tool: {
      runspec: {
        schema: "1",
        name: `steps/${gap.stepId}`,
        ...(resources.image ? { image: resources.image } : {}),
        run: { launch: shape.launch },
        config: { dir: "./config", default: "default", format: shape.configFormat },
        resources: { nodes: resources.nodes, gpus_per_node: resources.gpusPerNode },
      },
    },
  };
  const toml = stringify(runspec).trimEnd().split("\n");
  return ["# /// script", ...toml.map((line) => (line ? `# ${line}` : "#")), "# ///"];
}

/** Words of `text` over lines of at most `width` characters: `first` opens, `next` continues. */
function wrap(first: string, next: string, text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = first;
  let fresh = true;
  for (const word of oneLine(text).split(" ")) {
    if (!fresh && line.length + 1 + word.length > width) {
      lines.push(line);
      line = next;
      fresh = true;
    }
    line = fresh ? `${line}${word}` : `${line} ${word}`;
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/** Text safe inside a Python triple-quoted docstring. */
function docText(text: string): string {
  return oneLine(text).replaceAll("\\", "/").replaceAll('"""', "'''");
}

/**
 * `step.py`: the runspec header, then a thin wrapper that calls the shared
 * runner the closest backend step uses, with the recipe left to the config.
 */
export function renderStepPy(
  gap: GapAnalysis,
  plan: KnobPlan,
  notes: readonly string[],
  resources: Resources,
): string {
  const shape = gap.runner.shape;
  const reads = plan.io
    .filter((k) => k.key !== shape.recipeKey && !plan.outputKeys.includes(k.key))
    .map((k) => k.key)
    .join(", ");
  const writes = gap.producesPorts.map((p) => p.type).join(", ");
  const into = plan.outputKeys.length > 0 ? ` under ${plan.outputKeys.join(", ")}` : "";
  const lines = [
    "#!/usr/bin/env python3",
    ...runspecHeader(gap, resources),
    "",
    `"""${docText(`${goalLabel(gap.goal)} on ${gap.backendLabel}: reads ${gap.consumes.map((c) => c.type).join(", ")}, writes ${writes}.`)}`,
    "",
    docText(`Runner call as in ${gap.baseStep.id}; artifacts and knobs as in ${gap.goalStep.id}.`),
    "Model, data and hyperparameters live in config/*.yaml, never in this file.",
    '"""',
    "",
    "from __future__ import annotations",
    "",
    "from pathlib import Path",
    "",
    `from ${gap.runner.module} import ${shape.entry}`,
    "",
    'DEFAULT_CONFIG = Path(__file__).parent / "config" / "default.yaml"',
    ...notes.flatMap((note) => wrap("# UPSTREAM: ", "# ", note)),
    `# The runner stops when ${shape.recipeKey} is unset, instead of running another training loop.`,
    `${NO_DEFAULT} = ""`,
    "",
    "",
    "def main() -> None:",
    `    """Run ${docText(gap.goal)} through the shared ${docText(gap.backendLabel)} runner.`,
    "",
    ...wrap(
      "    ",
      "    ",
      docText(`Reads ${reads} and ${shape.recipeKey} from the config; writes ${writes}${into}.`),
    ),
    '    """',
    `    ${shape.entry}(${shape.recipeArg}=${NO_DEFAULT}, ${shape.configArg}=DEFAULT_CONFIG)`,
    "",
    "",
    'if __name__ == "__main__":',
    "    main()",
  ];
  return `${lines.join("\n")}\n`;
}
