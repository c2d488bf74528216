import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { visit } from "yaml";
import { documentValues, plainContents, plainValues } from "../../src/catalog/config-values.js";
import { parseYamlText, STEPS_DIR } from "../../src/catalog/index.js";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";

/** Every key path of a JSON value, plus segments a lookup may meet that name nothing. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  const odd = ["", "0", "01", " 1", "1e0", "-1", "x", "__proto__", "length", "toString"];
  const here = odd.map((k) => [...prefix, k]);
  if (Array.isArray(value)) {
    return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, String(i)]))];
  }
  if (value !== null && typeof value === "object") {
    return [
      ...here,
      ...Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]),
    ];
  }
  return here;
}

/** Plain data answers every lookup as the document does, or the document is not taken as plain. */
function expectSameAnswers(text: string): boolean {
  const doc = parseYamlText(text, "config.yaml");
  const data = plainContents(doc);
  if (data === undefined) return false;
  const fromDoc = documentValues(doc);
  const fromData = plainValues(JSON.parse(JSON.stringify(data)));
  for (const at of [[], ...pathsOf(doc.toJS())]) {
    expect(fromData.has(at), at.join(".")).toBe(fromDoc.has(at));
    expect(fromData.value(at), at.join(".")).toEqual(fromDoc.value(at));
  }
  return true;
}

describe("plain config data", () => {
  it.each([
    "trainer:\n  lr: 1.0e-4\n  steps: 100\n  tags: [a, b]\n  nested: {x: null, y: true}\n",
    "list:\n  - 1\n  - {a: 2}\n  - [3, 4]\n  - ''\n  -\n",
    "a: '01'\n'1': one\nempty:\nzero: 0\nquoted: '~'\n",
    "null\n",
    "just a scalar\n",
    "- top\n- level\n- sequence\n",
    "key: !!str 12\nother: !custom value\n",
  ])("answers as the document does: %j", (text) => {
    expect(expectSameAnswers(text)).toBe(true);
  });

  it.each([
    ["an alias", "base: &b {x: 1}\nuse: *b\n"],
    ["a number as key", "1: one\n"],
    ["a boolean as key", "true: yes\n"],
    ["an infinite number", "x: .inf\n"],
    ["not a number", "x: .nan\n"],
    ["minus zero", "x: -0.0\n"],
    ["a set", "s: !!set {a, b}\n"],
    ["a __proto__ key", "__proto__: {x: 1}\n"],
    ["an explicit key without a value", "? lonely\n"],
    ["no content at all", "# only a comment\n"],
  ])("is not taken from a document with %s", (_what, text) => {
    expect(plainContents(parseYamlText(text, "config.yaml"))).toBeUndefined();
  });

  it("answers as the document does for generated YAML", () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (data) => {
        const text = JSON.stringify(data);
        const doc = parseYamlText(text, "config.yaml");
        if (plainContents(doc) === undefined) return;
        expectSameAnswers(text);
      }),
      { numRuns: 200 },
    );
  });

  it.skipIf(!hasSnapshot)(
    "covers every shipped config of the real catalog but those with aliases",
    () => {
      const steps = path.join(SNAPSHOT, STEPS_DIR);
      const configs = readdirSync(steps, { recursive: true, encoding: "utf8" }).filter((f) =>
        /(^|\/)config\/[^/]+\.yaml$/.test(f),
      );
      expect(configs.length).toBeGreaterThan(20);
      for (const rel of configs) {
        const text = readFileSync(path.join(steps, rel), "utf8");
        let aliases = 0;
        visit(parseYamlText(text, rel), { Alias: () => void aliases++ });
        expect(expectSameAnswers(text), rel).toBe(aliases === 0);
      }
    },
  );
});
