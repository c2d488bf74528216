import { existsSync } from "node:fs";
import path from "node:path";
import type { Document } from "yaml";
import { ArtifactGraph } from "./artifacts.js";
import type { ConfigStore } from "./config-cache.js";
import { type ConfigValues, documentValues, plainContents, plainValues } from "./config-values.js";
import { CatalogError, locate } from "./errors.js";
import { escapeRegExp, parseTomlText, parseYamlText, validateWith } from "./parse.js";
import { findManifests, listConfigs, STEPS_DIR, toPosix } from "./paths.js";
import { readContextPacks, readPatterns } from "./patterns.js";
import { readRegularFile } from "./read-file.js";
import {
  type ArtifactType,
  type ContextPack,
  type Pattern,
  type StepManifest,
  StepTomlSchema,
  TypesTomlEntrySchema,
} from "./schema.js";

export interface CatalogOptions {
  /** Pattern ids known ahead (from the validated cache); else read with the patterns. */
  patternIds?: readonly string[] | undefined;
  /** Entries of the steps tree that look like steps but could not be read, with why. */
  unreadable?: readonly string[];
  /** Where the plain data of shipped configs is kept between processes. */
  configStore?: ConfigStore | undefined;
}

/** A read-only, validated model of one checkout's step catalog. */
export class Catalog {
  private readonly byId: ReadonlyMap<string, StepManifest>;
  private readonly configCache = new Map<string, { doc: Document; text: string }>();
  private readonly valuesCache = new Map<string, ConfigValues>();
  private patternList: readonly Pattern[] | undefined;
  private packList: readonly ContextPack[] | undefined;
  private knownPatternIds: readonly string[] | undefined;
  private readonly configStore: ConfigStore | undefined;
  /** Entries of the steps tree that look like steps but could not be read, with why. */
  readonly unreadable: readonly string[];

  constructor(
    /** Absolute path of the checkout root. */
    readonly root: string,
    readonly steps: readonly StepManifest[],
    readonly artifacts: ArtifactGraph,
    options: CatalogOptions = {},
  ) {
    this.byId = new Map(steps.map((step) => [step.id, step]));
    this.knownPatternIds = options.patternIds;
    this.unreadable = options.unreadable ?? [];
    this.configStore = options.configStore;
  }

  /** Cross-step and category patterns, read on first use. */
  get patterns(): readonly Pattern[] {
    this.patternList ??= readPatterns(this.root);
    return this.patternList;
  }

  /** The ids of `patterns`, without reading the pattern files when they are known ahead. */
  get patternIds(): readonly string[] {
    this.knownPatternIds ??= this.patterns.map((pattern) => pattern.id);
    return this.knownPatternIds;
  }

  /** The context-pack index (empty when the checkout has none), read on first use. */
  get contextPacks(): readonly ContextPack[] {
    this.packList ??= readContextPacks(this.root);
    return this.packList;
  }

  step(id: string): StepManifest | undefined {
    return this.byId.get(id);
  }

  /** Absolute path of a shipped config file of a step. */
  configPath(stepId: string, name: string): string {
    const step = this.requireStep(stepId);
    return path.join(this.root, step.path, "config", `${name}.yaml`);
  }

  /** The parsed shipped config (comments kept), read and parsed once, on first use. */
  config(stepId: string, name: string): Document {
    return this.shippedConfig(stepId, name).doc;
  }

  /**
   * Keys and values of a shipped config, for planning: from the config store
   * when it holds this file as it is now, else from the parsed document
   * (which is then stored when its data is plain).
   */
  configValues(stepId: string, name: string): ConfigValues {
    const key = `${stepId}\u0000${name}`;
    const known = this.valuesCache.get(key);
    if (known) return known;
    const step = this.requireStep(stepId);
    const lookup = step.configs.includes(name)
      ? this.configStore?.lookup(this.configPath(stepId, name))
      : undefined;
    let values: ConfigValues;
    if (lookup && "data" in lookup) values = plainValues(lookup.data);
    else {
      const doc = this.config(stepId, name);
      const data = plainContents(doc);
      if (lookup && data !== undefined) lookup.save(data);
      values = documentValues(doc);
    }
    this.valuesCache.set(key, values);
    return values;
  }

  /** The shipped config's source text, as read for `config()`. */
  configText(stepId: string, name: string): string {
    return this.shippedConfig(stepId, name).text;
  }

