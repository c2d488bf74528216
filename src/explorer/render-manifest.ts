import { stringify } from "smol-toml";
import type { Catalog, KnownError, ModelSupport, Strategy } from "../catalog/index.js";
import type { GapAnalysis } from "./gap.js";
import { type KnobPlan, REQUIRED } from "./knobs.js";

/** `DPO` for short goal ids, `Quantize` otherwise. */
export function goalLabel(goal: string): string {
  if (goal.length <= 4) return goal.toUpperCase();
  return goal.charAt(0).toUpperCase() + goal.slice(1).replaceAll("_", " ");
}

/** One line, no control characters: safe inside a comment or a one-line string. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Tags every step of the backend carries (`automodel`, `huggingface`), after category and goal. */
function tagsOf(catalog: Catalog, gap: GapAnalysis): string[] {
  const backendTags = [...gap.backendSteps]
    .map((id) => catalog.step(id)?.tags ?? [])
    .reduce<string[] | undefined>(
      (common, tags) => (common ? common.filter((t) => tags.includes(t)) : [...tags]),
      undefined,
    );
  return [...new Set([gap.category, gap.goal, ...(backendTags ?? [])])];
}

function models(gap: GapAnalysis, plan: KnobPlan): ModelSupport[] {
  const out: ModelSupport[] = [];
  const chosen = plan.model;
  const listed = gap.baseStep.models;
  if (chosen && !listed.some((m) => m.name === chosen.name)) {
    out.push({
      ...chosen,
      default: true,
      description: "The model named in the request; min_gpus is the stated GPU count.",
    });
  }
  for (const m of listed) {
    out.push({
      ...m,
      default: chosen ? m.name === chosen.name : m.default,
      description: `Listed by ${gap.baseStep.id}; its min_gpus is a floor, since a ${gap.goal} loop can need more memory than ${gap.baseStep.category}.`,
    });
  }
  return out;
}

/** The description: what the step does, and which closest steps fall short and how. */
export function describeNewStep(gap: GapAnalysis): string {
  const reads = gap.consumes.map((c) => c.type).join(" and ");
  const writes = gap.producesPorts.map((p) => p.type).join(" and ");
  const goalNear = gap.closest.find((c) => c.id === gap.goalStep.id);
  const baseNear = gap.closest.find((c) => c.id === gap.baseStep.id);
  const why = [
    goalNear?.misses[0] && `${gap.goalStep.id} does ${gap.goal} but ${goalNear.misses[0]}`,
    baseNear?.misses[0] &&
      gap.baseStep.id !== gap.goalStep.id &&
      `${gap.baseStep.id} runs on ${gap.backendLabel} but ${baseNear.misses[0]}`,
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
  const because = why.length > 0 ? ` Added because ${why.join(", and ")}.` : "";
  return `${goalLabel(gap.goal)} on the ${gap.backendLabel} stack: reads ${reads}, writes ${writes}.${because}`;
}

/** `step.toml` for the new step, typed with the checkout's artifact types. */
export function renderManifest(
  catalog: Catalog,
  gap: GapAnalysis,
  plan: KnobPlan,
  strategies: readonly Strategy[],
): string {
  const errors: KnownError[] = [
    {
      name: "recipe_not_set",
      recovery: `Set ${gap.runner.shape.recipeKey} to "module.path:ClassName" of a recipe in ${gap.backendLabel} that trains ${gap.goal}; this step has no default recipe.`,
    },
  ];
  const reference: Record<string, string | string[]> = {
    skill: `src/nemotron/steps/${gap.stepId}/README.md`,
    runner: gap.runner.file,
    closest: gap.closest.map((c) => c.id),
  };
  const repo = gap.baseStep.reference.repo;
  if (typeof repo === "string") reference.repo = repo;
  const body = {
    step: {
      id: gap.stepId,
      name: `${goalLabel(gap.goal)} (${gap.backendLabel})`,
      category: gap.category,
      description: describeNewStep(gap),
      tags: tagsOf(catalog, gap),
    },
    consumes: gap.consumes.map((c) => ({
      type: c.type,
      description: oneLine(c.description),
      required: c.required,
    })),
    produces: gap.producesPorts.map((p) => ({ type: p.type, description: oneLine(p.description) })),
    models: models(gap, plan).map((m) => ({
      name: m.name,
      description: m.description,
      default: m.default,
      ...(m.min_gpus !== undefined ? { min_gpus: m.min_gpus } : {}),
    })),
    parameters: [...plan.tuning, ...plan.io].map((k) => ({
      name: k.key,
      description: oneLine(k.description),
      ...(k.value !== REQUIRED && k.value !== null && typeof k.value !== "object"
        ? { default: k.value }
        : {}),
    })),
    strategies: strategies.map((s) => ({ when: s.when, then: s.then })),
    errors: errors.map((e) => ({ name: e.name, recovery: e.recovery })),
    reference,
  };
  const header = [
    `# Scaffolded by nemotron-customize (Explorer mode) for: ${oneLine(gap.gap)}.`,
    `# Artifacts and knobs follow ${gap.goalStep.id}; the runner call follows ${gap.baseStep.id}.`,
  ];
  return `${header.join("\n")}\n\n${stringify(body)}\n`;
}
