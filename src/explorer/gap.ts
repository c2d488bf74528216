import type { ArtifactPort, Catalog, StepManifest } from "../catalog/index.js";
import type { Intent } from "../planner/intent.js";
import { type Backend, catalogIndex } from "../planner/intent-reader/catalog-index.js";
import type { IntentRules } from "../planner/intent-reader/index.js";
import type { PlanningRules } from "../planner/rules/index.js";
import { byCloseness, describeStep, stackLabel, type Target } from "./closest.js";
import { ExplorerError } from "./errors.js";
import { type ResolvedRunner, resolveRunner } from "./runners.js";
import type { ClosestStep } from "./schema.js";

/** Everything the builder needs to know about the missing step, derived from the catalog. */
export interface GapAnalysis extends Target {
  /** The step that serves the goal today (what to do). */
  goalStep: StepManifest;
  /** The step on the backend the new one copies its runner and config keys from (how). */
  baseStep: StepManifest;
  runner: ResolvedRunner;
  consumes: ArtifactPort[];
  producesPorts: ArtifactPort[];
  closest: ClosestStep[];
  category: string;
  name: string;
  stepId: string;
  gap: string;
}

export interface GapInput {
  catalog: Catalog;
  intent: Intent;
  intentRules: IntentRules;
  planningRules: PlanningRules;
  runnerModules: readonly string[];
}

function snake(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^(\d)/, "m$1");
}

/** The checkpoint type the user starts from: the model's format, else a declared checkpoint. */
function userModelType(intent: Intent, rules: IntentRules): string | undefined {
  const table = rules.raw.route.modelArtifacts;
  const format = intent.model?.format;
  if (format === "hf" || format === "megatron") return table[format];
  const types: string[] = Object.values(table);
  return intent.data.has.find((t) => types.includes(t));
}

/**
 * Decide the narrowest missing step: the first goal no step covers on the asked
 * backend and checkpoint format, the step that serves that goal today (its
 * category and artifacts), and the backend step whose runner the new one wraps.
 */
export function analyseGap(input: GapInput): GapAnalysis {
  const { catalog, intent, intentRules, planningRules } = input;
  const graph = catalog.artifacts;
  const index = catalogIndex(catalog, intentRules);
  const modelTypes: string[] = Object.values(intentRules.raw.route.modelArtifacts);
  const userType = userModelType(intent, intentRules);
  const first = intent.goals[0];
  if (first === undefined) {
    throw new ExplorerError(
      "no_goal",
      "The request names no training or processing goal to build a step for.",
    );
  }
  const backend = intent.backend ?? backendFor(index.backendSteps, catalog, userType, modelTypes);
  const backendSteps = backend
    ? (index.backendSteps.get(backend) ?? new Set<string>())
    : new Set<string>();
  const readsUserType = (step: StepManifest) => {
    const ports = step.consumes.filter((c) => modelTypes.includes(c.type));
    return (
      !userType || ports.length === 0 || ports.some((c) => graph.isCompatible(userType, c.type))
    );
  };
  const covers = (step: StepManifest) =>
    (!backend || backendSteps.has(step.id)) && readsUserType(step);
  const goal = intent.goals.find((g) => !(index.goalSteps.get(g) ?? []).some(covers));
  if (!goal) {
    const step = (index.goalSteps.get(first) ?? []).find(covers);
    if (intent.unsupportedModels.length > 0) {
      throw new ExplorerError(
        "model_only_gap",
        `${step?.id ?? first} already does ${first}; what is missing is support for ${intent.unsupportedModels.join(", ")}, which a new step wrapper cannot add. The model has to be published in a form a listed backend loads (for example an org/name Hugging Face id) before a catalog config can name it.`,
      );
    }
    throw new ExplorerError(
      "no_gap",
      `${step?.id ?? first} already covers ${intent.goals.join(", ")}; use it in catalog mode.`,
    );
  }
  const goalSteps = index.goalSteps.get(goal) ?? [];
  if (goalSteps.length === 0) {
    throw new ExplorerError(
      "no_goal_shape",
      `No catalog step does ${goal}, so there is no artifact contract to mirror offline.`,
    );
  }
  const runnerPool = backend ? catalog.steps.filter((s) => backendSteps.has(s.id)) : goalSteps;
  const withRunner = runnerPool
    .map((step) => ({ step, runner: resolveRunner(step, backend, input.runnerModules) }))
    .filter((c): c is { step: StepManifest; runner: ResolvedRunner } => c.runner !== undefined);
  if (withRunner.length === 0) {
    throw new ExplorerError(
      "no_runner",
      `No shared runner with a known call shape serves ${backend ?? goal} in this checkout; the wrapper has to be drafted by hand or by the model.`,
    );
  }
  const goalStep =
    [...goalSteps].sort(
      (a, b) =>
        Number(readsUserType(b)) - Number(readsUserType(a)) ||
        Number(backendSteps.has(b.id)) - Number(backendSteps.has(a.id)),
    )[0] ?? goalSteps[0];
  if (!goalStep) throw new ExplorerError("no_goal_shape", `No catalog step does ${goal}.`);
  const dataRole = intent.data.kind
    ? planningRules.userData.kindRoles[intent.data.kind]
    : undefined;
  const target = (
    modelType: string | undefined,
    consumes: readonly ArtifactPort[],
    produces: readonly ArtifactPort[],
    label: string,
  ): Target => ({
    goal,
    backend,
    backendLabel: label,
    backendSteps,
    stepGoal: index.stepGoal,
    modelTypes,
    dataTypes: consumes.filter((c) => !modelTypes.includes(c.type)).map((c) => c.type),
    modelType,
    produces: produces.map((p) => p.type),
    dataRole,
    unsupportedModels: intent.unsupportedModels,
  });
  // Rank runner steps by how much of the goal step's contract they already share.
  // Before the runner step is known, assume the checkpoint type the user has, else the one
  // most runner candidates write.
  const roughType = userType ?? mostProduced(runnerPool, modelTypes);
  const roughSwap = (port: ArtifactPort): ArtifactPort =>
    roughType && modelTypes.includes(port.type) ? { ...port, type: roughType } : port;
  const rough = target(
    roughType,
    goalStep.consumes.map(roughSwap),
    goalStep.produces.map(roughSwap),
    backend ?? "",
  );
  const best = withRunner
    .map((c) => ({ ...c, ...describeStep(catalog, planningRules, c.step, rough) }))
    .sort((a, b) => b.fits.length - a.fits.length || a.misses.length - b.misses.length)[0];
  if (!best) throw new ExplorerError("no_runner", `No runner step found for ${goal}.`);
  const baseStep = best.step;
  // The backend's own checkpoint format wins: the new step reads and writes what its runner handles.
  const modelType = baseStep.produces.find((p) => modelTypes.includes(p.type))?.type ?? userType;
  const swap = (port: ArtifactPort): ArtifactPort => {
    if (!modelType || !modelTypes.includes(port.type) || graph.isCompatible(port.type, modelType))
      return port;
    const what = graph.types.get(modelType)?.description ?? modelType;
    return {
      ...port,
      type: modelType,
      description: `${port.description} Here as ${modelType} (${what}).`.trim(),
    };
  };
  const consumes = goalStep.consumes.map(swap);
  const producesPorts = goalStep.produces.map(swap);
  const final = target(modelType, consumes, producesPorts, stackLabel(baseStep));
  const closest = closestOf(catalog, planningRules, final, goalStep, baseStep, [
    ...goalSteps,
    ...runnerPool,
  ]);
  const category = goalStep.category;
  const lead = intent.unsupportedModels[0] ?? backend ?? stackLabel(baseStep);
  const name = uniqueName(catalog, category, snake(`${lead}_${goal}`));
  const gap =
    intent.gap ?? `${goal} on ${final.backendLabel}${modelType ? ` with ${modelType}` : ""}`;
  return {
    ...final,
    goalStep,
    baseStep,
    runner: best.runner,
    consumes,
    producesPorts,
    closest,
    category,
    name,
    stepId: `${category}/${name}`,
    gap,
  };
}

