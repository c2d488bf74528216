import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CatalogError } from "./errors.js";
import { parseTomlText, parseYamlText, validateWith } from "./parse.js";
import { STEPS_DIR } from "./paths.js";
import { readRegularFile } from "./read-file.js";
import {
  ContextIndexSchema,
  type ContextPack,
  type Pattern,
  PatternFrontmatterSchema,
} from "./schema.js";

/** Where a checkout keeps the context-pack index, relative to its root. */
export const CONTEXT_INDEX = "skills/nemotron-customize/references/context/index.toml";

const PatternIndexSchema = z.object({
  patterns: z.array(z.object({ id: z.string(), title: z.string().optional() })).default([]),
});

/**
 * Cross-step patterns (`steps/patterns/*.md`) and category patterns
 * (`steps/<category>/patterns/*.md`, optionally listed in an `index.yaml`).
 */
export function readPatterns(root: string): Pattern[] {
  const stepsDir = path.join(root, STEPS_DIR);
  const patterns = readPatternDir(root, path.join(stepsDir, "patterns"), "global");
  for (const entry of readdirSync(stepsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === "patterns") continue;
    const dir = path.join(stepsDir, entry.name, "patterns");
    if (existsSync(dir)) patterns.push(...readPatternDir(root, dir, entry.name));
  }
  return patterns;
}

function readPatternDir(root: string, dir: string, scope: string): Pattern[] {
  if (!existsSync(dir)) return [];
  const titles = readIndexTitles(root, dir);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => readPattern(root, path.join(dir, name), scope, titles));
}

function readIndexTitles(root: string, dir: string): Map<string, string> {
  const file = path.join(dir, "index.yaml");
  if (!existsSync(file)) return new Map();
  const rel = path.relative(root, file);
  const text = readRegularFile(file, rel);
  const parsed = PatternIndexSchema.safeParse(parseYamlText(text, rel).toJS());
  if (!parsed.success)
    throw new CatalogError(rel, `pattern index: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return new Map(parsed.data.patterns.flatMap((p) => (p.title ? [[p.id, p.title] as const] : [])));
}

function readPattern(
  root: string,
  file: string,
  scope: string,
  titles: Map<string, string>,
): Pattern {
  const rel = path.relative(root, file).split(path.sep).join("/");
  const text = readRegularFile(file, rel);
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match?.[1])
    throw new CatalogError(rel, "pattern has no YAML frontmatter between --- lines", 1, 1);
  const front = parseYamlText(match[1], rel).toJS();
  const parsed = PatternFrontmatterSchema.safeParse(front);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CatalogError(
      rel,
      `frontmatter ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
      2,
    );
  }
  const heading = /^#\s+(.+)$/m.exec(text.slice(match[0].length))?.[1]?.trim();
  const { id, tags, triggers, steps, confidence } = parsed.data;
  const title = parsed.data.title ?? titles.get(id) ?? heading ?? id;
  return { id, title, tags, triggers, steps, confidence, path: rel, scope };
}

/** The context-pack index when the checkout ships one; an empty list otherwise. */
export function readContextPacks(root: string): ContextPack[] {
  const file = path.join(root, CONTEXT_INDEX);
  if (!existsSync(file)) return [];
  const text = readRegularFile(file, CONTEXT_INDEX);
  return validateWith(ContextIndexSchema, parseTomlText(text, CONTEXT_INDEX), CONTEXT_INDEX, text)
    .packs;
}
