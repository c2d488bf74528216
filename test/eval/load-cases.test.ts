import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CaseFileError, defaultCasesDir, loadCases, parseCaseFile } from "../../src/eval/index.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

function errorOf(fn: () => unknown): CaseFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CaseFileError) return error;
    throw error;
  }
  throw new Error("expected a CaseFileError");
}

const MINIMAL = `id: ok-case
dimension: [routing]
request: "Evaluate my endpoint"
expect:
  route: single_step
`;

describe("shipped eval cases", () => {
  const cases = loadCases(defaultCasesDir());

  it("all load, and there are enough of them", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it("have unique ids", () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("cover every summary dimension", () => {
    const dims = new Set(cases.flatMap((c) => c.dimension));
    expect([...dims].sort()).toEqual([
      "commands",
      "efficiency",
      "files",
      "plan",
      "routing",
      "safety",
    ]);
  });

  it("include multi-turn revisions, answers, approvals and rejections", () => {
    const kinds = new Set(cases.flatMap((c) => c.turns.map((t) => t.kind)));
    expect([...kinds].sort()).toEqual(["answer", "approve", "reject", "revise"]);
  });
});

describe("parseCaseFile", () => {
  it("reads a single case and normalises turns", () => {
    const text = `${MINIMAL}turns:\n  - revise: "use AutoModel"\n  - approve: true\n    expect: { status: done }\n`;
    const [parsed] = parseCaseFile(text, "one.yaml");
    expect(parsed?.turns).toEqual([
      { kind: "revise", text: "use AutoModel" },
      { kind: "approve", expect: { status: "done" } },
    ]);
  });

  it("reads a list of cases", () => {
    const text = `- ${MINIMAL.replace(/\n(?=.)/g, "\n  ")}- ${MINIMAL.replace("ok-case", "ok-two").replace(/\n(?=.)/g, "\n  ")}`;
    expect(parseCaseFile(text, "many.yaml").map((c) => c.id)).toEqual(["ok-case", "ok-two"]);
  });

  it("names the file and field of a broken fixture case", () => {
    const file = path.join(FIXTURES, "broken");
    const error = errorOf(() => loadCases(file));
    expect(error.file).toBe(path.join(file, "bad-stage-count.yaml"));
    expect(error.field).toBe("expect.stageCount.min");
    expect(error.message).toContain("bad-stage-count.yaml: expect.stageCount.min:");
  });

  it("prefixes the list index in the field path", () => {
    const text = `- ${MINIMAL.replace(/\n(?=.)/g, "\n  ")}- id: Bad_Id\n  dimension: [routing]\n  request: x\n  expect: { route: pipeline }\n`;
    expect(errorOf(() => parseCaseFile(text, "l.yaml")).field).toBe("[1].id");
  });

  it("reports unknown keys, such as a misspelt expectation", () => {
    const error = errorOf(() => parseCaseFile(MINIMAL.replace("route:", "rout:"), "k.yaml"));
    expect(error.field).toBe("expect");
    expect(error.reason).toContain("rout");
  });

  it("rejects a turn with two replies", () => {
    const text = `${MINIMAL}turns:\n  - { revise: "x", approve: true }\n`;
    expect(errorOf(() => parseCaseFile(text, "t.yaml")).field).toBe("turns[0]");
  });

  it("rejects an unknown finding code and an unknown required-input key", () => {
    const codes = MINIMAL.replace("route: single_step", "findingCodes: [gpu_minimum]");
    expect(errorOf(() => parseCaseFile(codes, "c.yaml")).field).toBe("expect.findingCodes[0]");
    const keys = MINIMAL.replace("route: single_step", "requiredInputs: [data_path]");
    expect(errorOf(() => parseCaseFile(keys, "r.yaml")).field).toBe("expect.requiredInputs[0]");
  });

  it("requires canaries when a block asks for noCanary", () => {
    const text = MINIMAL.replace("route: single_step", "noCanary: true");
    expect(errorOf(() => parseCaseFile(text, "n.yaml")).field).toBe("expect.noCanary");
  });

  it("rejects initialExpect without turns and an empty expectation", () => {
    const initial = `${MINIMAL}initialExpect: { route: pipeline }\n`;
    expect(errorOf(() => parseCaseFile(initial, "i.yaml")).field).toBe("initialExpect");
    const empty = MINIMAL.replace("  route: single_step\n", "  {}\n").replace(
      "expect:\n  {}",
      "expect: {}",
    );
    expect(errorOf(() => parseCaseFile(empty, "e.yaml")).field).toBe("expect");
  });

  it("reports YAML syntax errors with a line", () => {
    const error = errorOf(() => parseCaseFile("id: [unclosed\nrequest: x\n", "s.yaml"));
    expect(error.field).toMatch(/^line \d+$/);
  });
});

describe("loadCases", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("rejects an id used in two files, naming both", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eval-cases-"));
    writeFileSync(path.join(dir, "a.yaml"), MINIMAL);
    writeFileSync(path.join(dir, "b.yml"), MINIMAL);
    writeFileSync(path.join(dir, "notes.txt"), "not a case");
    const error = errorOf(() => loadCases(dir));
    expect(error.file).toBe(path.join(dir, "b.yml"));
    expect(error.reason).toContain(path.join(dir, "a.yaml"));
  });
});
