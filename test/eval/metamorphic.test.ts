import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { loadCases } from "../../src/eval/index.js";
import {
  checkRewrite,
  FAMILIES,
  KNOWN_FAILING_FAMILIES,
  type MetamorphicReport,
  offlineSignature,
  type RewriteFailure,
  runMetamorphic,
} from "../../src/eval/metamorphic/index.js";
import { hasSnapshot, SAMPLE, SNAPSHOT } from "../helpers/snapshot.js";

/** The real catalog when present; the bundled sample otherwise (original and rewrite share it). */
const ROOT = hasSnapshot ? SNAPSHOT : SAMPLE;
const SEED = 20261202;

function describeFailure(f: RewriteFailure): string {
  const changed = f.changes.map((c) => `${c.field}: ${c.original} -> ${c.rewritten}`).join("; ");
  return `${f.family} [${f.caseId}] ${JSON.stringify(f.rewrite)}: ${changed}`;
}

describe("metamorphic rewrites of the own eval cases", () => {
  const cases = loadCases();
  const signatureOf = offlineSignature(loadCatalog(ROOT));
  let report: MetamorphicReport | undefined;
  const reportOnce = () => {
    report ??= runMetamorphic(cases, signatureOf);
    return report;
  };

  it("every rewrite the report counts plans the same steps, GPUs and values as its case", () => {
    const { families, generated, kept } = reportOnce();
    expect(families.flatMap((f) => f.failures).map(describeFailure)).toEqual([]);
    expect(kept).toBe(generated);
    // On the project's own cases the generator never needs to leave a rewrite out.
    expect(families.flatMap((f) => f.discarded)).toEqual([]);
    expect(generated).toBeGreaterThanOrEqual(500);
    const unused = families.filter((f) => f.generated === 0).map((f) => f.family);
    expect(unused, "families that rewrote no case").toEqual([]);
  });

  it("keeps known-failing families apart, and each one still fails", () => {
    const { knownGaps, families } = reportOnce();
    expect(knownGaps.map((g) => g.family).sort()).toEqual(
      Object.keys(KNOWN_FAILING_FAMILIES).sort(),
    );
    expect(families.some((f) => f.family in KNOWN_FAILING_FAMILIES)).toBe(false);
    const fixed = knownGaps.filter((g) => g.failures.length === 0).map((g) => g.family);
    expect(fixed, "these now pass: remove them from KNOWN_FAILING_FAMILIES").toEqual([]);
  });

  it("chains of rewrites from different families keep the plan too", () => {
    const counted = FAMILIES.filter((f) => !(f.id in KNOWN_FAILING_FAMILIES));
    const step = fc.record({ family: fc.constantFrom(...counted), pick: fc.nat() });
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.array(step, { minLength: 2, maxLength: 4 }),
        (evalCase, steps) => {
          let text = evalCase.request;
          for (const { family, pick } of steps) {
            const options = family.rewrites(text);
            text = options[pick % Math.max(1, options.length)] ?? text;
          }
          const [first] = steps;
          if (!first || text === evalCase.request) return;
          const item = {
            caseId: evalCase.id,
            family: first.family.id,
            original: evalCase.request,
            rewrite: text,
          };
          const failure = checkRewrite(signatureOf, item);
          const chain = steps.map((s) => s.family.id).join(" + ");
          expect(failure && `${chain}: ${describeFailure(failure)}`).toBeUndefined();
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
