import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { checkYamlData, packageRoot, readYamlData, type YamlData } from "../../catalog/index.js";
import { rulesFile } from "../rules-cache.js";
import { compileEntityRules } from "./compile/entities.js";
import { compileGoalRules } from "./compile/goals.js";
import { compileRouteRules } from "./compile/route.js";
import { rulesCompiler } from "./compile/tools.js";
import { compileValueRules } from "./compile/values.js";
import { IntentRulesError, type Placeholders, phraseSource, phrasesSource } from "./matcher.js";
import { COUNT_SOURCE } from "./numbers.js";
import { intentRulesSchema, type RawIntentRules } from "./rules-schema.js";

export { normalizeKey } from "./compile/tools.js";

/** Where the bundled rules live, relative to the package root. */
export const INTENT_RULES_FILE = "references/routing/intent.yaml";

const cache = new Map<string, IntentRules>();
const intentRulesFile = rulesFile(INTENT_RULES_FILE, intentRulesSchema, readValidatedRules);

/**
 * Read, validate and compile the routing rules (main file plus its `include`s).
 * Compiled rules are cached per absolute path; every regex is built here once.
 */
export function loadIntentRules(file?: string): IntentRules {
  const abs = path.resolve(file ?? path.join(packageRoot(), INTENT_RULES_FILE));
  const cached = cache.get(abs);
  if (cached) return cached;
  const rules = compileRules(intentRulesFile.load(abs), abs);
  cache.set(abs, rules);
  return rules;
}

const fail = (message: string) => new IntentRulesError(message);

function readValidatedRules(abs: string): RawIntentRules {
  return checkYamlData(intentRulesSchema(), readRulesDocument(abs), fail);
}

function readYamlObject(file: string): { yaml: YamlData; keys: Record<string, unknown> } {
  if (!existsSync(file)) throw new IntentRulesError(`${file}: rules file not found`);
  const yaml = readYamlData(readFileSync(file, "utf8"), file, fail);
  const value = yaml.data;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new IntentRulesError(`${file}: expected a mapping at the top level`);
  }
  return { yaml, keys: Object.fromEntries(Object.entries(value)) };
}

/**
 * The main document with the top-level keys of each included file merged in;
 * an entry is located in the file that defines its top-level key.
 */
function readRulesDocument(file: string): YamlData {
  const main = readYamlObject(file);
  const merged = main.keys;
  const owners = new Map<string, YamlData>();
  const include = merged.include;
  if (include !== undefined) {
    if (!Array.isArray(include)) throw new IntentRulesError(`${file}: include must be a list`);
    for (const name of include) {
      if (typeof name !== "string")
        throw new IntentRulesError(`${file}: include entries are file names`);
      const part = path.resolve(path.dirname(file), name);
      const read = readYamlObject(part);
      for (const [key, value] of Object.entries(read.keys)) {
        if (key in merged) throw new IntentRulesError(`${part}: key ${key} is already defined`);
        merged[key] = value;
        owners.set(key, read.yaml);
      }
    }
  }
  return {
    data: merged,
    locate: (at) => (owners.get(String(at[0])) ?? main.yaml).locate(at),
  };
}

/** The named fragments (`{NUM}`, `{GPU}` ...) rule patterns may use, built from the rules themselves. */
export function placeholdersFor(raw: RawIntentRules): Placeholders {
  const hw = raw.hardware;
  const numberPhrases = Object.keys(hw.numberWords);
  const gpuWords = hw.gpus.flatMap((g) => g.words);
  return new Map([
    ["INT", `\\d+|${phrasesSource(numberPhrases)}`],
    ["NUM", `\\d+|${phrasesSource([...numberPhrases, ...Object.keys(hw.articles)])}`],
    ["GPU", phrasesSource(gpuWords)],
    ["LANG", phrasesSource(raw.languages.flatMap((l) => l.names))],
    ["LANGCODE", raw.languages.map((l) => phraseSource(l.code)).join("|")],
    // A count in digits or words ("two thousand"); readers turn it into digits with parseCount.
    ["COUNT", COUNT_SOURCE],
  ]);
}

/** Turn validated rules into matchers; the result is what `readIntent` consumes. */
export function compileRules(raw: RawIntentRules, source: string) {
  const compiler = rulesCompiler(placeholdersFor(raw));
  return {
    source,
    raw,
    ...compileRouteRules(raw, compiler),
    ...compileGoalRules(raw, compiler),
    ...compileEntityRules(raw, compiler),
    ...compileValueRules(raw, compiler),
  };
}

export type IntentRules = ReturnType<typeof compileRules>;
