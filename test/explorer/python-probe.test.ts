import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { probeSource } from "../../src/explorer/index.js";
import { pyYamlNumber } from "../../src/explorer/yaml-text.js";
import { hasPython } from "./fixture.js";

describe.skipIf(!hasPython)("probeSource (python3 ast and tokenize)", () => {
  it("lists imports at any depth, with their level and names", async () => {
    const text = [
      "import os, nemotron.kit",
      "from nemotron.steps._runners.automodel import run_automodel as run",
      "def f():",
      "    from .local import thing",
      "    return thing",
    ].join("\n");
    const result = await probeSource(text);
    if (result.status !== "ok") throw new Error(result.reason);
    expect(result.value.syntax).toBeNull();
    expect(result.value.imports).toEqual([
      { module: "os", names: [], level: 0, line: 1 },
      { module: "nemotron.kit", names: [], level: 0, line: 1 },
      { module: "nemotron.steps._runners.automodel", names: ["run_automodel"], level: 0, line: 2 },
      { module: "local", names: ["thing"], level: 1, line: 4 },
    ]);
  });

  it("finds stub bodies but not docstring-only-plus-code bodies", async () => {
    const text = [
      "class A:",
      "    pass",
      "def b():",
      '    """Doc."""',
      "    ...",
      "def c():",
      "    return 1",
      "try:",
      "    c()",
      "except ValueError:",
      "    pass",
    ].join("\n");
    const result = await probeSource(text);
    if (result.status !== "ok") throw new Error(result.reason);
    expect(result.value.stubs).toEqual([
      { name: "A", line: 1 },
      { name: "b", line: 3 },
      { name: "except", line: 10 },
    ]);
  });

  it("reports syntax errors with line and column, and returns comments and strings", async () => {
    const bad = await probeSource("x = (1,\n");
    if (bad.status !== "ok") throw new Error(bad.reason);
    expect(bad.value.syntax?.line).toBe(1);
    const good = await probeSource("# note\ny = 'text'\n");
    if (good.status !== "ok") throw new Error(good.reason);
    expect(good.value.texts.map((t) => t.kind)).toEqual(["comment", "string"]);
  });
});

describe("probeSource without an interpreter", () => {
  it("says absent for a missing binary or `false`, and failed for a non-Python command", async () => {
    expect((await probeSource("x = 1", { command: false })).status).toBe("absent");
    expect((await probeSource("x = 1", { command: "/nonexistent/python3" })).status).toBe("absent");
    expect((await probeSource("x = 1", { command: "false" })).status).toBe("failed");
  });
});

describe("pyYamlNumber", () => {
  it("spells every float so a YAML 1.1 reader gets the same number back", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = pyYamlNumber(value);
        const back: unknown = parse(`v: ${text}`, { version: "1.1" }).v;
        expect(back).toBe(Object.is(value, -0) ? 0 : value);
      }),
    );
  });

  it.skipIf(!hasPython)("matches what PyYAML reads, when PyYAML is installed", () => {
    const values = [5e-7, 1e-5, 0.05, 1.5e21, -2.5e-10, 0.1, 32, 1e-8];
    const yamlText = values.map((v, i) => `k${i}: ${pyYamlNumber(v)}`).join("\n");
    const script =
      "import json, sys, yaml; print(json.dumps(list(yaml.safe_load(sys.stdin.read()).values())))";
    const result = spawnSync("python3", ["-c", script], { input: yamlText, encoding: "utf8" });
    if (result.status !== 0) {
      console.warn("[tests] PyYAML is not importable; the PyYAML spelling check is skipped.");
      return;
    }
    expect(JSON.parse(result.stdout)).toEqual(values);
  });
});
