import type { Catalog, ModelSupport, StepManifest } from "../catalog/index.js";
import type { Intent } from "../planner/intent.js";
import { totalGpus } from "../planner/intent.js";
import type { ParamValue, RequiredInput } from "../planner/plan.js";
import type { PlanningRules } from "../planner/rules/index.js";
import { placeholderIn } from "./checks/text-rules.js";
import type { GapAnalysis } from "./gap.js";
import type { Knob } from "./schema.js";
import { leaves, pyYamlNumber } from "./yaml-text.js";

/** OmegaConf's marker for a value that must be given before the run reads it. */
export const REQUIRED = "???";

export interface KnobPlan {
  /** Changed first: goal hyperparameters and the schedule the smoke config shrinks. */
  tuning: Knob[];
  /** Model, data, output and recipe: where the run reads and writes. */
  io: Knob[];
  /** The model the manifest marks default and the config starts from. */
  model: ModelSupport | undefined;
  /** Config key naming the model, when the runner step's rules give one. */
  modelKey: string | undefined;
  /** Config keys of the output directories. */
  outputKeys: string[];
  /** Values given in the request; they go on the dry-run command line, not into the step. */
  overrides: Record<string, ParamValue>;
  requiredInputs: RequiredInput[];
}

function shippedLeaves(catalog: Catalog, step: StepManifest, name: string): Map<string, unknown> {
  if (!step.configs.includes(name)) return new Map();
  return leaves(catalog.config(step.id, name).toJS());
}

/** The smoke config a step ships: `tiny`, else the first `tiny*` name. */
export function smokeConfigName(step: StepManifest): string | undefined {
  return step.configs.find((c) => c === "tiny") ?? step.configs.find((c) => c.startsWith("tiny"));
}

const isFloat = (v: unknown): v is number => typeof v === "number" && !Number.isInteger(v);
const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** The listed model that fits the GPUs best (largest minimum that fits), else the default. */
export function pickModel(step: StepManifest, gpus: number | undefined): ModelSupport | undefined {
  const fitting = step.models
    .filter((m) => gpus !== undefined && m.min_gpus !== undefined && m.min_gpus <= gpus)
    .sort((a, b) => (b.min_gpus ?? 0) - (a.min_gpus ?? 0) || Number(b.default) - Number(a.default));
  return fitting[0] ?? step.models.find((m) => m.default) ?? step.models[0];
}

