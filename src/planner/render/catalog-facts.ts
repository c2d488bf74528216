import { consumersOf, producersOf, type StepManifest } from "../../catalog/index.js";
import { answersData } from "../commands/index.js";
import type { PlanContext } from "../context.js";
import type { PlanDraft } from "../plan.js";
import { code } from "./format.js";

const ids = (steps: readonly StepManifest[]) => steps.map((s) => code(s.id)).join(", ");

/**
 * Which steps read and write each artifact type the request names, when it
 * asks about the types themselves (no stage planned): the answer comes
 * straight from the catalog's step manifests and compatibility graph.
 */
export function artifactLines(draft: PlanDraft, ctx: PlanContext): string[] {
  if (draft.stages.length > 0) return [];
  const { catalog } = ctx;
  const graph = catalog.artifacts;
  const lines: string[] = [];
  for (const type of new Set(ctx.intent.data.has)) {
    if (!graph.has(type)) continue;
    const consumers = consumersOf(catalog.steps, graph, type);
    const required = consumers.filter((s) =>
      s.consumes.some((c) => c.required && graph.isCompatible(type, c.type)),
    );
    const optional = consumers.filter((s) => !required.includes(s));
    const producers = producersOf(catalog.steps, graph, type);
    const reads =
      consumers.length === 0
        ? `no catalog step consumes ${code(type)}`
        : `${code(type)} is consumed by ${ids(required) || "no step as a required input"}` +
          (optional.length > 0 ? `; optionally by ${ids(optional)}` : "");
    const writes =
      producers.length > 0 ? `produced by ${ids(producers)}` : "no catalog step produces it";
    lines.push(`- ${reads}; ${writes}.`);
    const converters = graph
      .compatibleTargets(type)
      .flatMap((t) =>
        Object.entries(graph.types.get(t)?.convertTo ?? {}).map(
          ([to, step]) => `${code(to)} via ${code(step)}`,
        ),
      );
    if (converters.length > 0) lines.push(`- It converts to ${converters.join(", ")}.`);
  }
  return lines;
}

/**
 * The env profile sections this run can see, by name, executor and key
 * names only (values never reach the planner), when the request is about
 * env profiles.
 */
export function profileLines(draft: PlanDraft, ctx: PlanContext): string[] {
  const graph = ctx.catalog.artifacts;
  const profileType = answersData().profiles.type;
  const aboutProfiles =
    ctx.intent.goals.includes("env_profile") ||
    draft.stages.some((s) => s.produces.some((p) => graph.isCompatible(p.type, profileType)));
  if (!aboutProfiles) return [];
  const profiles = ctx.profiles;
  if (!profiles || profiles.sections.length === 0) {
    return [
      "- No env profile file is visible: set `NEMOTRON_ENV_FILE` or add an `env*.toml` to the checkout.",
    ];
  }
  const via = profiles.source === "NEMOTRON_ENV_FILE" ? "`$NEMOTRON_ENV_FILE`" : "the checkout";
  return profiles.sections.map((s) => {
    const executor = s.executor ? `${s.executor} executor` : "no executor declared";
    const keys = s.keys.length > 0 ? s.keys.map(code).join(", ") : "no keys";
    return `- ${code(s.section)} in ${code(s.file)} (from ${via}): ${executor}; keys ${keys} (values not shown).`;
  });
}
