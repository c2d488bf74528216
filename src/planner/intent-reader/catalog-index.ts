import type { Catalog, StepManifest, TomlValue } from "../../catalog/index.js";
import type { Goal, Intent } from "../intent.js";
import { type Cue, compileCue, escapeRegExp } from "./matcher.js";
import type { IntentRules } from "./rules.js";
import type { StepSelector } from "./rules-schema.js";

export type Backend = NonNullable<Intent["backend"]>;

/** Lookups derived from one catalog under one rule set, built once and cached. */
export interface CatalogIndex {
  /** Matches literal step ids (and underscore step names that only one step has). */
  stepIds: RegExp | undefined;
  stepByText: ReadonlyMap<string, string>;
  /** Matches catalog `[[models]]` names, with or without the org prefix. */
  models: RegExp | undefined;
  modelByText: ReadonlyMap<string, string>;
  /** Alias label → the catalog model name it resolves to (undefined: not in this catalog). */
  aliasTarget: ReadonlyMap<string, string | undefined>;
  configNames: ReadonlySet<string>;
  /** Shipped configs named by two or more words ("customer support tools"), with their steps. */
  configWords: readonly ConfigWords[];
  goalSteps: ReadonlyMap<Goal, readonly StepManifest[]>;
  stepGoal: ReadonlyMap<string, Goal>;
  backendSteps: ReadonlyMap<Backend, ReadonlySet<string>>;
  evalTasks: readonly { id: string; cue: Cue }[];
  /** True for artifact types in the JSONL family of this catalog's type graph. */
  isJsonl(type: string): boolean;
}

export interface ConfigWords {
  name: string;
  steps: ReadonlySet<string>;
  /** One whole-word-prefix regex per word of the name (plural "s" dropped). */
  words: readonly RegExp[];
}

/** Config names of at least two real words; "tiny" or "rl_pref" are not phrases a user writes. */
function configWordIndex(steps: readonly StepManifest[]): ConfigWords[] {
  const byName = new Map<string, Set<string>>();
  for (const step of steps) {
    for (const name of step.configs) byName.set(name, (byName.get(name) ?? new Set()).add(step.id));
  }
  const found: ConfigWords[] = [];
  for (const [name, ids] of byName) {
    const parts = name.toLowerCase().split(/[_-]+/u);
    if (parts.length < 2 || parts.some((p) => p.length < 3 || !/^[a-z]+$/u.test(p))) continue;
    const words = parts.map((p) => new RegExp(`\\b${escapeRegExp(p.replace(/s$/u, ""))}`, "iu"));
    found.push({ name, steps: ids, words });
  }
  return found;
}

const cache = new WeakMap<Catalog, WeakMap<IntentRules, CatalogIndex>>();

export function catalogIndex(catalog: Catalog, rules: IntentRules): CatalogIndex {
  let byRules = cache.get(catalog);
  if (!byRules) {
    byRules = new WeakMap();
    cache.set(catalog, byRules);
  }
  const found = byRules.get(rules);
  if (found) return found;
  const built = buildIndex(catalog, rules);
  byRules.set(rules, built);
  return built;
}

/** A goal's steps: category listed (if any), one of the tags (if any), none of the excluded tags. */
export function goalStepMatches(step: StepManifest, sel: StepSelector): boolean {
  if (sel.categories.length > 0 && !sel.categories.includes(step.category)) return false;
  if (sel.tags.length > 0 && !sel.tags.some((t) => step.tags.includes(t))) return false;
  return !sel.excludeTags.some((t) => step.tags.includes(t));
}

/** A backend's steps: any id fragment, tag or produced type listed. */
function backendStepMatches(step: StepManifest, sel: StepSelector): boolean {
  return (
    sel.idContains.some((part) => step.id.includes(part)) ||
    sel.tags.some((t) => step.tags.includes(t)) ||
    sel.produces.some((t) => step.produces.some((p) => p.type === t))
  );
}

