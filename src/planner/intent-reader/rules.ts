import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot, parseYamlText } from "../../catalog/index.js";
import { rulesFile } from "../rules-cache.js";
import {
  compileCue,
  compilePattern,
  compilePlain,
  IntentRulesError,
  type Placeholders,
  phraseSource,
  phrasesSource,
} from "./matcher.js";
import { COUNT_SOURCE } from "./numbers.js";
import { type CueSpec, type RawIntentRules, RawIntentRulesSchema } from "./rules-schema.js";

/** Where the bundled rules live, relative to the package root. */
export const INTENT_RULES_FILE = "references/routing/intent.yaml";

const cache = new Map<string, IntentRules>();
const intentRulesFile = rulesFile(INTENT_RULES_FILE, RawIntentRulesSchema, readValidatedRules);

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

function readValidatedRules(abs: string): RawIntentRules {
  const parsed = RawIntentRulesSchema.safeParse(readRulesDocument(abs));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "(document)";
    throw new IntentRulesError(`${abs}: ${where}: ${issue?.message ?? "invalid rules"}`);
  }
  return parsed.data;
}

function readYamlObject(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new IntentRulesError(`${file}: rules file not found`);
  const value: unknown = parseYamlText(readFileSync(file, "utf8"), file).toJS();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new IntentRulesError(`${file}: expected a mapping at the top level`);
  }
  return Object.fromEntries(Object.entries(value));
}

/** The main document with the top-level keys of each included file merged in. */
function readRulesDocument(file: string): Record<string, unknown> {
  const main = readYamlObject(file);
  const include = main.include;
  if (include === undefined) return main;
  if (!Array.isArray(include)) throw new IntentRulesError(`${file}: include must be a list`);
  for (const name of include) {
    if (typeof name !== "string")
      throw new IntentRulesError(`${file}: include entries are file names`);
    const part = path.resolve(path.dirname(file), name);
    for (const [key, value] of Object.entries(readYamlObject(part))) {
      if (key in main) throw new IntentRulesError(`${part}: key ${key} is already defined`);
      main[key] = value;
    }
  }
  return main;
}

/** Phrases as lists of lower-case words, longest first (so "per node" wins over "per"). */
function phraseList(phrases: readonly string[]): string[][] {
  return phrases
    .map((p) => p.toLowerCase().split(/\s+/u).filter(Boolean))
    .sort((a, b) => b.length - a.length);
}

