import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CatalogError,
  loadCatalog,
  parseTomlText,
  parseYamlText,
} from "../../src/catalog/index.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import {
  FIXTURE_FILES,
  findFiles,
  makeFixtureCheckout,
  removeTree,
  STEPS,
} from "./fixture-checkout.js";

const PARSER_RUNS = 200;
const LOAD_RUNS = 40;

/** True when `fn` returns, or throws a CatalogError; any other exception is a bug. */
function returnsOrCatalogError(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof CatalogError) return true;
    throw error;
  }
}

const fixtureTexts = (suffix: string) =>
  Object.entries(FIXTURE_FILES)
    .filter(([rel]) => rel.endsWith(suffix))
    .map(([, text]) => text);

/** Real manifest and config text: the fixture's, plus the snapshot's when it is present. */
const manifestTexts = [
  ...fixtureTexts(".toml"),
  ...(hasSnapshot
    ? findFiles(path.join(SNAPSHOT, STEPS), "step.toml").map((f) => readFileSync(f, "utf8"))
    : []),
];
const configTexts = [
  ...fixtureTexts(".yaml"),
  ...(hasSnapshot
    ? findFiles(path.join(SNAPSHOT, STEPS, "sft/megatron_bridge/config"), "default.yaml").map((f) =>
        readFileSync(f, "utf8"),
      )
    : []),
];

/** A real text cut at a random point. */
const truncationOf = (texts: string[]) =>
  fc
    .tuple(fc.constantFrom(...texts), fc.nat())
    .map(([text, cut]) => text.slice(0, cut % (text.length + 1)));

/** Strings that lean on the characters TOML and YAML treat specially. */
const syntaxy = fc.string({
  unit: fc.constantFrom(..."[]{}=\"'#:-|>&*!%@,.\n \t\\abc0123".split("")),
  maxLength: 80,
});

describe("parsers fail only with CatalogError", () => {
  it("parseTomlText on random strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), syntaxy), (text) =>
        returnsOrCatalogError(() => parseTomlText(text, "random.toml")),
      ),
      { numRuns: PARSER_RUNS },
    );
  });

  it("parseTomlText on truncated manifests", () => {
    fc.assert(
      fc.property(truncationOf(manifestTexts), (text) =>
        returnsOrCatalogError(() => parseTomlText(text, "step.toml")),
      ),
      { numRuns: PARSER_RUNS },
    );
  });

  it("parseYamlText on random strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), syntaxy), (text) =>
        returnsOrCatalogError(() => parseYamlText(text, "random.yaml")),
      ),
      { numRuns: PARSER_RUNS },
    );
  });

  it("parseYamlText on truncated configs", () => {
    fc.assert(
      fc.property(truncationOf(configTexts), (text) =>
        returnsOrCatalogError(() => parseYamlText(text, "default.yaml")),
      ),
      { numRuns: PARSER_RUNS },
    );
  });

  it("a TOML syntax error always carries a line and column", () => {
    fc.assert(
      fc.property(truncationOf(manifestTexts), (text) => {
        try {
          parseTomlText(text, "step.toml");
        } catch (error) {
          if (!(error instanceof CatalogError)) throw error;
          expect(error.message).toMatch(/^step\.toml:\d+:\d+: invalid TOML: /);
        }
      }),
      { numRuns: PARSER_RUNS },
    );
  });
});

/** Replace one manifest of `root` by a random cut of itself and load: load or CatalogError. */
function truncatedManifestProperty(root: string, manifests: string[]) {
  const originals = new Map(manifests.map((file) => [file, readFileSync(file, "utf8")]));
  return fc.property(fc.constantFrom(...manifests), fc.nat(), (file, cut) => {
    const text = originals.get(file) ?? "";
    writeFileSync(file, text.slice(0, cut % (text.length + 1)));
    try {
      return returnsOrCatalogError(() => loadCatalog(root));
    } finally {
      writeFileSync(file, text);
    }
  });
}

describe("loadCatalog on a fixture with one truncated manifest", () => {
  let root: string;
  beforeAll(() => {
    root = makeFixtureCheckout();
  });
  afterAll(() => removeTree(root));

  it("loads or throws CatalogError", () => {
    const manifests = findFiles(path.join(root, STEPS), "step.toml");
    fc.assert(truncatedManifestProperty(root, manifests), { numRuns: LOAD_RUNS });
    expect(loadCatalog(root).steps).toHaveLength(manifests.length);
  });
});

describe.skipIf(!hasSnapshot)("loadCatalog on a snapshot copy with one truncated manifest", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "nc-snapshot-copy-"));
    // Only what the loader reads up front: manifests and the type graph.
    cpSync(path.join(SNAPSHOT, STEPS), path.join(root, STEPS), {
      recursive: true,
      filter: (src) => !path.basename(src).includes(".") || src.endsWith(".toml"),
    });
  });
  afterAll(() => removeTree(root));

  it("loads or throws CatalogError", () => {
    const manifests = findFiles(path.join(root, STEPS), "step.toml");
    expect(manifests.length).toBeGreaterThan(0);
    fc.assert(truncatedManifestProperty(root, manifests), { numRuns: LOAD_RUNS });
    expect(loadCatalog(root).steps).toHaveLength(manifests.length);
  });
});
