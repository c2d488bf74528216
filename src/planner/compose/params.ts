import type { Catalog } from "../../catalog/index.js";
import type { ParamValue } from "../plan.js";
import { asConcrete, asNumber, effectiveValue } from "../stage-config.js";
import type { CompiledRules } from "./compiled.js";
import { matches } from "./conditions.js";
import type { NodeInput, PlanNode } from "./dag.js";
import { type Collector, type Entry, writeParam } from "./entry.js";
import type { Facts } from "./facts.js";
import { isHubId, isPathLike, missesIteration } from "./path-shape.js";
import type { PathAssignment } from "./paths.js";
import { scopeOf } from "./scope.js";

/** Everything the param writers share for one plan. */
export interface ParamContext {
  catalog: Catalog;
  compiled: CompiledRules;
  facts: Facts;
  collector: Collector;
  entries: readonly Entry[];
  byNode: ReadonlyMap<PlanNode, Entry>;
}

const join = (dir: string, rest: string) => `${dir.replace(/\/+$/, "")}/${rest}`;

/** Model, tokenizer, chat template, LoRA switch and variant settings of a stage. */
export function writeModelParams(pc: ParamContext, entry: Entry) {
  const { node } = entry;
  const { keys } = node.rule;
  const { facts, catalog, collector } = pc;
  if (node.variant && !facts.intent.configName) {
    for (const [key, value] of Object.entries(node.variant.params)) {
      writeParam(catalog, entry, key, value, collector);
    }
  }
  // A Megatron checkpoint of a model named by its hub id ("our DPO'd nano3") still has that id.
  const hfModel =
    facts.modelFormat !== "megatron" || isHubId(facts.modelName) ? facts.modelName : undefined;
  if (hfModel && keys.model) writeParam(catalog, entry, keys.model, hfModel, collector);
  const weights = Object.values(pc.compiled.rules.userData.modelArtifacts);
  const loads = node.inputs.some(
    (i) => weights.includes(i.port) && !(i.source.kind === "user" && i.source.waived),
  );
  const tokenizes = !node.rule.tokenizerFromCheckpoint || loads;
  if (hfModel && tokenizes) {
    for (const key of keys.tokenizer) writeParam(catalog, entry, key, hfModel, collector);
  }
  const askTokenizer = !node.rule.tokenizerFromCheckpoint && keys.tokenizer.length > 0;
  if (!hfModel && facts.modelFormat === "megatron" && askTokenizer) {
    collector.ask("model.tokenizer", entry.stage.id, { step: node.step.id });
  }
  const template = facts.family?.chatTemplate;
  if (template && keys.chatTemplate)
    writeParam(catalog, entry, keys.chatTemplate, template, collector);
  if (keys.lora && facts.lora !== undefined) {
    writeParam(catalog, entry, keys.lora.key, facts.lora ? keys.lora.on : keys.lora.off, collector);
  }
  if (facts.family?.dense && keys.ep) {
    const ep = asNumber(effectiveValue(catalog, entry.stage, keys.ep));
    if (ep !== undefined && ep > 1) writeParam(catalog, entry, keys.ep, 1, collector);
  }
}

/** Input paths (user files verbatim, upstream outputs, the base model) and output dirs. */
export function writeIoParams(pc: ParamContext, entry: Entry, paths: PathAssignment) {
  const { node } = entry;
  for (const input of node.inputs) {
    const value = inputValue(pc, entry, input, paths);
    const key = node.rule.inputs[input.port];
    if (value !== undefined && key) writeParam(pc.catalog, entry, key, value, pc.collector);
  }
  const keys = new Set(node.outputs.flatMap((o) => node.rule.outputs[o.type]?.key ?? []));
  if (keys.size === 0) return;
  const location = outputLocation(pc, entry, paths);
  if (location !== undefined) {
    for (const key of keys) writeParam(pc.catalog, entry, key, location, pc.collector);
  } else if (outputAsked(pc, entry) && !namedConfigSuppliesOutputs(pc, entry)) {
    // A one-stage plan writes exactly where the user says; a pipeline nests stages under it.
    const type = node.outputs.map((o) => o.type).join(" + ");
    const template = pc.entries.length === 1 ? "outputDir.one" : "outputDir";
    pc.collector.ask("outputDir", undefined, { step: node.step.id, type }, template);
  }
}

