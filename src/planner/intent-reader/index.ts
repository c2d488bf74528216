import type { Catalog } from "../../catalog/index.js";
import { redactText } from "../../secrets/index.js";
import { type Data, type Goal, type Intent, IntentSchema, type Translation } from "../intent.js";
import { readBounds } from "./bounds.js";
import { catalogIndex } from "./catalog-index.js";
import { withCheckpointModel } from "./checkpoint-model.js";
import { type LanguageRoles, readData, readLanguageRoles, readLanguages } from "./data.js";
import { readEval, urlIsEvalTarget } from "./evaluation.js";
import { readBackend, readDeliverables, readGoals, readLora } from "./goals.js";
import { readHardware } from "./hardware/index.js";
import { readLiterals } from "./literals.js";
import { type Delta, type Draft, mergeFollowUp, withoutUndefined } from "./merge.js";
import { readEndpointModelId, readExplicitSteps, readModels } from "./models.js";
import { maskPlacedObjects, settleCheckpoints, withNamedIteration } from "./paths.js";
import { decideRoute, type RouteCues, readRouteCues } from "./route.js";
import type { IntentRules } from "./rules.js";
import { type ReadContext, Scan } from "./scan.js";
import {
  readConfigName,
  readDirectEdges,
  readExecutor,
  readFlags,
  readPackSize,
  readParameterValues,
  readSeqLength,
} from "./settings.js";
import { readSkippedOptions, readStatedValues } from "./stated-values.js";
import { readTranslation } from "./translation.js";

export { IntentRulesError } from "./matcher.js";
export { INTENT_RULES_FILE, type IntentRules, loadIntentRules } from "./rules.js";

/** What finished work left the user with, unless the request already says what they have. */
function withCompletedWork(rules: IntentRules, data: Data, completed: readonly Goal[]): Data {
  const has = new Set(data.has);
  for (const goal of completed) {
    const artifacts = rules.raw.goalRules.completed.artifacts[goal] ?? [];
    const family = (t: string) => t.split("_")[0];
    if (!artifacts.some((a) => data.has.some((h) => family(h) === family(a)))) {
      for (const a of artifacts) has.add(a);
    }
  }
  return { ...data, has: [...has] };
}

/** A student model named beside the teacher is a checkpoint the user brings, by its hub id. */
function withStudent(data: Data, student: string | undefined, rules: IntentRules): Data {
  if (!student) return data;
  const type = rules.raw.route.modelArtifacts.hf;
  return {
    ...data,
    paths: [...data.paths, student],
    checkpoints: [...data.checkpoints, student],
    has: data.has.includes(type) ? data.has : [...data.has, type],
  };
}

/**
 * A request to train for a language the data is not said to be in ("fine-tune
 * Nano3 for Thai support") names a target language: planning translates first.
 */
function servedLanguageTarget(
  rules: IntentRules,
  goals: readonly Goal[],
  roles: LanguageRoles,
  translation: Translation,
) {
  if (translation.target || goals.includes("translate") || goals.includes("byob")) return;
  if (!goals.some((g) => rules.raw.route.trainingGoals.includes(g))) return;
  const base = rules.languageRoles.base;
  const target = roles.served.find((code) => code !== base && !roles.data.includes(code));
  if (!target) return;
  translation.target = target;
  const source = roles.data.find((code) => code !== target);
  if (source) translation.source = source;
}

/** The catalog steps the goals in force and the step ids named could run. */
function stepsFor(ctx: ReadContext, goals: readonly Goal[], named: readonly string[]) {
  const steps = goals.flatMap((g) => ctx.index.goalSteps.get(g) ?? []);
  for (const id of named) {
    const step = ctx.catalog.step(id);
    if (step && !steps.includes(step)) steps.push(step);
  }
  return steps;
}