function fill(template: string | undefined, values: Record<string, string>): string | undefined {
  return template?.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

/**
 * The knobs of the new step's `default.yaml`, all read from the catalog: the
 * goal step's parameters that ship a default, float hyperparameters both
 * steps' configs name alike (the goal step's value wins), the schedule keys the
 * runner step's smoke config lowers, and the model, data, output and recipe
 * keys of the runner step.
 */
export function planKnobs(
  catalog: Catalog,
  rules: PlanningRules,
  intent: Intent,
  gap: GapAnalysis,
): KnobPlan {
  const { goalStep, baseStep } = gap;
  const tuning: Knob[] = [];
  const io: Knob[] = [];
  const taken = new Set<string>();
  const add = (list: Knob[], knob: Knob) => {
    if (taken.has(knob.key)) return;
    taken.add(knob.key);
    list.push(knob);
  };
  const pending: Knob[] = [];
  for (const param of goalStep.parameters) {
    if (!isScalar(param.default)) continue;
    // A shipped sample value (`/path/to/…`) is not a default: the knob becomes required.
    const sample =
      typeof param.default === "string" && placeholderIn(param.default, "all") !== undefined;
    const knob = {
      key: param.name,
      value: sample ? REQUIRED : param.default,
      description:
        `${param.description} Same knob as ${goalStep.id}${sample ? "; give it at run time" : ", same default"}.`.trim(),
      required: sample,
    };
    if (sample) pending.push(knob);
    else add(tuning, knob);
  }
  const base = shippedLeaves(catalog, baseStep, "default");
  const goalLeaves = shippedLeaves(catalog, goalStep, "default");
  for (const [key, value] of base) {
    const name = key.split(".").at(-1) ?? key;
    const match = [...goalLeaves].filter(([k]) => k.split(".").at(-1) === name);
    const [goalKey, goalValue] = match.length === 1 && match[0] ? match[0] : [];
    if (!isFloat(value) || !isFloat(goalValue) || goalValue === value) continue;
    add(tuning, {
      key,
      value: goalValue,
      description: `${goalStep.id} ships ${goalKey}=${pyYamlNumber(goalValue)}; ${baseStep.id} ships ${pyYamlNumber(value)} for its own training loop.`,
      required: false,
    });
  }
  const smokeName = smokeConfigName(baseStep);
  const smoke = smokeName
    ? shippedLeaves(catalog, baseStep, smokeName)
    : new Map<string, unknown>();
  for (const [key, value] of base) {
    const small = smoke.get(key);
    if (typeof value !== "number" || typeof small !== "number" || small >= value) continue;
    add(tuning, {
      key,
      value,
      smoke: small,
      description: `As in ${baseStep.id}/config/default.yaml; its ${smokeName}.yaml lowers it to ${small}, and so does this step's.`,
      required: false,
    });
  }
  const rule = rules.steps[baseStep.id];
  const model = chooseModel(intent, baseStep);
  const modelKey = rule?.keys.model;
  if (modelKey) {
    add(io, {
      key: modelKey,
      value: model?.name ?? REQUIRED,
      description: `Model the run starts from: a model id or a local ${gap.modelType ?? "checkpoint"} directory.`,
      required: model === undefined,
    });
  }
  const required: RequiredInput[] = [];
  const overrides: Record<string, ParamValue> = {};
  const outputKeys: string[] = [];
  const ask = (key: string, template: string | undefined, values: Record<string, string>) => {
    const question = fill(template, values);
    if (question) required.push({ key, question });
  };
  // The step ships generic configs; the request's own paths only reach the command line.
  for (const type of gap.dataTypes) {
    const entry = Object.entries(rule?.inputs ?? {}).find(([t]) =>
      catalog.artifacts.isCompatible(type, t),
    );
    if (!entry) continue;
    const kind = intent.data.kind ? `${intent.data.kind} ` : "";
    add(io, {
      key: entry[1],
      value: REQUIRED,
      description: `Path of the ${kind}${type} this step trains on; give it at run time.`,
      required: true,
    });
    const path = intent.data.paths[0];
    if (path !== undefined) overrides[entry[1]] = path;
    else ask(entry[1], rules.questions["data.path"], { type, step: gap.stepId });
  }
  if (model === undefined && modelKey)
    ask(modelKey, rules.questions["model.free"], { step: gap.stepId });
  for (const type of gap.produces) {
    const out = rule?.outputs[type];
    if (!out) continue;
    const shipped = base.get(out.key);
    const value: ParamValue = typeof shipped === "string" ? shipped : `./${gap.name}`;
    add(io, {
      key: out.key,
      value,
      description: `Directory the ${type} is written to.`,
      required: false,
    });
    outputKeys.push(out.key);
    if (intent.outputDir) overrides[out.key] = intent.outputDir;
  }
  for (const knob of pending) {
    add(io, knob);
    required.push({
      key: knob.key,
      question: `Which value should ${gap.stepId} use for ${knob.key}? ${knob.description}`,
    });
  }
  const recipeKey = gap.runner.shape.recipeKey;
  add(io, {
    key: recipeKey,
    value: REQUIRED,
    description: `Recipe class as "module.path:ClassName" that trains ${gap.goal} on ${gap.backendLabel}; the runner loads it.`,
    required: true,
  });
  required.push({
    key: recipeKey,
    question: `Which ${gap.backendLabel} recipe class ("module.path:ClassName") should ${gap.stepId} run to train ${gap.goal}?`,
  });
  return { tuning, io, model, modelKey, outputKeys, overrides, requiredInputs: required };
}

/** The user's model when named, else the runner step's listed model that fits the GPUs. */
function chooseModel(intent: Intent, base: StepManifest): ModelSupport | undefined {
  const named = intent.model;
  if (named && !intent.unsupportedModels.includes(named.name)) {
    const listed = base.models.find((m) => m.name.toLowerCase() === named.name.toLowerCase());
    const gpus = totalGpus(intent);
    return (
      listed ?? {
        name: named.name,
        description: "",
        default: true,
        ...(gpus ? { min_gpus: gpus } : {}),
      }
    );
  }
  return pickModel(base, totalGpus(intent));
}
