import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { makeFixtureCheckout, removeTree, treeState } from "./fixture-checkout.js";

describe("catalog reader never writes", () => {
  let root: string;
  beforeEach(() => {
    root = makeFixtureCheckout();
  });
  afterEach(() => removeTree(root));

  it("leaves every path, mtime and size unchanged after a full read", () => {
    const before = treeState(root);
    const catalog = loadCatalog(root);
    for (const step of catalog.steps) {
      for (const name of step.configs) catalog.config(step.id, name).toJS();
    }
    expect(catalog.patterns.length).toBeGreaterThan(0);
    expect(catalog.contextPacks).toEqual([]);
    expect(treeState(root)).toEqual(before);
  });
});
