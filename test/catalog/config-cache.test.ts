import { mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openConfigStore } from "../../src/catalog/config-cache.js";
import { loadCatalogCached } from "../../src/catalog/index.js";
import { makeFixtureCheckout, removeTree, STEPS } from "./fixture-checkout.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeTree(dir);
});

const HOUR_AGO = new Date(Date.now() - 3_600_000);
const CONFIG = `${STEPS}/train/basic/config/default.yaml`;

/** A fixture checkout nobody has touched for an hour, and an empty cache folder. */
function settledFixture(): { root: string; cacheDir: string; config: string } {
  const root = makeFixtureCheckout("nc-config-cache-");
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), "nc-config-cache-dir-"));
  dirs.push(root, cacheDir);
  const config = path.join(root, CONFIG);
  utimesSync(config, HOUR_AGO, HOUR_AGO);
  return { root, cacheDir, config };
}

/** Replace a file's bytes but keep its size and mtime: only a stamp-keyed store cannot tell. */
function swapKeepingStamp(file: string, text: string): void {
  const before = statSync(file);
  writeFileSync(file, text);
  utimesSync(file, before.atime, before.mtime);
}

describe("the config store", () => {
  it("gives back what was saved for the same file, in a later process", () => {
    const { root, cacheDir, config } = settledFixture();
    const first = openConfigStore(cacheDir, root, "build-1").lookup(config);
    expect("data" in first).toBe(false);
    if ("save" in first) first.save({ train: { seq_len: 1024 } });
    const again = openConfigStore(cacheDir, root, "build-1").lookup(config);
    expect(again).toEqual({ data: { train: { seq_len: 1024 } } });
  });

  it("misses once the file's size or mtime changed, or another build wrote it", () => {
    const { root, cacheDir, config } = settledFixture();
    const first = openConfigStore(cacheDir, root, "build-1").lookup(config);
    if ("save" in first) first.save({ train: {} });
    expect("data" in openConfigStore(cacheDir, root, "build-2").lookup(config)).toBe(false);
    const later = new Date(HOUR_AGO.getTime() + 1000);
    utimesSync(config, later, later);
    expect("data" in openConfigStore(cacheDir, root, "build-1").lookup(config)).toBe(false);
  });

  it("does not store a file changed within the last seconds", () => {
    const { root, cacheDir, config } = settledFixture();
    const mtime = statSync(config).mtimeMs;
    // The clock says the file was written half a second ago: a same-size edit could still follow.
    const store = openConfigStore(cacheDir, root, "build-1", () => mtime + 500);
    const first = store.lookup(config);
    if ("save" in first) first.save({ train: {} });
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("does not look up what is not a regular file", () => {
    const { root, cacheDir } = settledFixture();
    const lookup = openConfigStore(cacheDir, root, "build-1").lookup(path.join(root, STEPS));
    expect("data" in lookup).toBe(false);
    if ("save" in lookup) lookup.save({ x: 1 });
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

describe("a cached catalog's shipped configs", () => {
  it("are read from the store by a later process, without parsing the YAML", () => {
    const { root, cacheDir, config } = settledFixture();
    const first = loadCatalogCached(root, cacheDir);
    expect(first.configValues("train/basic", "default").value(["train", "batch"])).toBe(8);
    // Same size and mtime, but not YAML any more: only the stored data can answer.
    swapKeepingStamp(config, "{".repeat(statSync(config).size));
    const later = loadCatalogCached(root, cacheDir);
    expect(later.configValues("train/basic", "default").value(["train", "batch"])).toBe(8);
    expect(later.configValues("train/basic", "default").has(["train", "seq_len"])).toBe(true);
    // The document itself is still read from the file.
    expect(() => later.config("train/basic", "default")).toThrow(/default\.yaml/);
  });

  it("are parsed again when the file changed", () => {
    const { root, cacheDir, config } = settledFixture();
    loadCatalogCached(root, cacheDir).configValues("train/basic", "default");
    writeFileSync(config, "train:\n  batch: 16\n");
    const later = loadCatalogCached(root, cacheDir);
    expect(later.configValues("train/basic", "default").value(["train", "batch"])).toBe(16);
  });
});
