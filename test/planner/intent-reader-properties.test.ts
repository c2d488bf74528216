import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Intent, IntentSchema } from "../../src/planner/intent.js";
import { intentReader, PREFERRED_ROOT as ROOT } from "./intent-fixtures.js";

if (!ROOT)
  console.warn(
    "[tests] no catalog (snapshot or sample checkout): intent property tests are skipped.",
  );

/** Words and fragments the rules react to, to steer random input into the interesting paths. */
const VOCAB = [
  "=",
  "==",
  "a=",
  "=b",
  "key=",
  "api_key=",
  "token:",
  'x="',
  "'",
  '"',
  "--batch",
  "-c",
  "tiny",
  "/",
  "//",
  "8x",
  "H100",
  "A100",
  "80GB",
  "nodes",
  "node",
  "of",
  "GPUs",
  "a single",
  "99999999999999999999",
  "0",
  "-1",
  "1e309",
  "LoRA",
  "SFT",
  "fine-tune",
  "translate",
  "to",
  "Hindi",
  "from",
  "English",
  "MCQ",
  "benchmark",
  "Nano3",
  "Super3",
  "meta-llama/Llama-3.1-8B-Instruct",
  "Falcon-7B",
  "https://",
  "https://x.io/v1",
  "model",
  "foo/bar",
  "tasks:",
  "ifeval,",
  "8k",
  "context",
  "seq",
  "length",
  "output",
  "to",
  "under",
  "s3://b/k",
  "$X/",
  "~/",
  "./",
  "Megatron-Bridge",
  "AutoModel",
  "feed",
  "straight",
  "into",
  "no",
  "instead",
  "NVIDIA_API_KEY",
  "\u0000",
  "\u{1F600}",
  "\uD800",
  "日本語",
  "ü",
  "\t",
  "\n",
];

const word = fc.oneof(
  fc.constantFrom(...VOCAB),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: "binary", maxLength: 4 }),
);
const soup = fc.array(word, { maxLength: 30 }).map((parts) => parts.join(" "));
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  soup,
);
/** A path-shaped token: slash-separated segments of path characters. */
const pathToken = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_.*~$-]{1,8}$/), { minLength: 1, maxLength: 4 })
  .map((parts) => `/${parts.join("/")}`);

const TRAILING = /[.,;:!?)\]}>'"`]+$/u;

/** Tokens that start with "/" and are followed by whitespace, sentence punctuation removed. */
function slashTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const m of text.matchAll(/(?<=^|\s)\/\S*(?=\s)/gu)) {
    const token = m[0].replace(TRAILING, "");
    if (token.length >= 2) tokens.push(token);
  }
  return tokens;
}

function kept(intent: Intent, token: string): boolean {
  return (
    intent.data.paths.includes(token) ||
    intent.outputDir === token ||
    intent.model?.name === token ||
    Object.values(intent.overrides).some((v) => v.includes(token))
  );
}

describe.skipIf(!ROOT)("readIntent properties", () => {
  const read = intentReader(ROOT ?? "");

  it("never throws and always returns a valid Intent", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const intent = read(text);
        expect(IntentSchema.safeParse(intent).success).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it("stays valid when random follow-ups are merged into a thread", () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 4 }), (messages) => {
        let intent: Intent | undefined;
        for (const message of messages) intent = read(message, intent);
        expect(intent && IntentSchema.safeParse(intent).success).toBe(true);
        expect(intent?.requests).toHaveLength(messages.length);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps every slash path followed by whitespace verbatim", () => {
    const text = fc
      .array(fc.oneof(pathToken, word), { minLength: 1, maxLength: 20 })
      .map((parts) => `${parts.join(" ")} `);
    fc.assert(
      fc.property(fc.oneof(text, anyText), (input) => {
        const intent = read(input);
        for (const token of slashTokens(input)) expect(kept(intent, token), token).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it("keeps hardware counts positive integers whatever numbers appear", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.constantFrom("nodes", "GPUs", "x H100"),
        (n, unit) => {
          const { hardware } = read(`SFT on ${n} ${unit}`);
          for (const v of [hardware.nodes, hardware.gpusPerNode, hardware.totalGpus]) {
            if (v !== undefined) expect(Number.isSafeInteger(v) && v > 0).toBe(true);
          }
        },
      ),
    );
  });

  it("stays fast on long adversarial inputs", () => {
    const units = [
      "Falcon-",
      "1-",
      "a.",
      "x=",
      "'a=",
      "token: ",
      "nvapi-abcdefgh ",
      "8 ",
      "LoRA ",
      "a/",
      "-",
    ];
    for (const unit of units) {
      const text = unit.repeat(Math.ceil(40_000 / unit.length));
      const start = performance.now();
      read(text);
      expect(performance.now() - start, unit).toBeLessThan(1500);
    }
  });
});