/** Everything one message says, before it is merged with the thread. */
function readDelta(
  ctx: ReadContext,
  previous: Intent | undefined,
): { delta: Delta; negated: Goal[]; request: string } {
  const earlierGoals = previous?.goals ?? [];
  const { rules, scan } = ctx;
  const literals = readLiterals(rules, scan);
  maskPlacedObjects(ctx);
  const explicitSteps = readExplicitSteps(ctx);
  const endpointModelId = readEndpointModelId(ctx, literals.urls);
  const named = readModels(ctx, literals.overrides);
  // Before hardware: "one local node of 8x H100" names the executor inside a hardware phrase.
  const executor = readExecutor(ctx);
  const hardware = readHardware(ctx);
  const found = readGoals(ctx, explicitSteps, literals.urls.length > 0);
  const { negated, completed, declinedParts } = found;
  const deliverables = readDeliverables(ctx);
  // "My run produced iter_0001000 and I need an HF checkpoint": the product asked for is a conversion.
  const converts =
    found.goals.length === 0 && deliverables.length > 0 && literals.inputs.length > 0;
  const goals: Goal[] = converts ? ["convert"] : found.goals;
  // A follow-up answers questions about the thread's goals: read its values for them too.
  const inForce = [...new Set([...goals, ...earlierGoals.filter((g) => !negated.includes(g))])];
  const inputs = settleCheckpoints(ctx, withNamedIteration(ctx, literals.inputs), goals);
  const checkpointModel = withCheckpointModel(ctx, named, inputs);
  const { student } = named;
  const { unsupportedModels } = checkpointModel;
  let { model } = checkpointModel;
  // "It's already instruction tuned": the named model is what that training produced.
  if (model && completed.some((g) => rules.raw.route.trainingGoals.includes(g))) {
    model = { ...model, tuned: true };
  }
  const served = literals.urls[0];
  const evaluating = served !== undefined && urlIsEvalTarget(ctx, served, inForce);
  const translation = readTranslation(
    ctx,
    inForce,
    literals.overrides,
    evaluating ? undefined : served,
  );
  // With nothing to train or evaluate, a model outside the catalog is the one that translates.
  const modelTask = inForce.some((g) => g !== "translate" && g !== "curate");
  const serves = translation.backend === "llm" || translation.backend === undefined;
  if (inForce.includes("translate") && serves) {
    // "on https://…/v1 with model X": the id beside the server URL is the server's model,
    // also when another model is trained afterwards (the URL is not an eval endpoint).
    if (endpointModelId && !evaluating) translation.serverModel ??= endpointModelId;
    if (!modelTask && model && !model.inCatalog) {
      translation.serverModel ??= model.name;
      model = undefined;
    }
  }
  const roles = readLanguageRoles(ctx);
  const mentioned = readLanguages(ctx);
  servedLanguageTarget(rules, goals, roles, translation);
  // "Korean please": an answer to the thread's open question of which language to translate into.
  if (previous && inForce.includes("translate") && !previous.translation.target) {
    const source = translation.source ?? previous.translation.source;
    translation.target ??= mentioned.find((code) => code !== source);
  }
  if (translation.target && !translation.source && !previous?.translation.source) {
    // The source is a language the data was said to be in, now or earlier in the thread.
    const source = [...mentioned, ...(previous?.data.languages ?? [])].find(
      (code) => code !== translation.target,
    );
    if (source) translation.source = source;
  }
  const languages = [
    ...new Set([...(translation.source ? [translation.source] : []), ...mentioned]),
  ];
  const urls = literals.urls.filter((u) => u !== translation.serverUrl);
  const flags = readFlags(ctx);
  const config = readConfigName(ctx, inForce);
  // Packing at N trains at N unless the request gives the training length apart.
  const packSize = readPackSize(ctx);
  const seqLength = readSeqLength(ctx, literals.overrides) ?? packSize;
  const packKey = rules.raw.settings.packSizeKey;
  const packOverride =
    packSize !== undefined && !(packKey in literals.overrides)
      ? { [packKey]: String(packSize) }
      : {};
  const delta: Delta = {
    goals,
    model,
    unsupportedModels,
    hardware,
    executor,
    data: withStudent(
      withCompletedWork(
        rules,
        readData(ctx, { inputs, outputs: literals.outputs, model }, goals, languages),
        completed,
      ),
      student,
      rules,
    ),
    translation,
    backend: readBackend(ctx, found.completedAt),
    lora: readLora(ctx, goals),
    eval: readEval(
      ctx,
      inForce,
      literals.overrides,
      urls,
      translation.serverModel === endpointModelId ? undefined : endpointModelId,
      flags.qualityClaim,
    ),
    authVars: literals.authVars,
    // What the user wrote as key=value wins over a value stated in words.
    overrides: {
      ...readSkippedOptions(ctx, stepsFor(ctx, inForce, explicitSteps), declinedParts),
      ...readStatedValues(ctx, stepsFor(ctx, inForce, explicitSteps)),
      ...readBounds(ctx, stepsFor(ctx, inForce, explicitSteps)),
      ...readParameterValues(ctx, inForce),
      ...packOverride,
      ...literals.overrides,
    },
    outputDir: literals.outputDir,
    declined: negated,
    explicitSteps,
    deliverables,
    directEdges: readDirectEdges(ctx, goals, inputs),
    ...flags,
    configName: config?.name,
    configNamed: config?.named,
    seqLength,
  };
  // Work struck out, reported done or put off leaves the thread; a vague word ("the RL")
  // stands for whichever goal of its group the thread has.
  const groups = rules.raw.goalRules.groups;
  const dropped = [...new Set([...negated, ...completed, ...found.deferred])].flatMap((g) =>
    found.vague.includes(g) ? (groups.find((group) => group.includes(g)) ?? [g]) : [g],
  );
  return { delta, negated: [...new Set(dropped)], request: scan.original };
}

