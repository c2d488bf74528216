import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadBlindSets, loadCases } from "../../src/eval/index.js";
import {
  compileCue,
  expandPlaceholders,
  hitsOf,
  type Placeholders,
  verbForms,
  wordsSource,
} from "../../src/planner/intent-reader/matcher.js";
import { loadIntentRules, placeholdersFor } from "../../src/planner/intent-reader/rules.js";
import { CueSchema, type CueSpec } from "../../src/planner/intent-reader/rules-schema.js";

/**
 * A cue's screen (its alternation without the whole-word lookarounds) may only
 * skip texts where the cue cannot match. Reference: the cue as one regex of its
 * whole-word phrases and its patterns, run on every text.
 */
function referenceRegex(spec: CueSpec, placeholders: Placeholders): RegExp | undefined {
  const words = wordsSource(phrasesOf(spec));
  const sources = [
    ...(words === undefined ? [] : [words]),
    ...spec.patterns.map((p) => `(?:${expandPlaceholders(p, placeholders, "ref")})`),
  ];
  if (sources.length === 0) return undefined;
  return new RegExp(sources.join("|"), spec.caseSensitive ? "gu" : "giu");
}

const phrasesOf = (spec: CueSpec) => [...spec.words, ...spec.verbs.flatMap(verbForms)];

/** Every cue spec in the bundled rules: objects holding exactly the cue fields. */
function cueSpecs(value: unknown, found: CueSpec[] = []): CueSpec[] {
  if (Array.isArray(value)) {
    for (const item of value) cueSpecs(item, found);
  } else if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort().join(",");
    const parsed = CueSchema.safeParse(value);
    if (keys === "caseSensitive,patterns,verbs,words" && parsed.success) found.push(parsed.data);
    else for (const child of Object.values(value)) cueSpecs(child, found);
  }
  return found;
}

const rules = loadIntentRules();
const placeholders = placeholdersFor(rules.raw);
const specs = cueSpecs(rules.raw).filter((s) => phrasesOf(s).length + s.patterns.length > 0);
const compiled = specs.map((spec, i) => compileCue(spec, `cue ${i}`, placeholders));
const references = specs.map((spec) => referenceRegex(spec, placeholders));

const requests = [...loadCases(), ...loadBlindSets().flatMap((set) => set.cases)].flatMap((c) => [
  c.request,
  ...c.turns.flatMap((t) => ("text" in t ? [t.text] : [])),
]);

function expectSameAsReference(text: string): void {
  specs.forEach((spec, i) => {
    const reference = references[i];
    const expected = reference ? hitsOf(reference, text) : [];
    expect(compiled[i]?.hits(text), `${JSON.stringify(spec)} on ${JSON.stringify(text)}`).toEqual(
      expected,
    );
    expect(compiled[i]?.test(text)).toBe(expected.length > 0);
  });
}

describe("cue screens", () => {
  it("the bundled rules have cues of each kind", () => {
    expect(specs.some((s) => s.words.length > 0 && s.patterns.length === 0)).toBe(true);
    expect(specs.some((s) => s.words.length > 0 && s.patterns.length > 0)).toBe(true);
    expect(specs.some((s) => s.words.length === 0 && s.patterns.length > 0)).toBe(true);
    expect(specs.some((s) => s.verbs.length > 0)).toBe(true);
    expect(requests.length).toBeGreaterThan(100);
  });

  it("find exactly the reference hits of every cue in every eval request", () => {
    for (const text of requests) expectSameAsReference(text);
  });

  it("find exactly the reference hits in texts built from the rules' own phrases", () => {
    const phrases = [...new Set(specs.flatMap(phrasesOf))];
    // Word-boundary edges: letters and digits glued to a phrase, case-fold twins of ASCII letters.
    const glue = ["", " ", "-", "_", "x", "9", "é", "ſ", "\u212a", "\u0345", ".", "/", "\n"];
    const piece = fc.oneof(fc.constantFrom(...phrases), fc.constantFrom(...glue));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = pieces.join("");
        expectSameAsReference(text);
        expectSameAsReference(text.toUpperCase());
      }),
      { numRuns: 100 },
    );
  });
});
