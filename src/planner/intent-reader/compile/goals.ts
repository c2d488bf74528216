import { compilePlain } from "../matcher.js";
import type { RawIntentRules } from "../rules-schema.js";
import type { RulesCompiler } from "./tools.js";

/** The goal, backend and LoRA rules of `intent.yaml`, as matchers. */
export function compileGoalRules(raw: RawIntentRules, compiler: RulesCompiler) {
  const { cue } = compiler;
  return {
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
  };
}