/** Route cues of earlier messages (paths and literals masked) that persist in a thread. */
function earlierCues(
  rules: IntentRules,
  requests: readonly string[],
): Pick<RouteCues, "explorer" | "pipeline" | "gaps"> {
  const masked = requests.map((text) => {
    const scan = new Scan(text);
    readLiterals(rules, scan);
    return scan.text;
  });
  const cues = readRouteCues(rules, masked.join("\n"));
  return { explorer: cues.explorer, pipeline: cues.pipeline, gaps: cues.gaps };
}

/**
 * Read a request into a typed Intent using the rules and the live catalog.
 * With `previous`, the text is a follow-up on the same thread: what it names
 * replaces or extends the earlier intent, and the route is decided again.
 */
export function readIntent(
  text: string,
  catalog: Catalog,
  rules: IntentRules,
  previous?: Intent,
): Intent {
  const index = catalogIndex(catalog, rules);
  // Credentials are cut before anything is read, so no value, override or stored request holds one.
  const scan = new Scan(redactText(text));
  const ctx: ReadContext = { rules, catalog, index, scan };
  const { delta, negated, request } = readDelta(ctx, previous);
  const cues = readRouteCues(rules, scan.text);
  let draft: Draft;
  if (previous) {
    const replace = rules.replace.test(scan.text);
    draft = mergeFollowUp(rules, previous, delta, negated, replace, request);
    const earlier = earlierCues(rules, previous.requests);
    cues.explorer ||= earlier.explorer;
    cues.pipeline ||= earlier.pipeline;
    cues.gaps = [...new Set([...earlier.gaps, ...cues.gaps])];
  } else {
    draft = { ...delta, requests: [request] };
  }
  const { route, gap } = decideRoute(
    { rules, catalog, index },
    draft,
    cues,
    draft.requests.join("\n"),
    previous?.route,
  );
  return IntentSchema.parse(withoutUndefined({ ...draft, route, gap }));
}
