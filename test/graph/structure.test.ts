import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/snapshot.js";

const GRAPH = path.join(repoRoot, "src/graph");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

describe("src/graph stays a thin layer", () => {
  it("each node file is at most 80 lines", () => {
    for (const file of files(path.join(GRAPH, "nodes"))) {
      const lines = readFileSync(file, "utf8").trimEnd().split("\n").length;
      expect(lines, path.relative(repoRoot, file)).toBeLessThanOrEqual(80);
    }
  });

  it("imports nothing from src/session (session depends on graph, not the reverse)", () => {
    for (const file of files(GRAPH)) {
      const text = readFileSync(file, "utf8");
      expect(text, path.relative(repoRoot, file)).not.toMatch(/from\s+["'][./]*\/session\//);
    }
  });

  it("defines no renderer: markdown comes from planner/render and the explorer", () => {
    for (const file of files(GRAPH)) {
      const text = readFileSync(file, "utf8");
      expect(text, path.relative(repoRoot, file)).not.toMatch(/function render\w*\(/);
      expect(text, path.relative(repoRoot, file)).not.toMatch(/["'`]#{1,3} /);
    }
  });
});
