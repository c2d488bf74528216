import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const VALIDATORS = path.resolve("src/validators");

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1] ?? "");

describe("validators judge the plan, not the composer", () => {
  it("import the plan's types and facts, never the composer's modules", () => {
    const offending = sources(VALIDATORS).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.includes("planner/compose"))
        .map((spec) => `${path.relative(VALIDATORS, file)} imports ${spec}`),
    );
    expect(sources(VALIDATORS).length).toBeGreaterThan(10);
    expect(offending).toEqual([]);
  });
});