/** Lower-case, separators removed: how table lookups compare matched text. */
export function normalizeKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, "");
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
  const ph = placeholdersFor(raw);
  const cue = (spec: CueSpec, where: string) => compileCue(spec, where, ph);
  const re = (p: string, where: string, caseSensitive = false) =>
    compilePattern(p, where, ph, caseSensitive);
  const res = (list: readonly string[], where: string) =>
    list.map((p, i) => re(p, `${where}[${i}]`));
  const words = (list: readonly string[], where: string) =>
    cue({ words: [...list], verbs: [], patterns: [], caseSensitive: false }, where);
  const labelled = <T>(
    list: readonly { id: T; cues: CueSpec; extensions: string[] }[],
    where: string,
  ) =>
    list.map((o, i) => ({
      id: o.id,
      cue: cue(o.cues, `${where}[${i}].cues`),
      extensions: o.extensions,
    }));
  const r = raw.route;
  const hw = raw.hardware;
  const lit = raw.literals;
  return {
    source,
    raw,
    route: {
      explorer: cue(r.explorer, "route.explorer"),
      outOfScopeStrong: cue(r.outOfScopeStrong, "route.outOfScopeStrong"),
      outOfScopeWeak: cue(r.outOfScopeWeak, "route.outOfScopeWeak"),
      genericAdvice: cue(r.genericAdvice, "route.genericAdvice"),
      recommendation: cue(r.recommendation, "route.recommendation"),
      feasibility: cue(r.feasibility, "route.feasibility"),
      pipeline: cue(r.pipeline, "route.pipeline"),
      domain: cue(r.domain, "route.domain"),
    },
    gaps: r.gaps.map((g, i) => ({ gap: g.gap, cue: cue(g.cues, `route.gaps[${i}].cues`) })),
    fallbacks: raw.goalRules.fallbacks.map((f, i) => ({
      goal: f.goal,
      unless: f.unless,
      cue: cue(f.cues, `goalRules.fallbacks[${i}].cues`),
    })),
    goals: raw.goals.map((g, i) => ({
      id: g.id,
      cue: cue(g.cues, `goals[${i}].cues`),
      parts: g.parts ? cue(g.parts, `goals[${i}].parts`) : undefined,
      served: g.servedCues ? cue(g.servedCues, `goals[${i}].servedCues`) : undefined,
      steps: g.steps,
    })),
    // Non-global: a global regex keeps lastIndex between .test() calls.
    negation: compilePlain(raw.goalRules.negation, "goalRules.negation", "iu"),
    deferred: compilePlain(raw.goalRules.deferred, "goalRules.deferred", "iu"),
    partNegation: compilePlain(raw.goalRules.partNegation, "goalRules.partNegation", "iu"),
    deferredBefore: compilePlain(raw.goalRules.deferredBefore, "goalRules.deferredBefore", "iu"),
    clauseBreak: compilePlain(raw.goalRules.clauseBreak, "goalRules.clauseBreak", "iu"),
    describesData: compilePlain(raw.goalRules.describesData, "goalRules.describesData", "iu"),
    completed: {
      after: compilePlain(raw.goalRules.completed.after, "goalRules.completed.after", "iu"),
      before: compilePlain(raw.goalRules.completed.before, "goalRules.completed.before", "iu"),
      participle: compilePlain(
        raw.goalRules.completed.participle,
        "goalRules.completed.participle",
        "iu",
      ),
      noun: compilePlain(raw.goalRules.completed.noun, "goalRules.completed.noun", "iu"),
      owner: compilePlain(raw.goalRules.completed.owner, "goalRules.completed.owner", "iu"),
      artifact: compilePlain(
        raw.goalRules.completed.artifact,
        "goalRules.completed.artifact",
        "iu",
      ),
      subject: compilePlain(raw.goalRules.completed.subject, "goalRules.completed.subject", "iu"),
      wanted: compilePlain(raw.goalRules.completed.wanted, "goalRules.completed.wanted", "iu"),
      lineage: {
        before: compilePlain(
          raw.goalRules.completed.lineage.before,
          "goalRules.completed.lineage.before",
          "iu",
        ),
        after: compilePlain(
          raw.goalRules.completed.lineage.after,
          "goalRules.completed.lineage.after",
          "iu",
        ),
      },
    },
    backends: raw.backends.options.map((b, i) => ({
      id: b.id,
      cue: cue(b.cues, `backends.options[${i}].cues`),
      steps: b.steps,
    })),
    loraOff: cue(raw.lora.off, "lora.off"),
    loraOn: cue(raw.lora.on, "lora.on"),
    quality: cue(raw.quality, "quality"),
    commandOnly: cue(raw.commandOnly, "commandOnly"),
    replace: cue(raw.followUp.replace, "followUp.replace"),
    models: {
      aliases: raw.models.aliases.map((a, i) => ({
        alias: a.alias,
        catalogMatch: a.catalogMatch,
        cue: cue(a.cues, `models.aliases[${i}].cues`),
      })),
      megatronFormat: cue(raw.models.megatronFormat, "models.megatronFormat"),
      hfId: re(raw.models.hfId.pattern, "models.hfId.pattern", true),
      hfNameHint: compilePlain(raw.models.hfId.nameHint, "models.hfId.nameHint", "u"),
      knownOrgs: new Set(raw.models.hfId.knownOrgs.map((o) => o.toLowerCase())),
      unknown: cue(raw.models.unknown, "models.unknown"),
      roleAfter: compilePlain(raw.models.roleAfter, "models.roleAfter", "iu"),
      roleBefore: compilePlain(raw.models.roleBefore, "models.roleBefore", "iu"),
      intoStudent: compilePlain(raw.models.intoStudent, "models.intoStudent", "iu"),
    },
    hardware: {
      maxCount: hw.maxCount,
      nodeCapacity: hw.nodeCapacity,
      numbers: new Map(Object.entries(hw.numberWords).map(([k, v]) => [k.toLowerCase(), v])),
      articles: new Set(Object.keys(hw.articles).map((a) => a.toLowerCase())),
      quantities: new Map(Object.entries(hw.quantities).map(([k, v]) => [k.toLowerCase(), v])),
      nodeWords: new Set(hw.nodeWords.map((w) => w.toLowerCase())),
      gpuWords: new Set(hw.gpuWords.map((w) => w.toLowerCase())),
      perNode: phraseList(hw.perNode),
      spread: phraseList(hw.spread),
      nodeLinks: phraseList(hw.nodeLinks),
      discard: phraseList(hw.discard),
      appliances: new Map(
        hw.appliances.flatMap((a) => a.words.map((w) => [w.toLowerCase(), a.gpusPerNode] as const)),
      ),
      gpuByWord: new Map(hw.gpus.flatMap((g) => g.words.map((w) => [normalizeKey(w), g] as const))),
      gpuModel: hw.gpuModelPattern
        ? compilePlain(`^(?:${hw.gpuModelPattern})$`, "hardware.gpuModelPattern", "u")
        : undefined,
      gpuModelWords: new Set(hw.gpuModelWords.map((w) => w.toLowerCase())),
      interconnects: hw.interconnects.map((c, i) => ({
        name: c.name,
        cue: words(c.words, `hardware.interconnects[${i}]`),
      })),
    },
    executor: {
      kinds: labelled(raw.executor.kinds, "executor.kinds"),
      remote: cue(raw.executor.remote, "executor.remote"),
      offline: cue(raw.executor.offline, "executor.offline"),
      profilePatterns: res(raw.executor.profilePatterns, "executor.profilePatterns"),
      profileStopWords: new Set(raw.executor.profileStopWords.map((w) => w.toLowerCase())),
    },
    languageByName: new Map(
      raw.languages.flatMap((l) => [
        [l.code, l.code] as const,
        ...l.names.map((n) => [normalizeKey(n), l.code] as const),
      ]),
    ),
    languageRoles: {
      dataNouns: new Set(raw.languageRoles.dataNouns.map((w) => w.toLowerCase())),
      gap: raw.languageRoles.gap,
      dataIn: compilePlain(raw.languageRoles.dataIn, "languageRoles.dataIn"),
      base: raw.languageRoles.base,
    },
    languageNames: words(
      raw.languages.flatMap((l) => l.names),
      "languages",
    ),
    literals: {
      overrides: res(lit.overridePatterns, "literals.overridePatterns"),
      trailing: compilePlain(lit.trailingPunctuation, "literals.trailingPunctuation", "u"),
      leading: compilePlain(lit.leadingPunctuation, "literals.leadingPunctuation", "u"),
      pathPrefix: compilePlain(lit.pathPrefix, "literals.pathPrefix", "u"),
      url: re(lit.urlPattern, "literals.urlPattern"),
      authVar: re(lit.authVar, "literals.authVar", true),
    },
    data: {
      outputCues: raw.data.outputCues.map((p, i) => compilePlain(p, `data.outputCues[${i}]`)),
      jsonlFamilyRoot: raw.data.jsonlFamilyRoot,
      inputKeys: new Set(raw.data.inputKeys),
      outputKeys: new Set(raw.data.outputKeys),
      formats: labelled(raw.data.formats, "data.formats"),
      kinds: labelled(raw.data.kinds, "data.kinds"),
      has: raw.data.has.map((h, i) => ({ type: h.type, cue: cue(h.cues, `data.has[${i}].cues`) })),
      unusable: compilePlain(raw.data.unusable, "data.unusable", "iu"),
      lacking: compilePlain(raw.data.lacking, "data.lacking", "iu"),
      mention: cue(raw.data.mention, "data.mention"),
    },
    paths: compilePathRules(raw, re),
    translation: {
      backends: labelled(raw.translation.backends, "translation.backends"),
      faithOff: cue(raw.translation.faithOff, "translation.faithOff"),
      faithOn: cue(raw.translation.faithOn, "translation.faithOn"),
      direction: res(raw.translation.directionPatterns, "translation.directionPatterns"),
    },
    eval: {
      taskCues: raw.eval.tasks.map((t, i) => ({
        id: t.id,
        cue: words(t.words, `eval.tasks[${i}]`),
      })),
      taskLists: res(raw.eval.taskListPatterns, "eval.taskListPatterns"),
      endpointTypes: labelled(raw.eval.endpointTypes, "eval.endpointTypes"),
      servedTarget: cue(raw.eval.servedTarget, "eval.servedTarget"),
      modelIds: res(raw.eval.modelIdPatterns, "eval.modelIdPatterns"),
      catalogTaskParams: new Set(raw.eval.catalogTaskParams),
    },
    settings: {
      configPatterns: res(raw.settings.configPatterns, "settings.configPatterns"),
      namedConfig: re(raw.settings.namedConfigPattern, "settings.namedConfigPattern"),
      smoke: cue(raw.settings.smoke, "settings.smoke"),
      seqLength: res(raw.settings.seqLengthPatterns, "settings.seqLengthPatterns"),
      packSize: res(raw.settings.packSizePatterns, "settings.packSizePatterns"),
      parameterValues: raw.settings.parameterValues.map((v, i) => ({
        value: re(v.value, `settings.parameterValues[${i}].value`),
        describedAs: compilePlain(v.describedAs, `settings.parameterValues[${i}].describedAs`),
      })),
    },
    deliverables: {
      wants: re(raw.deliverables.wants, "deliverables.wants"),
      owned: re(raw.deliverables.owned, "deliverables.owned"),
      reach: raw.deliverables.reach,
      artifacts: raw.deliverables.artifacts.map((a, i) => ({
        type: a.type,
        cue: words(a.words, `deliverables.artifacts[${i}]`),
      })),
    },
    directEdges: {
      patterns: res(raw.directEdges.patterns, "directEdges.patterns"),
      pronoun: compilePlain(raw.directEdges.pronoun, "directEdges.pronoun", "iu"),
      artifacts: raw.directEdges.artifacts.map((a, i) => ({
        type: a.type,
        cue: words(a.words, `directEdges.artifacts[${i}]`),
      })),
    },
  };
}