/**
 * Where a stage writes: the path the request names for it, else the request's
 * output directory (as given for a one-stage plan, one subdirectory per stage
 * otherwise).
 */
function outputLocation(pc: ParamContext, entry: Entry, paths: PathAssignment) {
  const named = paths.outputs.get(entry.node);
  if (named !== undefined) return named;
  const outputDir = pc.facts.intent.outputDir;
  if (!outputDir) return undefined;
  return pc.entries.length === 1 ? outputDir : join(outputDir, entry.stage.id);
}

/** A deliverable output, or the product of a one-step answer, needs a location from the user. */
/**
 * A shipped config the user named ("-c tiny") is taken as it is: the paths it sets
 * (bundled sample data, a scratch output dir) stand unless the user gives others.
 * The default config is only a starting point, so its paths are not the user's choice.
 */
function namedConfigSuppliesKey(pc: ParamContext, entry: Entry, key: string): boolean {
  const { configName: named, configNamed } = pc.facts.intent;
  if (!named || !configNamed || named === "default" || entry.stage.baseConfig !== named) {
    return false;
  }
  const value = effectiveValue(pc.catalog, entry.stage, key);
  // `${oc.env:VAR,./output/x}` falls back to its default when VAR is unset.
  const envDefault = typeof value === "string" && /^\$\{oc\.env:\w+,[^}$]+\}$/u.test(value);
  return envDefault || asConcrete(value) !== undefined;
}

/** Whether every output location of the stage comes from the shipped config the user named. */
export function namedConfigSuppliesOutputs(pc: ParamContext, entry: Entry): boolean {
  const { node } = entry;
  const keys = node.outputs.flatMap((o) => node.rule.outputs[o.type]?.key ?? []);
  return keys.length > 0 && keys.every((key) => namedConfigSuppliesKey(pc, entry, key));
}

function namedConfigSupplies(pc: ParamContext, entry: Entry, port: string): boolean {
  const key = entry.node.rule.inputs[port];
  return key !== undefined && namedConfigSuppliesKey(pc, entry, key);
}

function outputAsked(pc: ParamContext, entry: Entry): boolean {
  const { rule } = entry.node;
  if (rule.needsOutputDir) return true;
  const oneStage = pc.facts.intent.route === "single_step" || pc.entries.length === 1;
  return oneStage && !rule.outputOptional;
}

function inputValue(
  pc: ParamContext,
  entry: Entry,
  input: NodeInput,
  paths: PathAssignment,
): string | undefined {
  const { source } = input;
  if (source.kind === "stage") return upstreamPath(pc, entry, source.node, source.type, input.port);
  if (source.waived) return undefined;
  if (source.origin === "model") {
    const model = pc.facts.modelName;
    if (model && isPathLike(model)) checkIteration(pc, entry, input.port, model);
    return model;
  }
  const path = paths.inputs.get(input);
  if (path === undefined && input.required && !namedConfigSupplies(pc, entry, input.port))
    askForInput(pc, entry, input);
  if (path !== undefined) checkIteration(pc, entry, input.port, path);
  return path;
}

/** A run folder given where one saved iteration is loaded: say so and ask which iteration. */
function checkIteration(pc: ParamContext, entry: Entry, port: string, path: string) {
  const hints = pc.compiled.rules.paths;
  if (!missesIteration(path, port, hints)) return;
  const step = entry.node.step.id;
  const stage = entry.stage.id;
  const label = hints.iterationLabel;
  pc.collector.warn(
    "checkpoint_iteration",
    `${path} looks like a training run directory; ${step} loads one saved ${label} checkpoint directory, not the folder that holds them.`,
    `Point it at the ${label} directory to use, e.g. ${join(path, label)} (usually the last or best one).`,
    stage,
  );
  pc.collector.ask(`checkpoint.iteration.${port}`, stage, { path, step, label }, "iteration");
}

