import { parse as parseToml, TomlError } from "smol-toml";
import { type Document, isMap, isNode, isScalar, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { CatalogError, locate } from "./errors.js";

/** Parse TOML text; a syntax error becomes a CatalogError naming file, line and column. */
export function parseTomlText(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split("\n")[0]?.replace(/^Invalid TOML document: /, "") ?? "";
      throw new CatalogError(file, `invalid TOML: ${reason}`, error.line, error.column);
    }
    throw new CatalogError(file, `invalid TOML: ${String(error)}`);
  }
}

/** How many alias expansions a document may need; the `yaml` library's own default. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parse YAML into a Document (comments kept); the first error is reported
 * with its position. Duplicate keys and alias bombs are refused here, once,
 * with the line, so no later use of the document meets them.
 */
export function parseYamlText(text: string, file: string): Document {
  // prettyErrors is what fills `linePos`; without it errors carry no line or column.
  // The library's own unique-key check compares every pair of keys (quadratic), so
  // duplicates are found below in one pass instead.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const reason = first.message.split(" at line ")[0] ?? first.message;
    throw new CatalogError(file, `invalid YAML: ${reason}`, pos?.line, pos?.col);
  }
  let firstAlias: number | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) {
          const at = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
          throw new CatalogError(
            file,
            `invalid YAML: map keys must be unique (${key})`,
            lineAt(text, at),
          );
        }
        seen.add(key);
      }
    },
    Alias(_key, alias) {
      firstAlias ??= alias.range?.[0] ?? 0;
    },
  });
  if (firstAlias !== undefined) {
    try {
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CatalogError(
        file,
        `invalid YAML: aliases expand too far (${reason}); refusing a document that could exhaust memory`,
        lineAt(text, firstAlias),
      );
    }
  }
  return doc;
}

/** Data read from one YAML file (or several merged), and where each of its nodes sits. */
export interface YamlData {
  data: unknown;
  /** The file holding the node at `path`, and the line of it or of its nearest ancestor with one. */
  locate(path: readonly PropertyKey[]): { file: string; line?: number | undefined };
}

/** Parse YAML text for `checkYamlData`; a syntax error goes through `fail`, naming file and line. */
export function readYamlData(
  text: string,
  file: string,
  fail: (message: string) => Error,
): YamlData {
  let doc: Document;
  try {
    doc = parseYamlText(text, file);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  return {
    data: doc.toJS(),
    locate(at) {
      for (let depth = at.length; depth > 0; depth--) {
        const line = lineAt(text, entryOffset(doc, at.slice(0, depth)));
        if (line !== undefined) return { file, line };
      }
      return { file };
    },
  };
}

/** Where the entry at `at` is written: its key in a map, else the node itself. */
function entryOffset(doc: Document, at: readonly PropertyKey[]): number | undefined {
  const parent: unknown = at.length === 1 ? doc.contents : doc.getIn(at.slice(0, -1), true);
  const last = at[at.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair && isScalar(pair.key)) return pair.key.range?.[0];
  }
  const node: unknown = doc.getIn(at, true);
  return isNode(node) ? node.range?.[0] : undefined;
}

/**
 * Check YAML data against a zod schema. The first issue goes through `fail`
 * as `<file>:<line>: <field>: <problem>`, the line of the offending entry (or
 * of the nearest entry above it, when it is missing).
 */
export function checkYamlData<S extends z.ZodType>(
  schema: S,
  yaml: YamlData,
  fail: (message: string) => Error,
): z.infer<S> {
  const result = schema.safeParse(yaml.data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue?.path ?? [];
  const { file, line } = yaml.locate(at);
  const where = at.map(String).join(".") || "(document)";
  throw fail(`${file}${line ? `:${line}` : ""}: ${where}: ${issue?.message ?? "invalid"}`);
}

/** Parse YAML text and check it against a zod schema: `readYamlData`, then `checkYamlData`. */
export function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  fail: (message: string) => Error,
): z.infer<S> {
  return checkYamlData(schema, readYamlData(text, file, fail), fail);
}

function lineAt(text: string, offset: number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Validate parsed data with a zod schema. The first issue is reported against
 * the line of the TOML table or key it concerns, when that can be found.
 */
export function validateWith<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  text: string,
): z.infer<S> {
  // reportInput: without it zod v4 omits `input`, and a wrong-typed field would read as missing.
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new CatalogError(file, "invalid content");
  const where = describePath(issue.path);
  const position = locateTomlPath(text, issue.path);
  const reason =
    issue.code === "invalid_type" && issue.input === undefined
      ? `missing required field ${where}`
      : `${where}: ${issue.message}`;
  throw new CatalogError(file, reason, position?.line, position?.column);
}

function describePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(document)";
}

/** Best-effort position of a zod path inside TOML source: the table header, then the key. */
export function locateTomlPath(
  text: string,
  path: readonly PropertyKey[],
): { line: number; column: number } | undefined {
  const [section, second, third] = path;
  if (typeof section !== "string") return undefined;
  const escaped = escapeRegExp(section);
  let found: { line: number; column: number; index: number } | undefined;
  if (typeof second === "number") {
    let from = 0;
    for (let i = 0; i <= second; i++) {
      found = locate(text, new RegExp(`^\\[\\[${escaped}\\]\\]`, "m"), from);
      if (!found) return undefined;
      from = found.index + 1;
    }
    if (typeof third === "string" && found) {
      const key = locate(text, new RegExp(`^${escapeRegExp(third)}\\s*=`, "m"), found.index);
      const nextTable = locate(text, /^\[/m, found.index + 1);
      if (key && (!nextTable || key.index < nextTable.index)) return key;
    }
    return found;
  }
  found = locate(text, new RegExp(`^\\[${escaped}\\]`, "m"));
  if (found && typeof second === "string") {
    const key = locate(text, new RegExp(`^${escapeRegExp(second)}\\s*=`, "m"), found.index);
    const nextTable = locate(text, /^\[/m, found.index + 1);
    if (key && (!nextTable || key.index < nextTable.index)) return key;
  }
  return found ?? locate(text, new RegExp(`^${escaped}\\s*=`, "m"));
}

export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
