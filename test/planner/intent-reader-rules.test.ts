import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  INTENT_RULES_FILE,
  IntentRulesError,
  loadIntentRules,
  readIntent,
} from "../../src/planner/intent-reader/index.js";
import { hasSnapshot, repoRoot, SNAPSHOT } from "../helpers/snapshot.js";
import { catalogAt } from "./intent-fixtures.js";

const RULES = path.join(repoRoot, INTENT_RULES_FILE);
const FILES = ["intent.yaml", "intent-entities.yaml", "intent-data.yaml"];
const dirs: string[] = [];

type Doc = Record<string, unknown>;

function isDoc(value: unknown): value is Doc {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The mapping under `key` (checked at run time, so a renamed rule fails loudly). */
function child(doc: Doc, key: string): Doc {
  const value = doc[key];
  if (!isDoc(value)) throw new Error(`rules have no mapping ${key}`);
  return value;
}

/** The list under `key`, to push a new entry onto. */
function list(doc: Doc, key: string): unknown[] {
  const value = doc[key];
  if (!Array.isArray(value)) throw new Error(`rules have no list ${key}`);
  return value;
}

/** A private copy of the bundled rules, with `edit` applied to one of its files. */
function rulesCopy(file: string, edit: (doc: Doc) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "intent-rules-"));
  dirs.push(dir);
  for (const name of FILES)
    copyFileSync(path.join(path.dirname(RULES), name), path.join(dir, name));
  const target = path.join(dir, file);
  const doc: unknown = parse(readFileSync(target, "utf8"));
  if (!isDoc(doc)) throw new Error(`${file} is not a mapping`);
  edit(doc);
  writeFileSync(target, stringify(doc));
  return path.join(dir, "intent.yaml");
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("loadIntentRules", () => {
  it("loads the bundled rules by default and caches them per path", () => {
    const rules = loadIntentRules();
    expect(rules.source).toBe(RULES);
    expect(loadIntentRules(RULES)).toBe(rules);
    expect(rules.goals.map((g) => g.id)).toContain("byob");
  });

  it("names the rule and the problem when a pattern does not compile", () => {
    const file = rulesCopy("intent.yaml", (doc) => {
      list(child(child(doc, "route"), "explorer"), "patterns").push("(unclosed");
    });
    expect(() => loadIntentRules(file)).toThrow(IntentRulesError);
    expect(() => loadIntentRules(file)).toThrow(
      /route\.explorer\.patterns\[\d+\]: invalid pattern/,
    );
  });

  it("rejects an unknown placeholder", () => {
    const file = rulesCopy("intent-entities.yaml", (doc) => {
      list(child(child(doc, "models"), "megatronFormat"), "patterns").push("{NOPE}");
    });
    expect(() => loadIntentRules(file)).toThrow(/unknown placeholder \{NOPE\}/);
  });

  it("reports schema errors with the field path", () => {
    const file = rulesCopy("intent.yaml", (doc) => {
      delete doc.goalRules;
    });
    expect(() => loadIntentRules(file)).toThrow(/goalRules/);
  });

  it("names the included file and the line of a bad value", () => {
    const file = rulesCopy("intent-entities.yaml", (doc) => {
      child(doc, "hardware").maxCount = "lots";
    });
    const text = readFileSync(path.join(path.dirname(file), "intent-entities.yaml"), "utf8");
    const line = text.split("\n").findIndex((l) => /^\s+maxCount: lots$/.test(l)) + 1;
    expect(line).toBeGreaterThan(1);
    expect(() => loadIntentRules(file)).toThrow(IntentRulesError);
    expect(() => loadIntentRules(file)).toThrow(
      new RegExp(`intent-entities\\.yaml:${line}: hardware\\.maxCount: `),
    );
  });

  it("refuses an included file that redefines a key", () => {
    const file = rulesCopy("intent-data.yaml", (doc) => {
      doc.route = {};
    });
    expect(() => loadIntentRules(file)).toThrow(/key route is already defined/);
  });

  it("reports a missing file", () => {
    expect(() => loadIntentRules(path.join(tmpdir(), "no-such-rules.yaml"))).toThrow(/not found/);
  });
});

describe.skipIf(!hasSnapshot)("rules drive the reader", () => {
  /** Read `text` on the real catalog with the rules in `rulesFile`. */
  const readWith = (rulesFile: string, text: string) =>
    readIntent(text, catalogAt(SNAPSHOT), loadIntentRules(rulesFile));

  it("resolves a new alias to the catalog model it points at", () => {
    const file = rulesCopy("intent-entities.yaml", (doc) => {
      list(child(doc, "models"), "aliases").push({
        alias: "Pocket",
        cues: { words: ["pocket nemo"] },
        catalogMatch: "Nemotron-3-Nano",
      });
    });
    const intent = readWith(file, "Fine-tune Pocket Nemo on my chat JSONL");
    expect(intent.model).toMatchObject({
      alias: "Pocket",
      name: "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16",
    });
  });

  it("reports an alias whose catalog model is missing as unsupported", () => {
    const file = rulesCopy("intent-entities.yaml", (doc) => {
      list(child(doc, "models"), "aliases").push({
        alias: "Ultra9",
        cues: { words: ["ultra9"] },
        catalogMatch: "Nemotron-9-Ultra",
      });
    });
    const intent = readWith(file, "Fine-tune Ultra9 on my chat JSONL");
    expect(intent.model).toMatchObject({
      name: "Ultra9",
      alias: "Ultra9",
      inCatalog: false,
      format: "unknown",
    });
    expect(intent.unsupportedModels).toEqual(["Ultra9"]);
    expect(intent.route).toBe("explorer");
  });

  it("takes language names from the table", () => {
    const file = rulesCopy("intent-entities.yaml", (doc) => {
      list(doc, "languages").push({ code: "cy", names: ["welsh"] });
    });
    const intent = readWith(file, "Translate my corpus to Welsh");
    expect(intent.translation.target).toBe("cy");
  });
});
