import { compileCue, compilePattern, type Placeholders } from "../matcher.js";
import type { CueSpec } from "../rules-schema.js";

/** The compilers every family of rules uses, bound to the rules' placeholders. */
export function rulesCompiler(ph: Placeholders) {
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
  return { cue, re, res, words, labelled };
}
export type RulesCompiler = ReturnType<typeof rulesCompiler>;

/** Phrases as lists of lower-case words, longest first (so "per node" wins over "per"). */
export function phraseList(phrases: readonly string[]): string[][] {
  return phrases
    .map((p) => p.toLowerCase().split(/\s+/u).filter(Boolean))
    .sort((a, b) => b.length - a.length);
}

/** Lower-case, separators removed: how table lookups compare matched text. */
export function normalizeKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, "");
}