/** The checkpoint type most of `steps` produce. */
function mostProduced(
  steps: readonly StepManifest[],
  modelTypes: readonly string[],
): string | undefined {
  const counts = new Map<string, number>();
  for (const step of steps) {
    for (const p of step.produces) {
      if (modelTypes.includes(p.type)) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The backend whose steps mostly write the user's checkpoint type. */
function backendFor(
  backends: ReadonlyMap<Backend, ReadonlySet<string>>,
  catalog: Catalog,
  type: string | undefined,
  modelTypes: readonly string[],
): Backend | undefined {
  if (!type) return undefined;
  let best: { id: Backend; n: number } | undefined;
  for (const [id, ids] of backends) {
    const steps = [...ids].flatMap((s) => catalog.step(s) ?? []);
    // A backend counts when the checkpoint type it writes most is the user's type.
    if (mostProduced(steps, modelTypes) !== type) continue;
    const n = steps.filter((s) => s.produces.some((p) => p.type === type)).length;
    if (!best || n > best.n) best = { id, n };
  }
  return best?.id;
}

/** The goal step, the runner step, then the next closest of the other candidates; three at most. */
function closestOf(
  catalog: Catalog,
  rules: PlanningRules,
  target: Target,
  goalStep: StepManifest,
  baseStep: StepManifest,
  pool: readonly StepManifest[],
): ClosestStep[] {
  const describe = (step: StepManifest): ClosestStep => {
    const role =
      target.stepGoal.get(step.id) === target.goal
        ? "goal"
        : target.backendSteps.has(step.id)
          ? "runner"
          : "other";
    return {
      id: step.id,
      name: step.name,
      category: step.category,
      role,
      ...describeStep(catalog, rules, step, target),
    };
  };
  const rest = pool
    .filter((s) => s.id !== goalStep.id && s.id !== baseStep.id)
    .map(describe)
    .sort(byCloseness);
  const seen = new Set<string>();
  return [describe(goalStep), describe(baseStep), ...rest]
    .filter((c) => !seen.has(c.id) && seen.add(c.id))
    .slice(0, 3);
}

/** `name`, or `name_2`, `name_3`… when the category already has a step of that name. */
function uniqueName(catalog: Catalog, category: string, name: string): string {
  let candidate = name;
  for (let n = 2; catalog.step(`${category}/${candidate}`); n++) candidate = `${name}_${n}`;
  return candidate;
}
