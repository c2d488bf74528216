import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAgentDeps } from "../../src/graph/deps.js";
import { makeFixtureCheckout, removeTree, STEPS, writeAt } from "../catalog/fixture-checkout.js";

const roots: string[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) removeTree(root);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every path under `dir` set to an hour ago, as in a checkout nobody is editing. */
function settle(dir: string): void {
  const old = new Date(Date.now() - 3_600_000);
  const walk = (at: string) => {
    if (statSync(at).isDirectory()) for (const name of readdirSync(at)) walk(path.join(at, name));
    utimesSync(at, old, old);
  };
  walk(dir);
}

function fixture(): string {
  const root = makeFixtureCheckout("nc-deps-catalog-");
  roots.push(root);
  return root;
}

const NEW_STEP = `[step]
id = "prep/split"
name = "Split text"
category = "prep"
description = "Splits text."
`;

describe.each([
  ["with the catalog cache", true],
  ["without it", false],
])("the graph's catalog, %s", (_label, cached) => {
  const cacheDir = () => {
    if (!cached) return undefined;
    const dir = mkdtempSync(path.join(os.tmpdir(), "nc-deps-cache-"));
    dirs.push(dir);
    return dir;
  };

  it("is read once while the checkout stays as it was", () => {
    const root = fixture();
    settle(root);
    const deps = createAgentDeps({ catalogCacheDir: cacheDir() });
    const first = deps.catalogFor(root);
    expect(deps.catalogFor(root)).toBe(first);
  });

  it("is read again once a step is added, also after the tree had settled", () => {
    const root = fixture();
    settle(root);
    const deps = createAgentDeps({ catalogCacheDir: cacheDir() });
    const before = deps.catalogFor(root);
    expect(before.step("prep/split")).toBeUndefined();
    writeAt(root, `${STEPS}/prep/split/step.toml`, NEW_STEP);
    const after = deps.catalogFor(root);
    expect(after).not.toBe(before);
    expect(after.step("prep/split")?.name).toBe("Split text");
  });

  it("is read again when another process cached the checkout first", () => {
    const root = fixture();
    settle(root);
    const dir = cacheDir();
    createAgentDeps({ catalogCacheDir: dir }).catalogFor(root);
    const deps = createAgentDeps({ catalogCacheDir: dir });
    const before = deps.catalogFor(root);
    writeAt(root, `${STEPS}/prep/split/step.toml`, NEW_STEP);
    expect(deps.catalogFor(root).step("prep/split")).toBeDefined();
    expect(before.step("prep/split")).toBeUndefined();
  });
});
