import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseYamlText } from "../../src/catalog/index.js";
import "../../src/planner/commands/index.js";
import "../../src/planner/intent-reader/index.js";
import "../../src/planner/rules/index.js";
import {
  compileDeclaredRules,
  declaredRuleFiles,
  loadDeclaredRules,
  rulesFile,
  useCompiledRules,
} from "../../src/planner/rules-cache.js";
import "../../src/validators/memory-fit/data.js";
import { repoRoot } from "../helpers/snapshot.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "nc-rules-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => useCompiledRules(null));

describe("compiled rule files", () => {
  it("declares shipped rule files that exist", () => {
    const files = declaredRuleFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        "references/routing/intent.yaml",
        "references/routing/planning.yaml",
      ]),
    );
    for (const file of files) {
      expect(file).toMatch(/^references\//);
      expect(existsSync(path.join(repoRoot, file)), file).toBe(true);
    }
  });

  it("gives the same validated data from the compiled copy as from the YAML", () => {
    const compiled = compileDeclaredRules();
    expect(Object.keys(compiled.entries)).toEqual(declaredRuleFiles());
    for (const file of declaredRuleFiles()) {
      useCompiledRules(compiled);
      const fast = loadDeclaredRules(file);
      useCompiledRules(null);
      const slow = loadDeclaredRules(file);
      expect(fast.from, file).toBe("compiled");
      expect(slow.from, file).toBe("yaml");
      expect(fast.data, file).toEqual(slow.data);
    }
  });
});

describe("a rule file edited after the build", () => {
  const Schema = z.object({ words: z.array(z.string()).default([]), limit: z.number() });
  const file = path.join(scratch, "rules.yaml");
  let reads = 0;
  // Declared in a test, after the shipped files' checks above have run.
  const declare = () =>
    rulesFile(
      file,
      () => Schema,
      (abs) => {
        reads++;
        return Schema.parse(parseYamlText(readFileSync(abs, "utf8"), abs).toJS());
      },
    );

  it("is read and validated from its YAML again", () => {
    const declared = declare();
    writeFileSync(file, "limit: 3\n");
    useCompiledRules(compileDeclaredRules([file]));
    reads = 0;
    expect(declared.load()).toEqual({ words: [], limit: 3 });
    expect(reads).toBe(0);
    writeFileSync(file, "limit: 4\nwords: [a]\n");
    expect(declared.load()).toEqual({ words: ["a"], limit: 4 });
    expect(reads).toBe(1);
  });

  it("is read again when a file beside it (an include) changes", () => {
    const declared = declare();
    writeFileSync(file, "limit: 5\n");
    useCompiledRules(compileDeclaredRules([file]));
    reads = 0;
    declared.load();
    expect(reads).toBe(0);
    writeFileSync(path.join(scratch, "part.yaml"), "extra: 1\n");
    declared.load();
    expect(reads).toBe(1);
  });

  it("reports schema errors from the YAML path", () => {
    const declared = declare();
    writeFileSync(file, "limit: many\n");
    expect(() => declared.load()).toThrow(/limit/);
  });

  it("refuses to compile data that JSON would change", () => {
    const odd = path.join(scratch, "odd.yaml");
    writeFileSync(odd, "when: 2024-01-01\n");
    const Dated = z.object({ when: z.string().transform((s) => new Date(s)) });
    rulesFile(
      odd,
      () => Dated,
      (abs) => Dated.parse(parseYamlText(readFileSync(abs, "utf8"), abs).toJS()),
    );
    expect(() => compileDeclaredRules([odd])).toThrow(/round-trip/);
  });
});