  private shippedConfig(stepId: string, name: string): { doc: Document; text: string } {
    const key = `${stepId}\u0000${name}`;
    const cached = this.configCache.get(key);
    if (cached) return cached;
    const step = this.requireStep(stepId);
    if (!step.configs.includes(name)) {
      throw new CatalogError(`${step.path}/config`, `step ${stepId} ships no config named ${name}`);
    }
    const file = this.configPath(stepId, name);
    const shown = toPosix(path.relative(this.root, file));
    const text = readRegularFile(file, shown);
    const entry = { doc: parseYamlText(text, shown), text };
    this.configCache.set(key, entry);
    return entry;
  }

  private requireStep(id: string): StepManifest {
    const step = this.byId.get(id);
    if (!step) throw new CatalogError(STEPS_DIR, `unknown step ${id}`);
    return step;
  }
}

/**
 * Read and validate every manifest and the artifact graph. Patterns, context
 * packs and shipped configs are read lazily, on first use, and validated then.
 */
export function loadCatalog(root: string, configStore?: ConfigStore): Catalog {
  const absRoot = path.resolve(root);
  const stepsDir = path.join(absRoot, STEPS_DIR);
  if (!existsSync(stepsDir)) {
    throw new CatalogError(absRoot, `not a Nemotron checkout: ${STEPS_DIR}/ is missing`);
  }
  const artifacts = readArtifactGraph(absRoot);
  const found = findManifests(stepsDir);
  const steps = found.manifests
    .map((file) => readManifest(absRoot, file, artifacts))
    .sort((a, b) => a.id.localeCompare(b.id));
  const seen = new Map<string, string>();
  for (const step of steps) {
    const other = seen.get(step.id);
    if (other)
      throw new CatalogError(
        `${step.path}/step.toml`,
        `step id ${step.id} is also used by ${other}`,
      );
    seen.set(step.id, `${step.path}/step.toml`);
  }
  const unreadable = found.skipped.map(
    (entry) => `${toPosix(path.relative(absRoot, entry.path))}: ${entry.reason}`,
  );
  return new Catalog(absRoot, steps, artifacts, { unreadable, configStore });
}

function readArtifactGraph(root: string): ArtifactGraph {
  const rel = `${STEPS_DIR}/types.toml`;
  const file = path.join(root, rel);
  if (!existsSync(file)) throw new CatalogError(rel, "artifact types file is missing");
  const text = readRegularFile(file, rel);
  const data = parseTomlText(text, rel);
  const types = new Map<string, ArtifactType>();
  for (const [name, raw] of Object.entries(data)) {
    const entry = validateWith(TypesTomlEntrySchema, raw, rel, text);
    types.set(name, {
      name,
      description: entry.description,
      isA: entry.is_a,
      convertTo: entry.convert_to,
    });
  }
  for (const type of types.values()) {
    for (const target of [...type.isA, ...Object.keys(type.convertTo)]) {
      if (!types.has(target)) {
        const name = escapeRegExp(target);
        const at = locate(text, new RegExp(`"${name}"|\\b${name}\\s*=`));
        throw new CatalogError(
          rel,
          `type ${type.name} refers to unknown type ${target}`,
          at?.line,
          at?.column,
        );
      }
    }
  }
  return new ArtifactGraph(types);
}

function readManifest(root: string, file: string, artifacts: ArtifactGraph): StepManifest {
  const rel = toPosix(path.relative(root, file));
  const text = readRegularFile(file, rel);
  const parsed = validateWith(StepTomlSchema, parseTomlText(text, rel), rel, text);
  const stepDir = path.dirname(file);
  const expectedId = toPosix(path.relative(path.join(root, STEPS_DIR), stepDir));
  if (parsed.step.id !== expectedId) {
    const at = locate(text, /^id\s*=/m);
    throw new CatalogError(
      rel,
      `step id "${parsed.step.id}" does not match its folder ${expectedId}`,
      at?.line,
      at?.column,
    );
  }
  for (const port of [...parsed.consumes, ...parsed.produces]) {
    if (!artifacts.has(port.type)) {
      const at = locate(text, new RegExp(`type\\s*=\\s*"${escapeRegExp(port.type)}"`));
      throw new CatalogError(
        rel,
        `unknown artifact type "${port.type}" (not in types.toml)`,
        at?.line,
        at?.column,
      );
    }
  }
  return {
    id: parsed.step.id,
    name: parsed.step.name,
    category: parsed.step.category,
    description: parsed.step.description.trim(),
    tags: parsed.step.tags,
    path: toPosix(path.relative(root, stepDir)),
    consumes: parsed.consumes,
    produces: parsed.produces,
    models: parsed.models,
    parameters: parsed.parameters,
    strategies: parsed.strategies,
    errors: parsed.errors,
    reference: parsed.reference,
    configs: listConfigs(stepDir),
  };
}
