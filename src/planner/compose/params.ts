import type { Catalog } from "../../catalog/index.js";
import type { ParamValue } from "../plan.js";
import type { CompiledRules } from "./compiled.js";
import { matches } from "./conditions.js";
import { asConcrete, asNumber, effectiveValue } from "./config-values.js";
import type { NodeInput, PlanNode } from "./dag.js";
import { type Collector, type Entry, writeParam } from "./entry.js";
import type { Facts } from "./facts.js";
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

/**
 * Give each user-data input the next path in stage order, required inputs
 * before optional ones; optional inputs left without a path are unwired.
 * Paths no stage reads are reported.
 */
export function assignPaths(
  ordered: readonly PlanNode[],
  facts: Facts,
  compiled: CompiledRules,
  collector: Collector,
): Map<NodeInput, string> {
  const paths = [...facts.intent.data.paths];
  const assigned = new Map<NodeInput, string>();
  const fed = (input: NodeInput) =>
    input.source.kind === "user" &&
    input.source.origin === "data" &&
    !input.source.waived &&
    compiled.dataTypes.has(input.port);
  for (const required of [true, false]) {
    for (const node of ordered) {
      for (const input of node.inputs) {
        if (input.required !== required || !fed(input)) continue;
        const next = paths.shift();
        if (next !== undefined) assigned.set(input, next);
      }
    }
  }
  for (const node of ordered) {
    node.inputs = node.inputs.filter((i) => i.required || !fed(i) || assigned.has(i));
  }
  for (const unused of paths) {
    collector.warn(
      "unused_input",
      `no planned stage reads ${unused}.`,
      "Say which stage should read it, or drop it from the request.",
    );
  }
  return assigned;
}

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
  const hfModel = facts.modelFormat === "megatron" ? undefined : facts.modelName;
  if (hfModel && keys.model) writeParam(catalog, entry, keys.model, hfModel, collector);
  if (hfModel) {
    for (const key of keys.tokenizer) writeParam(catalog, entry, key, hfModel, collector);
  }
  if (facts.modelFormat === "megatron" && keys.tokenizer.length > 0) {
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
export function writeIoParams(pc: ParamContext, entry: Entry, paths: Map<NodeInput, string>) {
  const { node, stage } = entry;
  for (const input of node.inputs) {
    const value = inputValue(pc, entry, input, paths);
    const key = node.rule.inputs[input.port];
    if (value !== undefined && key) writeParam(pc.catalog, entry, key, value, pc.collector);
  }
  const outputDir = pc.facts.intent.outputDir;
  if (outputDir) {
    const keys = new Set(node.outputs.flatMap((o) => node.rule.outputs[o.type]?.key ?? []));
    for (const key of keys)
      writeParam(pc.catalog, entry, key, join(outputDir, stage.id), pc.collector);
  } else if (node.rule.needsOutputDir) {
    pc.collector.ask("outputDir", undefined);
  }
}

function inputValue(
  pc: ParamContext,
  entry: Entry,
  input: NodeInput,
  paths: Map<NodeInput, string>,
): string | undefined {
  const { source } = input;
  if (source.kind === "stage") return upstreamPath(pc, entry, source.node, source.type, input.port);
  if (source.waived) return undefined;
  if (source.origin === "model") return pc.facts.modelName;
  const path = source.origin === "data" ? paths.get(input) : undefined;
  if (path === undefined && input.required) askForInput(pc, entry, input);
  return path;
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
    set(keys.endpointModel, intent.eval.modelId);
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
