import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import {
  buildScaffold,
  DEFAULT_MAX_REPAIRS,
  draftOf,
  type ScaffoldDraft,
  scaffoldWithRepair,
  validateScaffold,
} from "../../src/explorer/index.js";
import type { Finding } from "../../src/planner/plan.js";
import { type FilesTxtCheckout, filesTxtCheckout } from "../helpers/files-txt-checkout.js";
import { hasSnapshot } from "../helpers/snapshot.js";
import { dpoIntent, fileText, withFile } from "./fixture.js";

const broken: Finding = { level: "error", code: "broken", message: "ERROR: still broken" };

describe("scaffoldWithRepair", () => {
  it("stops after two repairs and explains, when every repair still fails", async () => {
    const seen: number[] = [];
    const result = await scaffoldWithRepair({
      draft: 0,
      validate: () => [broken],
      repair: (draft, findings, attempt) => {
        expect(findings).toEqual([broken]);
        seen.push(attempt);
        return draft + 1;
      },
    });
    expect(DEFAULT_MAX_REPAIRS).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect(result.ok).toBe(false);
    expect(result.repairs).toBe(2);
    expect(result.draft).toBe(2);
    if (result.ok) throw new Error("unreachable");
    expect(result.explanation).toContain("2 repair attempts did not fix it");
    expect(result.explanation).toContain("Nothing was written");
    expect(result.explanation).toContain("- broken: ERROR: still broken");
  });

  it("returns the first draft that passes, counting the repairs it took", async () => {
    const result = await scaffoldWithRepair({
      draft: 0,
      validate: (n) =>
        n < 1 ? [broken] : [{ level: "warning", code: "w", message: "WARNING: w" }],
      repair: (n) => n + 1,
    });
    expect(result).toMatchObject({ ok: true, draft: 1, repairs: 1 });
    expect(result.findings.map((f) => f.code)).toEqual(["w"]);
  });

  it("does not repair a passing draft, and cannot repair without a repair function", async () => {
    let calls = 0;
    const passing = await scaffoldWithRepair({
      draft: "x",
      validate: () => [],
      repair: (d) => {
        calls += 1;
        return d;
      },
    });
    expect(passing).toMatchObject({ ok: true, repairs: 0 });
    expect(calls).toBe(0);
    const failing = await scaffoldWithRepair({ draft: "x", validate: () => [broken] });
    expect(failing).toMatchObject({ ok: false, repairs: 0 });
    if (!failing.ok) expect(failing.explanation).toContain("No repair was tried");
  });

  it("honours a smaller repair cap", async () => {
    let calls = 0;
    const result = await scaffoldWithRepair({
      draft: 0,
      validate: () => [broken],
      repair: (d) => {
        calls += 1;
        return d;
      },
      maxRepairs: 1,
    });
    expect(calls).toBe(1);
    expect(result.repairs).toBe(1);
  });
});

describe.skipIf(!hasSnapshot)("scaffoldWithRepair with the scaffold validators", () => {
  let checkout: FilesTxtCheckout;
  let catalog: Catalog;
  let good: ScaffoldDraft;

  beforeAll(async () => {
    checkout = await filesTxtCheckout();
    catalog = loadCatalog(checkout.root);
    good = draftOf(buildScaffold({ catalog, intent: dpoIntent() }));
  });
  afterAll(() => checkout.cleanup());

  it("fixes a drafted TODO on the first repair", async () => {
    const drafted = withFile(good, "step.py", (t) =>
      t.replace("def main", "# TODO: check beta\ndef main"),
    );
    const result = await scaffoldWithRepair({
      draft: drafted,
      validate: (d) => validateScaffold(d, { catalog }),
      repair: (d, findings) => {
        expect(findings.map((f) => f.code)).toContain("placeholder");
        return withFile(d, "step.py", (t) => t.replace("# TODO: check beta\n", ""));
      },
    });
    expect(result.ok).toBe(true);
    expect(result.repairs).toBe(1);
    expect(fileText(result.draft, "step.py")).toBe(fileText(good, "step.py"));
  });

  it("gives up on a draft whose repairs keep an unknown artifact type", async () => {
    const drafted = withFile(good, "step.toml", (t) =>
      t.replace('type = "checkpoint_hf"', 'type = "checkpoint_gguf"'),
    );
    let repairs = 0;
    const result = await scaffoldWithRepair({
      draft: drafted,
      validate: (d) => validateScaffold(d, { catalog }),
      repair: (d) => {
        repairs += 1;
        return d;
      },
    });
    expect(repairs).toBe(2);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.explanation).toContain("unknown_type");
  });
});
