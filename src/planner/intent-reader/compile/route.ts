import type { RawIntentRules } from "../rules-schema.js";
import type { RulesCompiler } from "./tools.js";

/** The route cues of `intent.yaml` (and its quality, command-only and follow-up cues), as matchers. */
export function compileRouteRules(raw: RawIntentRules, compiler: RulesCompiler) {
  const { cue } = compiler;
  const r = raw.route;
  return {
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
    quality: cue(raw.quality, "quality"),
    commandOnly: cue(raw.commandOnly, "commandOnly"),
    replace: cue(raw.followUp.replace, "followUp.replace"),
  };
}
