import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/snapshot.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** A comment line: `//` or a doc-comment line starting with `*`. */
const COMMENT = /^\s*(?:\/\/|\/?\*)/;
/** A colon with a space before it, after a word, quote or bracket (not a ternary's `? a : b`). */
const SPACED_COLON = /[^\s?] :(?:\s|$)/;

describe("comments in src/", () => {
  it("put no space before a colon", () => {
    const found: string[] = [];
    for (const file of sources(path.join(repoRoot, "src"))) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, index) => {
          if (COMMENT.test(line) && SPACED_COLON.test(line)) {
            found.push(`${path.relative(repoRoot, file)}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    expect(found).toEqual([]);
  });
});