type Compile = (p: string, where: string, caseSensitive?: boolean) => RegExp;

/** Path roles: anchored descriptor tests (non-global) and global cue regexes. */
function compilePathRules(raw: RawIntentRules, re: Compile) {
  const p = raw.paths;
  const anchored = (source: string, where: string) =>
    compilePlain(`(?:${source})${p.joiner}$`, where, "iu");
  return {
    bareFile: compilePlain(p.bareFile, "paths.bareFile", "u"),
    clauseBreak: re(p.clauseBreak, "paths.clauseBreak"),
    checkpoints: p.checkpoints.map((c, i) => ({
      type: c.type,
      re: anchored(c.pattern, `paths.checkpoints[${i}]`),
    })),
    trained: compilePlain(p.trained, "paths.trained", "iu"),
    auxiliary: compilePlain(p.auxiliary, "paths.auxiliary", "iu"),
    dataWords: compilePlain(p.dataWords, "paths.dataWords", "iu"),
    nameHints: p.nameHints.map((h, i) => ({
      type: h.type,
      re: compilePlain(h.pattern, `paths.nameHints[${i}]`, "iu"),
    })),
    conversionTargets: p.conversionTargets.map((t, i) => ({
      type: t.type,
      re: compilePlain(t.pattern, `paths.conversionTargets[${i}]`, "iu"),
    })),
    productBefore: compilePlain(`(?:${p.productBefore})$`, "paths.productBefore", "iu"),
    placedObjects: compilePlain(p.placedObjects, "paths.placedObjects", "giu"),
    iteration: compilePlain(p.iteration, "paths.iteration", "gu"),
    iterationChoice: compilePlain(p.iterationChoice, "paths.iterationChoice", "iu"),
    iterationLatest: compilePlain(p.iterationLatest, "paths.iterationLatest", "iu"),
  };
}

export type IntentRules = ReturnType<typeof compileRules>;
