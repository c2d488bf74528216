import { compilePlain } from "../matcher.js";
import type { RawIntentRules } from "../rules-schema.js";
import { normalizeKey, phraseList, type RulesCompiler } from "./tools.js";

/** The rules of `intent-entities.yaml` (models, hardware, executors, languages), as matchers and tables. */
export function compileEntityRules(raw: RawIntentRules, compiler: RulesCompiler) {
  const { cue, re, res, words, labelled } = compiler;
  const hw = raw.hardware;
  return {
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
  };
}
