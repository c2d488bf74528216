import { compilePlain } from "../matcher.js";
import type { RawIntentRules } from "../rules-schema.js";
import type { RulesCompiler } from "./tools.js";

/** The rules of `intent-data.yaml` (literals, data, paths, translation, evaluation, settings, deliverables, direct edges), as matchers. */
export function compileValueRules(raw: RawIntentRules, compiler: RulesCompiler) {
  const { cue, re, res, words, labelled } = compiler;
  const lit = raw.literals;
  return {
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

type Compile = RulesCompiler["re"];

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
