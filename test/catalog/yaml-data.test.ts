import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkYamlData, parseYamlWith, readYamlData } from "../../src/catalog/index.js";

class RulesError extends Error {
  override readonly name = "RulesError";
}
const fail = (message: string) => new RulesError(message);

const Schema = z.strictObject({
  name: z.string(),
  limits: z.strictObject({ gpus: z.number().int(), nodes: z.number().int() }),
  tags: z.array(z.string()).default([]),
});

/** The error `fn` throws; fails the test when it returns. */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected an error");
}

describe("parsing YAML data against a schema", () => {
  it("returns the validated data", () => {
    const text = "name: demo\nlimits:\n  gpus: 8\n  nodes: 2\n";
    expect(parseYamlWith(Schema, text, "rules.yaml", fail)).toEqual({
      name: "demo",
      limits: { gpus: 8, nodes: 2 },
      tags: [],
    });
  });

  it("names the file and the line of a value of the wrong kind", () => {
    const text = "name: demo\nlimits:\n  gpus: 8\n  nodes: two\ntags: [a]\n";
    const error = errorOf(() => parseYamlWith(Schema, text, "rules.yaml", fail));
    expect(error).toBeInstanceOf(RulesError);
    expect(error.message).toMatch(/^rules\.yaml:4: limits\.nodes: /);
  });

  it("names the line of an entry in a list", () => {
    const text = "name: demo\nlimits: {gpus: 8, nodes: 2}\ntags:\n  - a\n  - 3\n";
    const error = errorOf(() => parseYamlWith(Schema, text, "rules.yaml", fail));
    expect(error.message).toMatch(/^rules\.yaml:5: tags\.1: /);
  });

  it("names the line of the entry a missing key belongs in", () => {
    const text = "name: demo\n\nlimits:\n  gpus: 8\n";
    const error = errorOf(() => parseYamlWith(Schema, text, "rules.yaml", fail));
    expect(error.message).toMatch(/^rules\.yaml:3: limits\.nodes: /);
  });

  it("names the file and line of a YAML syntax error", () => {
    const text = "name: demo\nlimits: [\n";
    const error = errorOf(() => parseYamlWith(Schema, text, "rules.yaml", fail));
    expect(error).toBeInstanceOf(RulesError);
    expect(error.message).toMatch(/^rules\.yaml:\d+:\d+: invalid YAML/);
  });

  it("names the file an entry came from when several files are merged", () => {
    const main = readYamlData("name: demo\n", "main.yaml", fail);
    const part = readYamlData("# limits\nlimits:\n  gpus: lots\n  nodes: 1\n", "part.yaml", fail);
    const merged = {
      data: { ...Object(main.data), ...Object(part.data) },
      locate: (at: readonly PropertyKey[]) =>
        at[0] === "limits" ? part.locate(at) : main.locate(at),
    };
    const error = errorOf(() => checkYamlData(Schema, merged, fail));
    expect(error.message).toMatch(/^part\.yaml:3: limits\.gpus: /);
  });
});