function askForInput(pc: ParamContext, entry: Entry, input: NodeInput) {
  const { node, stage } = entry;
  const fill = { step: node.step.id, type: input.port };
  const { warmStart } = pc.compiled.rules;
  if (pc.compiled.dataTypes.has(input.port)) {
    pc.collector.ask("data.path", stage.id, fill);
  } else if (warmStart.steps.includes(node.step.id) && input.port === warmStart.type) {
    pc.collector.ask("checkpoint.warm_start", stage.id, fill, "warmStart");
  } else if (node.rule.accept[input.port]?.includes("reward")) {
    pc.collector.ask("checkpoint.reward_model", stage.id, fill, "reward");
  } else {
    pc.collector.ask(`checkpoint.${input.port}`, stage.id, fill, "checkpoint");
  }
}

/** Where a consumer reads an upstream output: its output dir plus the layout inside it. */
function upstreamPath(
  pc: ParamContext,
  consumer: Entry,
  upstream: PlanNode,
  type: string,
  port: string,
): string | undefined {
  const producer = pc.byNode.get(upstream);
  const output = upstream.rule.outputs[type];
  if (!producer || !output || !consumer.node.rule.inputs[port]) return undefined;
  const base = asConcrete(effectiveValue(pc.catalog, producer.stage, output.key));
  if (!base) {
    // The consumer needs the producer's real location, which only the user can give.
    pc.collector.ask("outputDir", undefined);
    return undefined;
  }
  const read = output.read ? resolveRead(pc, producer, output.read) : undefined;
  return read ? join(base, read) : base;
}

/** Fill `{iter}` (final iteration, Megatron's 7-digit form) and `{cfg:key}` from the producer. */
function resolveRead(pc: ParamContext, producer: Entry, template: string): string | undefined {
  let unresolved = false;
  const text = template.replace(/\{(iter|cfg:[\w.]+)\}/g, (_whole, token: string) => {
    if (token === "iter") {
      const key = producer.node.rule.keys.finalIter;
      const iter = key ? asNumber(effectiveValue(pc.catalog, producer.stage, key)) : undefined;
      if (iter === undefined) unresolved = true;
      return String(iter ?? "").padStart(7, "0");
    }
    const value = effectiveValue(pc.catalog, producer.stage, token.slice("cfg:".length));
    const concrete =
      asConcrete(value) ?? (asNumber(value) === undefined ? undefined : String(value));
    if (concrete === undefined) unresolved = true;
    return concrete ?? "";
  });
  return unresolved ? undefined : text;
}

/** Translation, evaluation and service-auth settings. */
export function writeServiceParams(pc: ParamContext, entry: Entry) {
  const { node } = entry;
  const { keys } = node.rule;
  const { intent } = pc.facts;
  const t = intent.translation;
  const set = (key: string | undefined, value: ParamValue | undefined) => {
    if (key && value !== undefined)
      writeParam(pc.catalog, entry, key, value, pc.collector, "optional");
  };
  const locale = node.rule.languageFormat === "locale";
  const language = (code: string | undefined) =>
    code && locale ? toLocale(pc, entry, code) : code || undefined;
  set(keys.sourceLanguage, language(t.source));
  set(keys.targetLanguage, language(t.target));
  set(keys.translationBackend, t.backend);
  set(t.backend === "nmt" ? keys.nmtUrl : keys.serverUrl, t.serverUrl);
  set(keys.serverModel, t.serverModel);
  set(keys.faith, t.faith);
  set(keys.textField, t.textField);
  const deploysCheckpoint = node.inputs.some(
    (i) => i.source.kind === "stage" || i.source.origin === "model",
  );
  if (!deploysCheckpoint) {
    set(keys.endpointUrl, intent.eval.endpointUrl);
    set(keys.endpointModel, pc.facts.endpointModel);
    set(keys.endpointType, intent.eval.endpointType);
  }
  if (intent.eval.tasks.length > 0)
    set(
      keys.tasks,
      intent.eval.tasks.map((name) => ({ name })),
    );
  const authVar = intent.authVars[0];
  const scope = { facts: pc.facts, produced: new Set<string>(), stage: scopeOf(entry, pc.entries) };
  if (authVar && keys.authVar && node.rule.authWhen && matches(node.rule.authWhen, scope)) {
    set(keys.authVar, authVar);
  }
}

function toLocale(pc: ParamContext, entry: Entry, code: string): string | undefined {
  if (/[-_]/.test(code)) return code;
  const locale = pc.compiled.rules.locales[code.toLowerCase()];
  if (!locale) {
    pc.collector.ask("translation.targetLocale", entry.stage.id, { step: entry.node.step.id });
  }
  return locale;
}
