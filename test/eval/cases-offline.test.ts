import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { loadCases } from "../../src/eval/index.js";
import { runCases } from "../../src/eval/run-case.js";
import { createAgentDeps } from "../../src/graph/deps.js";
import { createGraphDriver } from "../../src/session/eval-driver.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

// Every eval case, offline, through the real graph on the real catalog.
describe.skipIf(!hasSnapshot)("eval cases offline on the real snapshot", () => {
  it("every case passes", async () => {
    const catalog = loadCatalog(SNAPSHOT);
    const cases = loadCases();
    const deps = createAgentDeps({ path: "" });
    const outcomes = await runCases(cases, {
      checkoutRoot: SNAPSHOT,
      catalog,
      concurrency: 2,
      driverFor: () => createGraphDriver(deps),
    });
    const failures = outcomes
      .filter((o) => !o.pass)
      .map(
        (o) =>
          `${o.id}: ${o.outcomes
            .filter((x) => !x.pass)
            .map((x) => `[${x.grader}] ${x.reason}`)
            .join("; ")}`,
      );
    expect(failures).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(60);
  }, 240_000);
});
