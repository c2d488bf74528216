import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { packageRoot } from "../catalog/index.js";

/**
 * Rule files in `references/` are YAML checked by a zod schema. Parsing and
 * checking them is most of an offline run's start-up, so the build stores the
 * validated data of every declared rule file in `compiled-rules.json` next to
 * the build output. At run time that copy is used only while the YAML is
 * byte-for-byte what the build saw; after any edit the YAML is read again.
 */
export const COMPILED_RULES_FILE = "compiled-rules.json";
const FORMAT = 1;

interface CompiledEntry {
  /** Hash of every rule file in the source's folder (includes live beside it). */
  sourceHash: string;
  /** The validated data as JSON text: each load gets a fresh copy. */
  json: string;
}

export interface CompiledRules {
  format: number;
  /** Keyed by the source path relative to the package root, with `/`. */
  entries: Record<string, CompiledEntry>;
}

interface Declared {
  file: string;
  schema: () => z.ZodType;
  read: (file: string) => unknown;
}

export interface RulesFile<T> {
  /** Validated data of `file` (default: the declared file): the build's copy when it is current. */
  load(file?: string): T;
}

const declared = new Map<string, Declared>();
let compiled: CompiledRules | null | undefined;

/**
 * Declare a shipped rule file: `relPath` from the package root, the schema its
 * data satisfies (built only when called: a run on the compiled copy never
 * builds it), and `read`, which parses and validates the YAML (and reports
 * errors with file and line). `read` runs whenever no current compiled copy exists.
 */
export function rulesFile<T>(
  relPath: string,
  schema: () => z.ZodType<T>,
  read: (file: string) => T,
): RulesFile<T> {
  const key = toKey(relPath);
  declared.set(key, { file: key, schema, read });
  return { load: (file) => loadRules(file ?? path.join(packageRoot(), key), read).data };
}

/** The one place that decides between the compiled copy and the YAML. */
function loadRules<T>(
  file: string,
  read: (file: string) => T,
): { from: "compiled" | "yaml"; data: T } {
  const abs = path.resolve(file);
  const entry = currentEntry(abs);
  if (!entry) return { from: "yaml", data: read(abs) };
  // What `read` returned at build time for these same bytes (checked by the build).
  const data: T = JSON.parse(entry.json);
  return { from: "compiled", data };
}

/** A declared rule file's data and where it came from. */
export function loadDeclaredRules(relPath: string): { from: "compiled" | "yaml"; data: unknown } {
  const found = declared.get(toKey(relPath));
  if (!found) throw new Error(`${relPath} is not a declared rule file`);
  return loadRules(path.join(packageRoot(), found.file), found.read);
}

function toKey(file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(packageRoot(), file) : file;
  return rel.split(path.sep).join("/");
}

/** The compiled entry for `abs` when its source folder hashes as it did at build time. */
function currentEntry(abs: string): CompiledEntry | undefined {
  const store = compiledRules();
  if (!store) return undefined;
  const entry = store.entries[toKey(abs)];
  if (typeof entry?.json !== "string") return undefined;
  return entry.sourceHash === sourceHash(abs) ? entry : undefined;
}

/** Hash of the names and bytes of every YAML file beside `file` (the file itself included). */
export function sourceHash(file: string): string {
  if (!existsSync(file)) return "absent";
  const dir = path.dirname(file);
  const hash = createHash("sha256").update(`${FORMAT}\0`);
  const names = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  for (const name of names) {
    hash
      .update(`${name}\0`)
      .update(readFileSync(path.join(dir, name)))
      .update("\0");
  }
  return hash.digest("hex");
}

/**
 * The build's compiled rules: looked for from this module's folder up to (not
 * including) the package root, so only built code finds them (`dist/`), and
 * sources run by tests or tsx always read the YAML their schemas were written for.
 */
function compiledRules(): CompiledRules | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const root = packageRoot();
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== root; ) {
    const file = path.join(dir, COMPILED_RULES_FILE);
    if (existsSync(file)) {
      compiled = parseCompiled(readFileSync(file, "utf8"));
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return compiled;
}

function parseCompiled(text: string): CompiledRules | null {
  try {
    const value: CompiledRules = JSON.parse(text);
    return value?.format === FORMAT && typeof value.entries === "object" ? value : null;
  } catch {
    return null;
  }
}

/** Use these compiled rules instead of the build's (`null`: none); tests compare both paths. */
export function useCompiledRules(rules: CompiledRules | null): void {
  compiled = rules;
}

/**
 * Read and validate every declared rule file from its YAML, as the build step
 * does. Fails when a file's validated data does not survive JSON unchanged
 * (a schema producing a Map, RegExp, Date…), since the compiled copy would differ.
 */
export function compileDeclaredRules(only?: readonly string[]): CompiledRules {
  const entries: Record<string, CompiledEntry> = {};
  const wanted = only?.map(toKey);
  for (const { file, schema, read } of [...declared.values()]
    .filter((d) => !wanted || wanted.includes(d.file))
    .sort((a, b) => a.file.localeCompare(b.file))) {
    const abs = path.join(packageRoot(), file);
    const data = read(abs);
    const copy: unknown = JSON.parse(JSON.stringify(data));
    if (!isDeepStrictEqual(copy, data) || !isDeepStrictEqual(schema().parse(copy), data)) {
      throw new Error(`${file}: its validated data does not round-trip through JSON`);
    }
    entries[file] = { sourceHash: sourceHash(abs), json: JSON.stringify(copy) };
  }
  return { format: FORMAT, entries };
}

/** Every declared rule file, relative to the package root. */
export function declaredRuleFiles(): string[] {
  return [...declared.keys()].sort();
}
