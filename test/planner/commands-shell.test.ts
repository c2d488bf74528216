import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { buildStepCommand, flowYaml, shellQuote } from "../../src/planner/commands/index.js";
import type { ParamValue } from "../../src/planner/plan.js";

/** Characters a POSIX shell treats specially when they appear unquoted. */
const UNQUOTED_SPECIAL = new Set([..."$`\\\"'*?[]~{}!#&;|<>()^"]);

/**
 * A small POSIX word splitter: blanks separate words; single quotes keep everything literally;
 * double quotes honour backslash before $ ` " \ and newline; a bare backslash escapes the next
 * character. It refuses any other unquoted special character, so a word that passes could not
 * have been changed by globbing, expansion or history.
 */
function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let current: string | undefined;
  let i = 0;
  const push = (text: string) => {
    current = (current ?? "") + text;
  };
  while (i < line.length) {
    const ch = line.charAt(i);
    if (ch === " " || ch === "\t") {
      if (current !== undefined) words.push(current);
      current = undefined;
      i += 1;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error("unterminated single quote");
      push(line.slice(i + 1, end));
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let text = "";
      while (j < line.length && line.charAt(j) !== '"') {
        const c = line.charAt(j);
        if (c === "$" || c === "`") throw new Error("expansion inside double quotes");
        if (c === "\\" && '$`"\\\n'.includes(line.charAt(j + 1))) {
          text += line.charAt(j + 1);
          j += 2;
        } else {
          text += c;
          j += 1;
        }
      }
      if (j >= line.length) throw new Error("unterminated double quote");
      push(text);
      i = j + 1;
    } else if (ch === "\\") {
      push(line.charAt(i + 1));
      i += 2;
    } else if (ch === "\n" || UNQUOTED_SPECIAL.has(ch)) {
      throw new Error(`unquoted special character ${JSON.stringify(ch)} at ${i}`);
    } else {
      push(ch);
      i += 1;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}

describe("the test's shell splitter", () => {
  it("splits quoted and bare words like a POSIX shell", () => {
    expect(splitShellWords(`a 'b c' "d\\"e" f\\ g 'it'\\''s'`)).toEqual([
      "a",
      "b c",
      'd"e',
      "f g",
      "it's",
    ]);
  });
  it("refuses unquoted glob and expansion characters", () => {
    expect(() => splitShellWords("input=/data/*.jsonl")).toThrow(/special/);
    expect(() => splitShellWords("x=$HOME")).toThrow(/special/);
    expect(() => splitShellWords("x=~/data")).toThrow(/special/);
  });
});

describe("buildStepCommand", () => {
  it("puts step, config, --dry-run and --batch before the overrides", () => {
    const command = buildStepCommand({
      step: "sft/megatron_bridge",
      config: "src/nemotron/steps/sft/megatron_bridge/config/my_super3.yaml",
      dryRun: true,
      batchProfile: "lepton_sft_megatron_bridge",
      overrides: {},
    });
    expect(command).toBe(
      "uv run nemotron steps run sft/megatron_bridge -c src/nemotron/steps/sft/megatron_bridge/config/my_super3.yaml --dry-run --batch lepton_sft_megatron_bridge",
    );
  });

  it("keeps a glob verbatim by single-quoting it", () => {
    const command = buildStepCommand({
      step: "translate/nemo_curator",
      config: "default",
      dryRun: true,
      overrides: { input_path: "/data/news/*.jsonl", target_language: "hi" },
    });
    expect(command).toBe(
      "uv run nemotron steps run translate/nemo_curator -c default --dry-run input_path='/data/news/*.jsonl' target_language=hi",
    );
  });

  it("leaves out --dry-run when asked and renders scalars as written", () => {
    const command = buildStepCommand({
      step: "peft/automodel",
      config: "tiny",
      dryRun: false,
      overrides: {
        "peft.dim": 16,
        "faith_eval.enabled": false,
        text_field: "messages.*.content",
        x: null,
      },
    });
    expect(command).toBe(
      "uv run nemotron steps run peft/automodel -c tiny peft.dim=16 faith_eval.enabled=false text_field='messages.*.content' x=null",
    );
  });

  it("renders task lists in flow YAML, quoting the whole word", () => {
    const command = buildStepCommand({
      step: "eval/model_eval",
      config: "tiny_chat",
      dryRun: true,
      overrides: { "evaluation.tasks": [{ name: "ifeval" }, { name: "gsm8k" }] },
    });
    expect(command).toBe(
      "uv run nemotron steps run eval/model_eval -c tiny_chat --dry-run 'evaluation.tasks=[{name: ifeval}, {name: gsm8k}]'",
    );
  });

  it("escapes characters strict YAML parsers (PyYAML) reject inside double quotes", () => {
    const text = flowYaml(["a\u0080b", "c\u007fd"]);
    expect(text).toBe('["a\\u0080b", "c\\u007fd"]');
    expect(parseYaml(text)).toEqual(["a\u0080b", "c\u007fd"]);
  });

  it("quotes empty values and values with quotes so they survive the shell", () => {
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("plain-word_1.2:3@x,y")).toBe("plain-word_1.2:3@x,y");
  });
});

const keyArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,20}$/);
/** Characters a shell or a YAML parser might trip over, so they show up often. */
const TRICKY = [
  ..."ab/._-=,:@*?[]~$`'\"\\ {}!#&;|<>()^\n\t%+",
  " ",
  "\u0085",
  "\u007f",
  "\u2028",
  "é",
  "😀",
];
const anyText = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 20 }),
  )
  .filter((s) => !s.includes("\u0000"));
const oddKey = anyText.filter((s) => s.length > 0 && !s.includes("="));

describe("buildStepCommand round-trips through a POSIX shell splitter", () => {
  it("passes every string value through verbatim", () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb, anyText, { maxKeys: 6 }), anyText, (overrides, profile) => {
        const command = buildStepCommand({
          step: "translate/nemo_curator",
          config: "default",
          dryRun: true,
          batchProfile: profile.length > 0 ? profile : undefined,
          overrides,
        });
        const words = splitShellWords(command);
        const head = [
          "uv",
          "run",
          "nemotron",
          "steps",
          "run",
          "translate/nemo_curator",
          "-c",
          "default",
          "--dry-run",
        ];
        expect(words.slice(0, head.length)).toEqual(head);
        const rest = words.slice(head.length + (profile.length > 0 ? 2 : 0));
        if (profile.length > 0)
          expect(words.slice(head.length, head.length + 2)).toEqual(["--batch", profile]);
        const parsed = rest.map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]);
        expect(Object.fromEntries(parsed)).toEqual(overrides);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps keys that need quoting intact too", () => {
    fc.assert(
      fc.property(oddKey, anyText, (key, value) => {
        const words = splitShellWords(
          buildStepCommand({
            step: "s/x",
            config: "c d",
            dryRun: false,
            overrides: { [key]: value },
          }),
        );
        expect(words.slice(5, 8)).toEqual(["s/x", "-c", "c d"]);
        expect(words[8]).toBe(`${key}=${value}`);
      }),
    );
  });

  it("renders lists and maps as flow YAML that parses back to the same value", () => {
    const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), anyText);
    const value: fc.Arbitrary<ParamValue> = fc.letrec<{ v: ParamValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        scalar,
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(anyText, tie("v"), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (list) => {
        const word = splitShellWords(
          buildStepCommand({
            step: "eval/model_eval",
            config: "default",
            dryRun: true,
            overrides: { "evaluation.tasks": list },
          }),
        )[9];
        expect(word?.startsWith("evaluation.tasks=")).toBe(true);
        expect(parseYaml(word?.slice("evaluation.tasks=".length) ?? "")).toEqual(list);
        expect(parseYaml(flowYaml(list))).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });
});
