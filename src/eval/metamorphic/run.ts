/**
 * Metamorphic scoring: every meaning-keeping rewrite of every case's request must plan the same
 * as the request itself. One implementation for the `eval` report and the test suite.
 */
import { FAMILIES, type FamilyId, type RewriteFamily } from "./families.js";
import { type SignatureChange, type SignatureOf, signatureChanges } from "./signature.js";
import { protectedValues } from "./spans.js";

/**
 * Families the reader still gets wrong for reasons outside the hardware reader and the model
 * matcher, with what goes wrong. They are scored apart and printed as known gaps, never counted
 * as kept; the test suite fails once one of them passes, so the list cannot go stale.
 */
export const KNOWN_FAILING_FAMILIES: Partial<Record<FamilyId, string>> = {
  "digits-words-values":
    "a value in number words for a config key the step does not declare as a parameter " +
    "('step_scheduler.max_steps is one thousand') is not read, so the value is dropped",
};

/** A request to rewrite: a case's first message. */
export interface MetamorphicCase {
  id: string;
  request: string;
}

export interface RewriteFailure {
  caseId: string;
  family: FamilyId;
  original: string;
  rewrite: string;
  changes: SignatureChange[];
}

export interface FamilyScore {
  family: FamilyId;
  summary: string;
  generated: number;
  kept: number;
  failures: RewriteFailure[];
  /**
   * Rewrites left out because they would have changed a value the user typed (a gap in
   * the generator's grammar for that request, not a score of the planner).
   */
  discarded: string[];
}

export interface KnownGap extends FamilyScore {
  reason: string;
}

export interface MetamorphicReport {
  /** Rewrites of the families that count, and how many planned the same. */
  generated: number;
  kept: number;
  families: FamilyScore[];
  /** Families listed in KNOWN_FAILING_FAMILIES, scored but not counted. */
  knownGaps: KnownGap[];
}

/** A rewrite that drops or changes a value the user typed is a bug in the generator, not a score. */
export class RewriteGeneratorError extends Error {
  override readonly name = "RewriteGeneratorError";
}

function multiset(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Throw unless every protected value of `original` is still in `rewrite`, as often and verbatim. */
export function assertValuesKept(family: FamilyId, original: string, rewrite: string): void {
  const before = multiset(protectedValues(original));
  const after = multiset(protectedValues(rewrite));
  for (const [value, count] of before) {
    if ((after.get(value) ?? 0) < count) {
      throw new RewriteGeneratorError(
        `${family} rewrote the value ${JSON.stringify(value)} in ${JSON.stringify(original)}`,
      );
    }
  }
}

/** Plan `rewrite` and compare it with the original's plan; undefined when it is kept. */
export function checkRewrite(
  signatureOf: SignatureOf,
  item: { caseId: string; family: FamilyId; original: string; rewrite: string },
  originalSignature = signatureOf(item.original),
): RewriteFailure | undefined {
  assertValuesKept(item.family, item.original, item.rewrite);
  const changes = signatureChanges(originalSignature, signatureOf(item.rewrite));
  return changes.length === 0 ? undefined : { ...item, changes };
}

function scoreFamily(
  family: RewriteFamily,
  cases: readonly MetamorphicCase[],
  signatureOf: SignatureOf,
  originals: Map<string, ReturnType<SignatureOf>>,
): FamilyScore {
  const score: FamilyScore = {
    family: family.id,
    summary: family.summary,
    generated: 0,
    kept: 0,
    failures: [],
    discarded: [],
  };
  for (const c of cases) {
    const original = originals.get(c.id) ?? signatureOf(c.request);
    originals.set(c.id, original);
    for (const rewrite of family.rewrites(c.request)) {
      const item = { caseId: c.id, family: family.id, original: c.request, rewrite };
      try {
        assertValuesKept(item.family, item.original, item.rewrite);
      } catch (error) {
        if (!(error instanceof RewriteGeneratorError)) throw error;
        score.discarded.push(c.id);
        continue;
      }
      score.generated++;
      const failure = checkRewrite(signatureOf, item, original);
      if (failure) score.failures.push(failure);
      else score.kept++;
    }
  }
  return score;
}

/** Score every family on every case; families in `knownFailing` are kept apart. */
export function runMetamorphic(
  cases: readonly MetamorphicCase[],
  signatureOf: SignatureOf,
  options: {
    families?: readonly RewriteFamily[];
    knownFailing?: Partial<Record<FamilyId, string>>;
  } = {},
): MetamorphicReport {
  const known = options.knownFailing ?? KNOWN_FAILING_FAMILIES;
  const originals = new Map<string, ReturnType<SignatureOf>>();
  const families: FamilyScore[] = [];
  const knownGaps: KnownGap[] = [];
  for (const family of options.families ?? FAMILIES) {
    const score = scoreFamily(family, cases, signatureOf, originals);
    const reason = known[family.id];
    if (reason === undefined) families.push(score);
    else knownGaps.push({ ...score, reason });
  }
  return {
    generated: families.reduce((n, f) => n + f.generated, 0),
    kept: families.reduce((n, f) => n + f.kept, 0),
    families,
    knownGaps,
  };
}
