import { describe, expect, it } from "vitest";
import { hasSnapshot, SNAPSHOT } from "../helpers/snapshot.js";
import { intentReader } from "./intent-fixtures.js";

const MIN = "quality_filters.min_words";
const MAX = "quality_filters.max_words";

describe.skipIf(!hasSnapshot)("a range written in words", () => {
  const read = intentReader(SNAPSHOT);
  const curate = (words: string) => read(`Curate /raw/forum/*.jsonl into /clean/forum. ${words}`);

  it.each([
    ["Keep docs between 50 and 5000 words.", "50", "5000"],
    ["Drop anything under 50 or over 8000 words.", "50", "8000"],
    [
      "Remove documents shorter than 30 words and longer than twenty thousand words.",
      "30",
      "20000",
    ],
    ["Drop anything under 30 words, cap at 4000.", "30", "4000"],
    ["Only documents with at least 100 words and at most 2k words.", "100", "2000"],
  ])("%s", (words, min, max) => {
    const { overrides } = curate(words);
    expect(overrides[MIN]).toBe(min);
    expect(overrides[MAX]).toBe(max);
  });

  it("turns 'under' around when the text keeps rather than drops", () => {
    expect(curate("Keep only docs under 3000 words.").overrides[MAX]).toBe("3000");
  });

  it("leaves a bare 'under N words' unread: it could bound either way", () => {
    const { overrides } = curate("Most docs are under 300 words.");
    expect(overrides[MIN]).toBeUndefined();
    expect(overrides[MAX]).toBeUndefined();
  });

  it("does not take a count of something else as the range", () => {
    const { overrides } = curate("Use at least 16 CPUs; drop anything under 40 words.");
    expect(overrides[MIN]).toBe("40");
    expect(overrides[MAX]).toBeUndefined();
  });
});

describe.skipIf(!hasSnapshot)("values stated by what they hold", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "Curate /raw/x/*.jsonl into /clean/x; the text is in `body`.",
    'Curate /raw/x/*.jsonl into /clean/x. The text lives in a field called "body".',
    "Curate /raw/x/*.jsonl into /clean/x; text sits in the field named body.",
  ])("names the text field: %s", (text) => {
    expect(read(text).overrides.text_field).toBe("body");
  });

  it("does not take a language as the field", () => {
    expect(
      read("Curate /raw/x/*.jsonl into /clean/x; the text is in English.").overrides.text_field,
    ).toBe(undefined);
  });

  it.each([
    ["Quantize /models/m-hf to fp8, calibrate with 1024 samples, save to /models/q", "1024"],
    [
      "Quantize /models/m-hf to fp8; calibrate with a thousand and twenty-four samples. Out /q",
      "1024",
    ],
    ["Quantize /models/m-hf to fp8 with calibration size 512, out /q", "512"],
  ])("reads the calibration size: %s", (text, n) => {
    expect(read(text).overrides["args.calib_size"]).toBe(n);
  });

  it.each([
    "GRPO on /ckpt/n3/iter_0004000 with /data/rl.jsonl; bump generations per prompt to 16.",
    "GRPO on /ckpt/n3/iter_0004000 with /data/rl.jsonl, sixteen generations per prompt.",
  ])("reads a count whose name drops its 'num': %s", (text) => {
    expect(read(text).overrides["grpo.num_generations_per_prompt"]).toBe("16");
  });

  it("reads 'command only' as asking for the command", () => {
    expect(read("Curate /raw/x/*.jsonl into /clean/x. command only").commandOnly).toBe(true);
  });
});

describe.skipIf(!hasSnapshot)("a field named after a bare naming word", () => {
  const read = intentReader(SNAPSHOT);

  it("reads a quoted name after a bare 'field' when the step has one such parameter", () => {
    const intent = read(
      "translate /corpora/news_en/ (jsonl, field `text`) to tamil with our NMT server http://10.0.3.7:8000, out /corpora/ta",
    );
    expect(intent.overrides.text_field).toBe("text");
  });
});

describe.skipIf(!hasSnapshot)("a translation asked for without the word", () => {
  const read = intentReader(SNAPSHOT);

  it.each([
    "~40M lines of english news under /corpora/news_en/ need to go to tamil. out /corpora/ta",
    "english -> tamil for /corpora/news_en/*.jsonl, out /corpora/ta",
  ])("%s", (text) => {
    const intent = read(text);
    expect(intent.goals).toEqual(["translate"]);
    expect(intent.translation.target).toBe("ta");
  });
});
