import type { Strategy } from "../catalog/index.js";
import type { Command, ParamValue } from "../planner/plan.js";
import type { GapAnalysis } from "./gap.js";
import type { KnobPlan } from "./knobs.js";
import { describeNewStep, goalLabel } from "./render-manifest.js";
import type { FollowedStrategy } from "./strategies.js";
import { pyYamlNumber } from "./yaml-text.js";

function shown(value: ParamValue): string {
  if (typeof value === "number") return pyYamlNumber(value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface ReadmeParts {
  notes: readonly string[];
  written: readonly Strategy[];
  followed: readonly FollowedStrategy[];
  commands: readonly Command[];
}

/** A short README: what the step does, its artifacts and knobs, how to dry-run it, and its gaps. */
export function renderReadme(gap: GapAnalysis, plan: KnobPlan, parts: ReadmeParts): string {
  const tick = (s: string) => `\`${s}\``;
  const knobs = [...plan.tuning, ...plan.io].map((k) => {
    const smoke = k.smoke !== undefined ? ` (tiny: ${tick(shown(k.smoke))})` : "";
    return `- ${tick(k.key)} = ${tick(shown(k.value))}${smoke}: ${k.description}`;
  });
  const sections = [
    `# ${goalLabel(gap.goal)} (${gap.backendLabel})`,
    describeNewStep(gap),
    [
      "## Artifacts",
      ...gap.consumes.map(
        (c) => `- consumes ${tick(c.type)}${c.required ? "" : " (optional)"}: ${c.description}`,
      ),
      ...gap.producesPorts.map((p) => `- produces ${tick(p.type)}: ${p.description}`),
    ].join("\n"),
    [
      "## Knobs (`config/default.yaml`)",
      ...knobs,
      "",
      "`???` values are required at run time; pass them as `key=value`.",
    ].join("\n"),
    ["## Dry run", "```bash", ...parts.commands.map((c) => c.command), "```"].join("\n"),
    [
      "## Why a new step",
      ...gap.closest.map((c) => {
        const fits = c.fits.length > 0 ? ` It ${c.fits.join(", ")}.` : "";
        return `- ${tick(c.id)}: ${c.misses.join("; ") || "covers the request only partly"}.${fits}`;
      }),
    ].join("\n"),
    ["## UPSTREAM", ...parts.notes.map((n) => `- ${n}`)].join("\n"),
    [
      "## Strategies",
      ...parts.followed.map((s) => `- Followed from ${tick(s.step)}: ${s.when}: ${s.then}`),
      ...parts.written.map((s) => `- ${s.when}: ${s.then}`),
    ].join("\n"),
  ];
  return `${sections.join("\n\n")}\n`;
}
