import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { onFirstUse, packageRoot, parseYamlWith } from "../../catalog/index.js";
import { rulesFile } from "../../planner/rules-cache.js";

/** What a model may contribute beyond the catalog's own checks, relative to the package root. */
export const MODEL_VALUE_RULES_FILE = "references/routing/model-values.yaml";

/** The schema of `model-values.yaml`, built on first use: only reading the YAML validates with it. */
const modelValueRulesSchema = onFirstUse(() => {
  const words = z.array(z.string().min(1));
  return z.strictObject({
    supplyChainKeys: words.default([]),
    ranges: z
      .array(
        z.strictObject({
          keys: z.string().min(1),
          min: z.number().optional(),
          max: z.number().optional(),
          integer: z.boolean().default(false),
          dividesGpus: z.boolean().default(false),
        }),
      )
      .default([]),
    factSupport: z.strictObject({
      lora: z.strictObject({ yes: words, no: words }),
      qualityClaim: words,
    }),
    notTasks: words.default([]),
    proseDrops: z
      .array(z.strictObject({ what: z.string().min(1), pattern: z.string().min(1) }))
      .default([]),
  });
});
type RawModelValueRules = z.infer<ReturnType<typeof modelValueRulesSchema>>;

export interface ValueRange {
  keys: RegExp;
  min: number | undefined;
  max: number | undefined;
  integer: boolean;
  dividesGpus: boolean;
}

/** The compiled rules: key patterns as regular expressions, words as whole-word patterns. */
export interface ModelValueRules {
  supplyChainKeys: RegExp[];
  ranges: ValueRange[];
  lora: { yes: RegExp; no: RegExp };
  qualityClaim: RegExp;
  notTasks: ReadonlySet<string>;
  proseDrops: { what: string; pattern: RegExp }[];
}

/** The rules file or its content is unusable; names the file and the entry. */
export class ModelValueRulesError extends Error {
  override readonly name = "ModelValueRulesError";
}

const ruleFile = rulesFile(MODEL_VALUE_RULES_FILE, modelValueRulesSchema, (file) =>
  parseModelValueRules(readFileSync(file, "utf8"), file),
);

/** Validate the rules given as YAML text; errors name the file and the offending field. */
export function parseModelValueRules(text: string, file = "model-values.yaml"): RawModelValueRules {
  const data = parseYamlWith(
    modelValueRulesSchema(),
    text,
    file,
    (message) => new ModelValueRulesError(message),
  );
  for (const [i, source] of [
    ...data.supplyChainKeys.map((s, i) => [`supplyChainKeys[${i}]`, s] as const),
    ...data.ranges.map((r, i) => [`ranges[${i}].keys`, r.keys] as const),
    ...data.proseDrops.map((d, i) => [`proseDrops[${i}].pattern`, d.pattern] as const),
  ]) {
    try {
      new RegExp(source, "i");
    } catch (error) {
      throw new ModelValueRulesError(`${file}: ${i}: not a regular expression: ${String(error)}`);
    }
  }
  return data;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One pattern matching any of the phrases as whole words, spaces and hyphens interchangeable. */
function phrases(list: readonly string[]): RegExp {
  const alternatives = list.map((w) => escapeRegex(w.toLowerCase()).replace(/[\s-]+/g, "[\\s_-]+"));
  return new RegExp(`(?<![\\w-])(?:${alternatives.join("|")})(?![\\w-])`, "iu");
}

export function compileModelValueRules(raw: RawModelValueRules): ModelValueRules {
  return {
    supplyChainKeys: raw.supplyChainKeys.map((s) => new RegExp(s, "i")),
    ranges: raw.ranges.map((r) => ({
      keys: new RegExp(r.keys, "i"),
      min: r.min,
      max: r.max,
      integer: r.integer,
      dividesGpus: r.dividesGpus,
    })),
    lora: { yes: phrases(raw.factSupport.lora.yes), no: phrases(raw.factSupport.lora.no) },
    qualityClaim: phrases(raw.factSupport.qualityClaim),
    notTasks: new Set(raw.notTasks.map((w) => w.toLowerCase())),
    proseDrops: raw.proseDrops.map((d) => ({
      what: d.what,
      pattern: new RegExp(d.pattern, "imu"),
    })),
  };
}

let cached: ModelValueRules | undefined;

/** The shipped rules, read once per process. */
export function loadModelValueRules(): ModelValueRules {
  cached ??= compileModelValueRules(
    ruleFile.load(path.join(packageRoot(), MODEL_VALUE_RULES_FILE)),
  );
  return cached;
}
