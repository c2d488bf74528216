import type { ArtifactGraph } from "../../catalog/index.js";
import type { PlanContext } from "../context.js";
import { type Goal, type Intent, totalGpus } from "../intent.js";
import type { Guard, ModelFamily } from "../rules/index.js";
import type { CompiledRules } from "./compiled.js";

/** How a user-side input reached the plan. */
export type UserOrigin = "data" | "declared" | "model";

/** An artifact the user already has: their files, a type they named, or the base model. */
export interface UserSource {
  type: string;
  /** Role consumers check; `user` when the kind of the data is unknown. */
  role: string;
  origin: UserOrigin;
}

/** The request reduced to the facts planning conditions look at. */
export interface Facts {
  intent: Intent;
  graph: ArtifactGraph;
  goals: ReadonlySet<Goal>;
  guardsFired: readonly Guard[];
  gpus: number | undefined;
  multiNode: boolean;
  gpuType: string | undefined;
  /** LoRA asked for (true), full fine-tuning asked for (false), or unsaid. */
  lora: boolean | undefined;
  family: ModelFamily | undefined;
  modelName: string | undefined;
  modelFormat: "hf" | "megatron" | "unknown" | "none";
  userSources: readonly UserSource[];
  trainingGoals: boolean;
  /** The user claims a quality gain, or the rules imply one. */
  qualityClaim: boolean;
  /** Model id a served endpoint answers to: as given, else the model of an endpoint-only request. */
  endpointModel: string | undefined;
}

export function deriveFacts(
  ctx: PlanContext,
  compiled: CompiledRules,
  goals: ReadonlySet<Goal>,
  guardsFired: readonly Guard[],
): Facts {
  const { intent } = ctx;
  const { rules } = compiled;
  const gpus = totalGpus(intent);
  const nodes = intent.hardware.nodes ?? 1;
  const loraGoal = goals.has("peft") ? true : undefined;
  const model = intent.model;
  const training = compiled.trainingGoals(ctx.catalog);
  return {
    intent,
    graph: ctx.catalog.artifacts,
    goals,
    guardsFired,
    gpus,
    multiNode: nodes > 1 || (gpus ?? 0) > rules.hardware.gpusPerNode,
    gpuType: intent.hardware.gpuType?.toLowerCase(),
    lora: intent.lora ?? loraGoal,
    family: compiled.family(model?.name, model?.alias),
    modelName: model?.name,
    modelFormat: model ? model.format : "none",
    userSources: userSources(intent, compiled),
    trainingGoals: [...goals].some((g) => training.has(g)),
    qualityClaim: intent.qualityClaim,
    endpointModel: endpointModel(
      intent,
      [...goals].some((g) => training.has(g)),
    ),
  };
}

/**
 * With an endpoint and nothing trained, the model the request names is the
 * one the endpoint serves; when something is trained, only an explicit id counts.
 */
function endpointModel(intent: Intent, training: boolean): string | undefined {
  if (intent.eval.modelId) return intent.eval.modelId;
  if (!intent.eval.endpointUrl || training) return undefined;
  return intent.model?.name;
}

function userSources(intent: Intent, compiled: CompiledRules): UserSource[] {
  const { userData } = compiled.rules;
  const data = intent.data;
  const role = (data.kind && userData.kindRoles[data.kind]) || "user";
  const sources: UserSource[] = [];
  const add = (type: string, origin: UserOrigin, sourceRole: string) => {
    if (!sources.some((s) => s.type === type && s.origin === origin)) {
      sources.push({ type, role: sourceRole, origin });
    }
  };
  if (data.paths.length > 0 || data.format !== undefined || data.kind !== undefined) {
    const byKind = data.kind ? userData.byKind[data.kind] : undefined;
    const byFormat = data.format ? userData.byFormat[data.format] : undefined;
    for (const type of byKind ?? byFormat ?? userData.default) add(type, "data", role);
  }
  const format = intent.model?.format;
  const modelType = format === "hf" || format === "megatron" ? userData.modelArtifacts[format] : "";
  // "The HF model X" declares a checkpoint that is the named model itself, unless a path
  // the request calls a checkpoint was given.
  const checkpointPath = data.checkpoints.length > 0;
  const declared = [...data.has, ...intent.directEdges.map((edge) => edge.from)];
  for (const type of declared) {
    if (compiled.dataTypes.has(type)) add(type, "data", role);
    else if (type !== modelType || checkpointPath) add(type, "declared", "user");
  }
  // A model the user already fine-tuned is a policy to start from, not a bare base.
  if (modelType) add(modelType, "model", intent.model?.tuned ? "user" : "base");
  return sources;
}
