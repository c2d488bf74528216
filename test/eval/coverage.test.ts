import { describe, expect, it } from "vitest";
import { isCheckout, loadCatalog } from "../../src/catalog/index.js";
import { checkCasesAgainstCatalog, expectationsOf, loadCases } from "../../src/eval/index.js";
import { RouteSchema } from "../../src/planner/intent.js";
import { hasSnapshot, SAMPLE, SNAPSHOT } from "../helpers/snapshot.js";

const cases = loadCases();
const blocks = cases.flatMap((c) => expectationsOf(c).map((b) => b.expect));

describe("eval case coverage", () => {
  it("exercises every route", () => {
    const routes = new Set(blocks.flatMap((e) => (e.route === undefined ? [] : [e.route].flat())));
    expect([...routes].sort()).toEqual([...RouteSchema.options].sort());
  });

  describe.skipIf(!hasSnapshot)("against the real catalog", () => {
    it("names only steps and artifact types that exist", () => {
      expect(checkCasesAgainstCatalog(cases, loadCatalog(SNAPSHOT))).toEqual([]);
    });

    it("includes every catalog step in some case's stepsInclude", () => {
      const catalog = loadCatalog(SNAPSHOT);
      const included = new Set(blocks.flatMap((e) => e.stepsInclude ?? []));
      const uncovered = catalog.steps.map((s) => s.id).filter((id) => !included.has(id));
      expect(uncovered).toEqual([]);
      expect(catalog.steps.length).toBeGreaterThan(0);
    });
  });

  describe.skipIf(!isCheckout(SAMPLE))("against the bundled sample checkout", () => {
    it("names only steps and artifact types the sample has", () => {
      expect(checkCasesAgainstCatalog(cases, loadCatalog(SAMPLE))).toEqual([]);
    });
  });
});
