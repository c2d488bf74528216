import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const StatementSchema = z.strictObject({
  pattern: z.string().min(1),
  caseSensitive: z.boolean().default(false),
  loose: z.boolean().default(false),
});

const SecretRulesSchema = z.strictObject({
  keys: z.strictObject({
    markers: z.array(z.string().min(1)).min(1),
    publicFragments: z.array(z.string().min(1)).default([]),
    nameHolders: z.array(z.string().min(1)).default([]),
  }),
  valueShapes: z.array(z.string().min(1)).default([]),
  statements: z.array(StatementSchema).default([]),
  stopWords: z.array(z.string().min(1)).default([]),
  urlQueryKeys: z.array(z.string().min(1)).default([]),
  minValueLength: z.number().int().min(1).default(4),
});

export interface Statement {
  pattern: RegExp;
  /** The value must look like a token as well (the phrase alone is weak evidence). */
  loose: boolean;
}

/** The compiled rules of `references/routing/secrets.yaml`. */
export interface SecretRules {
  markers: string[];
  publicFragments: RegExp[];
  nameHolders: string[];
  valueShapes: RegExp[];
  statements: Statement[];
  stopWords: ReadonlySet<string>;
  urlQueryKeys: ReadonlySet<string>;
  minValueLength: number;
}

export const SECRET_RULES_FILE = "references/routing/secrets.yaml";

/** The rules file or its content is unusable; names the file and the entry. */
export class SecretRulesError extends Error {
  override readonly name = "SecretRulesError";
}

let cached: SecretRules | undefined;

function programRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above the program files");
    dir = parent;
  }
  return dir;
}

function compile(source: string, flags: string, where: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new SecretRulesError(
      `${SECRET_RULES_FILE}: ${where} is not a valid regular expression: ${String(error)}`,
    );
  }
}

/** Compile rules from parsed YAML data (exported for tests of the rule format). */
export function compileSecretRules(data: unknown): SecretRules {
  const result = SecretRulesSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SecretRulesError(
      `${SECRET_RULES_FILE}: ${issue?.path.join(".") ?? "(document)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const raw = result.data;
  return {
    markers: raw.keys.markers.map((m) => m.toLowerCase()),
    publicFragments: raw.keys.publicFragments.map((f, i) =>
      compile(f, "g", `keys.publicFragments[${i}]`),
    ),
    nameHolders: raw.keys.nameHolders.map((s) => s.toLowerCase()),
    valueShapes: raw.valueShapes.map((s, i) => compile(s, "g", `valueShapes[${i}]`)),
    statements: raw.statements.map((s, i) => ({
      pattern: compile(s.pattern, s.caseSensitive ? "gu" : "giu", `statements[${i}].pattern`),
      loose: s.loose,
    })),
    stopWords: new Set(raw.stopWords.map((w) => w.toLowerCase())),
    urlQueryKeys: new Set(raw.urlQueryKeys.map((k) => k.toLowerCase())),
    minValueLength: raw.minValueLength,
  };
}

/** The credential rules, read once per process. */
export function secretRules(): SecretRules {
  if (cached) return cached;
  const file = path.join(programRoot(), SECRET_RULES_FILE);
  cached = compileSecretRules(parseYaml(readFileSync(file, "utf8")));
  return cached;
}
