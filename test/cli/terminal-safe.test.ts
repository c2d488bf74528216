import { stripVTControlCharacters } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { terminalSafe } from "../../src/cli/io.js";

/** The rule spelled out per character: C0 controls but tab and newline, DEL and C1 controls go. */
function keptByRule(char: string): boolean {
  const code = char.charCodeAt(0);
  const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
  return !control || char === "\n" || char === "\t";
}

describe("terminalSafe", () => {
  it("drops exactly the control characters the rule names, and keeps every other one", () => {
    const char = fc.oneof(
      fc.integer({ min: 0, max: 0xa0 }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: "grapheme", maxLength: 2 }),
      fc.constantFrom("\ud83d\ude00", "\ud800", "\u2028", "\u00a0"),
      fc.constantFrom("\u001b[31m", "\u001b]0;title\u0007", "\u009b2J", "\u001b[0m"),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        // Escape sequences go as wholes, then the rule applies to what is left.
        const expected = [...stripVTControlCharacters(text)].filter(keptByRule).join("");
        expect(terminalSafe(text)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a long text with nothing to drop as it is", () => {
    const text = `${"step \u00e9\t".repeat(20_000)}\n`;
    expect(terminalSafe(text)).toBe(text);
  });
});
