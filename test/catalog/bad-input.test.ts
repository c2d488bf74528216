import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CatalogError, loadCatalog } from "../../src/catalog/index.js";
import {
  FIXTURE_FILES,
  makeFixtureCheckout,
  removeTree,
  STEPS,
  writeAt,
} from "./fixture-checkout.js";

const TRAIN = `${STEPS}/train/basic/step.toml`;

/** Run `fn` and return the CatalogError it throws; fail when it throws anything else or nothing. */
function catalogErrorOf(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw new Error(`expected a CatalogError, got: ${String(error)}`);
  }
  throw new Error("expected a CatalogError, but nothing was thrown");
}

function original(rel: string): string {
  const text = FIXTURE_FILES[rel];
  if (text === undefined) throw new Error(`no fixture file ${rel}`);
  return text;
}

describe("catalog reader on a well-formed fixture", () => {
  let root: string;
  beforeEach(() => {
    root = makeFixtureCheckout();
  });
  afterEach(() => removeTree(root));

  it("loads the fixture's steps, graph, patterns and configs", () => {
    const catalog = loadCatalog(root);
    expect(catalog.steps.map((s) => s.id)).toEqual([
      "convert/native_to_portable",
      "prep/tokenize",
      "train/basic",
    ]);
    expect(catalog.artifacts.isCompatible("clean_text", "plain_text")).toBe(true);
    expect(catalog.artifacts.converterFor("weights_native", "weights_portable")).toBe(
      "convert/native_to_portable",
    );
    expect(catalog.step("train/basic")?.configs).toEqual(["default", "tiny"]);
    expect(catalog.patterns.map((p) => [p.id, p.title, p.scope])).toEqual([
      ["shard-before-train", "Shard text before training", "global"],
    ]);
  });

  it("has no context packs when the checkout ships no skills folder", () => {
    expect(loadCatalog(root).contextPacks).toEqual([]);
  });
});

describe("catalog reader on bad input", () => {
  let root: string;
  beforeEach(() => {
    root = makeFixtureCheckout();
  });
  afterEach(() => removeTree(root));

  it("reports malformed TOML with file, line and column", () => {
    writeAt(
      root,
      TRAIN,
      original(TRAIN).replace('name = "Basic trainer"', 'name = "Basic trainer'),
    );
    const error = catalogErrorOf(() => loadCatalog(root));
    expect(error.message).toMatch(/train\/basic\/step\.toml:3:\d+: /);
    expect(error.line).toBe(3);
  });

  it("names the file and the field when [step].id is missing", () => {
    writeAt(root, TRAIN, original(TRAIN).replace('id = "train/basic"\n', ""));
    const error = catalogErrorOf(() => loadCatalog(root));
    expect(error.file).toBe(TRAIN);
    expect(error.message).toContain(TRAIN);
    expect(error.message).toMatch(/missing required field step\.id/);
  });

  it("says a wrongly typed field is wrong, not missing", () => {
    writeAt(root, TRAIN, original(TRAIN).replace('id = "train/basic"', "id = 7"));
    const error = catalogErrorOf(() => loadCatalog(root));
    expect(error.message).toContain("step.id");
    expect(error.message).not.toMatch(/missing/);
    expect(error.line).toBe(2);
  });

  it("names an unknown artifact type, its file and line", () => {
    const text = original(TRAIN).replace('type = "token_shards"', 'type = "token_shardz"');
    writeAt(root, TRAIN, text);
    const error = catalogErrorOf(() => loadCatalog(root));
    const line = text.split("\n").findIndex((l) => l.includes("token_shardz")) + 1;
    expect(error.message).toContain("token_shardz");
    expect(error.message).toContain(`${TRAIN}:${line}:`);
  });

  it("reports an unknown type containing regex characters as a CatalogError", () => {
    writeAt(root, TRAIN, original(TRAIN).replace('type = "token_shards"', 'type = "tokens(v2"'));
    expect(catalogErrorOf(() => loadCatalog(root)).message).toContain("tokens(v2");
    writeAt(root, TRAIN, original(TRAIN));
    const types = original(`${STEPS}/types.toml`).replace(
      'is_a = ["plain_text"]',
      'is_a = ["text+("]',
    );
    writeAt(root, `${STEPS}/types.toml`, types);
    expect(catalogErrorOf(() => loadCatalog(root)).message).toMatch(
      /types\.toml:\d+:\d+: .*text\+\(/,
    );
  });

  it("names types.toml when it is missing", () => {
    rmSync(path.join(root, STEPS, "types.toml"));
    expect(catalogErrorOf(() => loadCatalog(root)).message).toContain("types.toml");
  });

  it("says plainly when the path is not a checkout", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "nc-empty-"));
    try {
      const error = catalogErrorOf(() => loadCatalog(empty));
      expect(error.message).toContain(empty);
      expect(error.message).toMatch(/not a Nemotron checkout/);
    } finally {
      removeTree(empty);
    }
  });

  it("reports malformed YAML config with file and line when the config is read", () => {
    const rel = `${STEPS}/train/basic/config/tiny.yaml`;
    writeAt(root, rel, "train:\n  seq_len: 512\n    broken: [\n");
    const catalog = loadCatalog(root);
    const error = catalogErrorOf(() => catalog.config("train/basic", "tiny"));
    expect(error.message).toMatch(/train\/basic\/config\/tiny\.yaml:\d+(:\d+)?: invalid YAML/);
    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(catalog.config("train/basic", "default").toJS()).toEqual({
      train: { seq_len: 1024, batch: 8 },
    });
  });

  it("rejects a step whose id does not match its folder", () => {
    writeAt(root, TRAIN, original(TRAIN).replace('id = "train/basic"', 'id = "train/other"'));
    const error = catalogErrorOf(() => loadCatalog(root));
    expect(error.message).toContain(`${TRAIN}:2:1:`);
    expect(error.message).toContain("train/other");
    expect(error.message).toContain("train/basic");
  });

  it("rejects two manifests with the same id", () => {
    const copy = original(TRAIN).replace('id = "train/basic"', 'id = "train/twin"');
    writeAt(root, `${STEPS}/train/twin/step.toml`, copy);
    expect(loadCatalog(root).steps).toHaveLength(4);
    writeAt(root, `${STEPS}/train/twin/step.toml`, readFileSync(path.join(root, TRAIN), "utf8"));
    expect(catalogErrorOf(() => loadCatalog(root)).message).toMatch(/train\/twin\/step\.toml/);
  });

  it("reports a pattern without frontmatter when patterns are read", () => {
    writeAt(root, `${STEPS}/patterns/loose.md`, "# No frontmatter here\n");
    const catalog = loadCatalog(root);
    expect(catalogErrorOf(() => catalog.patterns).message).toContain("patterns/loose.md:1:1:");
  });
});