function alternation(texts: readonly string[], before: string, after: string): RegExp | undefined {
  if (texts.length === 0) return undefined;
  const body = [...texts]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|");
  return new RegExp(`${before}(?:${body})${after}`, "giu");
}

function stepIdIndex(steps: readonly StepManifest[]): Map<string, string> {
  const byText = new Map<string, string>();
  const lastSegments = new Map<string, string[]>();
  for (const step of steps) {
    byText.set(step.id.toLowerCase(), step.id);
    const last = step.id.split("/").pop() ?? step.id;
    lastSegments.set(last, [...(lastSegments.get(last) ?? []), step.id]);
  }
  // `sft_packing` names one step unambiguously; `automodel` does not.
  for (const [segment, ids] of lastSegments) {
    const only = ids[0];
    if (ids.length === 1 && only && segment.includes("_")) byText.set(segment.toLowerCase(), only);
  }
  return byText;
}

function modelIndex(steps: readonly StepManifest[]): Map<string, string> {
  const byText = new Map<string, string>();
  for (const step of steps) {
    for (const model of step.models) {
      byText.set(model.name.toLowerCase(), model.name);
      const base = model.name.split("/").pop();
      if (base && !byText.has(base.toLowerCase())) byText.set(base.toLowerCase(), model.name);
    }
  }
  return byText;
}

function taskNames(value: TomlValue | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (typeof entry === "string") return [entry];
    if (typeof entry === "object" && !Array.isArray(entry) && typeof entry.name === "string") {
      return [entry.name];
    }
    return [];
  });
}

function buildIndex(catalog: Catalog, rules: IntentRules): CatalogIndex {
  const steps = catalog.steps;
  const stepByText = stepIdIndex(steps);
  const modelByText = modelIndex(steps);
  const modelNames = [...new Set(modelByText.values())];
  const aliasTarget = new Map(
    rules.models.aliases.map((a) => {
      const needle = a.catalogMatch.toLowerCase();
      return [a.alias, modelNames.find((name) => name.toLowerCase().includes(needle))] as const;
    }),
  );
  const goalSteps = new Map(
    rules.goals.map((g) => [g.id, steps.filter((s) => goalStepMatches(s, g.steps))]),
  );
  const stepGoal = new Map<string, Goal>();
  for (const step of steps) {
    const goal = rules.goals.find((g) => goalStepMatches(step, g.steps));
    if (goal) stepGoal.set(step.id, goal.id);
  }
  const backendSteps = new Map(
    rules.backends.map((b) => [
      b.id,
      new Set(steps.filter((s) => backendStepMatches(s, b.steps)).map((s) => s.id)),
    ]),
  );
  const knownTasks = new Set(rules.eval.taskCues.map((t) => t.id));
  const catalogTasks = steps
    .flatMap((s) => s.parameters.filter((p) => rules.eval.catalogTaskParams.has(p.name)))
    .flatMap((p) => taskNames(p.default))
    .filter((id) => !knownTasks.has(id));
  const evalTasks = [
    ...rules.eval.taskCues,
    ...[...new Set(catalogTasks)].map((id) => ({
      id,
      cue: compileCue(
        { words: [id], verbs: [], patterns: [], caseSensitive: false },
        `catalog task ${id}`,
        new Map(),
      ),
    })),
  ];
  const root = rules.raw.data.jsonlFamilyRoot;
  return {
    stepIds: alternation([...stepByText.keys()], "(?<![\\w/])", "(?![\\w/])"),
    stepByText,
    models: alternation([...modelByText.keys()], "(?<![\\w./-])", "(?![\\w/-]|\\.\\w)"),
    modelByText,
    aliasTarget,
    configNames: new Set(steps.flatMap((s) => s.configs)),
    configWords: configWordIndex(steps),
    goalSteps,
    stepGoal,
    backendSteps,
    evalTasks,
    isJsonl: (type) => catalog.artifacts.has(root) && catalog.artifacts.isCompatible(type, root),
  };
}
