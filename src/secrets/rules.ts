import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { z as Zod } from "zod";
import { packageRoot } from "../catalog/locate-checkout.js";

/**
 * The schema of `references/routing/secrets.yaml`. Every command's stderr is
 * redacted, so these rules load in every process, also in ones that need
 * neither zod nor YAML otherwise (`steps list`): the build stores the
 * validated data, and zod and the YAML parser load (synchronously, when the
 * first redaction needs them) only when the rules file changed since.
 */
function secretRulesSchema(z: typeof Zod) {
  const statement = z.strictObject({
    pattern: z.string().min(1),
    caseSensitive: z.boolean().default(false),
    loose: z.boolean().default(false),
  });
  return z.strictObject({
    keys: z.strictObject({
      markers: z.array(z.string().min(1)).min(1),
      publicFragments: z.array(z.string().min(1)).default([]),
      nameHolders: z.array(z.string().min(1)).default([]),
    }),
    valueShapes: z.array(z.string().min(1)).default([]),
    statements: z.array(statement).default([]),
    stopWords: z.array(z.string().min(1)).default([]),
    urlQueryKeys: z.array(z.string().min(1)).default([]),
    minValueLength: z.number().int().min(1).default(4),
  });
}

/** The validated data of the rules file, before its patterns are compiled. */
export type SecretRulesData = Zod.infer<ReturnType<typeof secretRulesSchema>>;

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
/** The build's validated copy of the rules file, beside the build output. */
export const COMPILED_SECRET_RULES_FILE = "compiled-secret-rules.json";

/** The rules file or its content is unusable; names the file and the entry. */
export class SecretRulesError extends Error {
  override readonly name = "SecretRulesError";
}

let cached: SecretRules | undefined;

function compile(source: string, flags: string, where: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new SecretRulesError(
      `${SECRET_RULES_FILE}: ${where} is not a valid regular expression: ${String(error)}`,
    );
  }
}

const load = createRequire(import.meta.url);

/** Check parsed YAML data against the schema; errors name the file and the field. */
export function validateSecretRules(data: unknown): SecretRulesData {
  const zod: typeof import("zod") = load("zod");
  const result = secretRulesSchema(zod.z).safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SecretRulesError(
      `${SECRET_RULES_FILE}: ${issue?.path.join(".") ?? "(document)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data;
}

/** Compile rules from parsed YAML data (exported for tests of the rule format). */
export function compileSecretRules(data: unknown): SecretRules {
  return compileValidated(validateSecretRules(data));
}

function compileValidated(raw: SecretRulesData): SecretRules {
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

/** The build's copy of the data, looked for from this module's folder up to the package root. */
function compiledData(root: string, text: string): SecretRulesData | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== root; ) {
    const file = path.join(dir, COMPILED_SECRET_RULES_FILE);
    if (existsSync(file)) {
      try {
        // The copy keeps the text it was made from: it stands only for these same bytes.
        const stored: { source?: unknown; data?: SecretRulesData } = JSON.parse(
          readFileSync(file, "utf8"),
        );
        return stored.source === text ? stored.data : undefined;
      } catch {
        return undefined; // unreadable: the YAML is read instead
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function readSecretRulesData(text: string): SecretRulesData {
  const yaml: typeof import("yaml") = load("yaml");
  return validateSecretRules(yaml.parse(text));
}

/** The build step's copy of the rules file: its validated data and the text it came from. */
export function compiledSecretRulesJson(): string {
  const text = readFileSync(path.join(packageRoot(), SECRET_RULES_FILE), "utf8");
  return `${JSON.stringify({ source: text, data: readSecretRulesData(text) })}\n`;
}

/** The credential rules, read once per process. */
export function secretRules(): SecretRules {
  if (cached) return cached;
  const root = packageRoot();
  const text = readFileSync(path.join(root, SECRET_RULES_FILE), "utf8");
  cached = compileValidated(compiledData(root, text) ?? readSecretRulesData(text));
  return cached;
}
