import type { ParamValue } from "../planner/plan.js";
import type { GapAnalysis } from "./gap.js";
import { type KnobPlan, REQUIRED } from "./knobs.js";
import type { Knob } from "./schema.js";
import { emitYaml, nest } from "./yaml-text.js";

const top = (key: string) => key.split(".")[0] ?? key;

/** `config/default.yaml`: tuning knobs first, then inputs, outputs and recipe. */
export function renderDefaultConfig(gap: GapAnalysis, plan: KnobPlan): string {
  const all = [...plan.tuning, ...plan.io];
  const tree = nest(all.map((k) => [k.key, k.value] as const));
  // Sections are grouped by top-level key so no mapping key repeats.
  const tuningTops = new Set(plan.tuning.map((k) => top(k.key)));
  const first = new Map([...tree].filter(([key]) => tuningTops.has(key)));
  const rest = new Map([...tree].filter(([key]) => !tuningTops.has(key)));
  const lines = [
    `# ${gap.stepId}: ${gap.goal} on ${gap.backendLabel}. Only the knobs; the recipe supplies the rest.`,
    `# ${REQUIRED} marks a value the run needs: pass it as key=value on the command line.`,
    "",
  ];
  if (first.size > 0)
    lines.push("# === Tuning knobs (change these first) ===", emitYaml(first), "");
  if (rest.size > 0) lines.push("# === Inputs, outputs and recipe ===", emitYaml(rest));
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The smoke value of a knob: the lowered schedule, a separate output directory. */
function smokeValue(knob: Knob, outputKeys: ReadonlySet<string>): ParamValue | undefined {
  if (knob.smoke !== undefined) return knob.smoke;
  if (outputKeys.has(knob.key) && typeof knob.value === "string" && knob.value !== REQUIRED) {
    return `${knob.value.replace(/\/+$/, "")}-tiny`;
  }
  return undefined;
}

/** `config/tiny.yaml`: inherits the default and lowers steps and batch sizes. */
export function renderSmokeConfig(gap: GapAnalysis, plan: KnobPlan): string {
  const outputKeys = new Set(plan.outputKeys);
  const entries: (readonly [string, ParamValue])[] = [];
  for (const knob of [...plan.tuning, ...plan.io]) {
    const value = smokeValue(knob, outputKeys);
    if (value !== undefined) entries.push([knob.key, value]);
  }
  const lines = [
    `# Smoke run for ${gap.stepId}: same knobs, shorter schedule, smaller batches.`,
    "# It shows the wiring starts; it is not evidence of quality.",
    "defaults: default.yaml",
    "",
    emitYaml(nest(entries)),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
