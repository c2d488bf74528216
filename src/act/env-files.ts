import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { CatalogError, parseTomlText, readRegularFile } from "../catalog/index.js";

/** One env profile file found for a checkout. */
export interface EnvFile {
  /** As shown to people: relative to the checkout root, or `$NEMOTRON_ENV_FILE` as given. */
  label: string;
  absolute: string;
}

export interface EnvFileSet {
  source: "NEMOTRON_ENV_FILE" | "checkout";
  files: EnvFile[];
}

/** `env.toml`, then backend files such as `env.lepton.toml` or `env-slurm.toml`. */
const ENV_FILE_NAME = /^env(?:[.-][A-Za-z0-9_.-]+)?\.toml$/;

/**
 * The env files a run would see: `$NEMOTRON_ENV_FILE` alone when it is set
 * (resolved against the checkout root), else every `env*.toml` at the root.
 */
export function findEnvFiles(root: string, envFile: string | undefined): EnvFileSet {
  if (envFile) {
    return {
      source: "NEMOTRON_ENV_FILE",
      files: [{ label: envFile, absolute: path.resolve(root, envFile) }],
    };
  }
  if (!existsSync(root)) return { source: "checkout", files: [] };
  const names = readdirSync(root, { withFileTypes: true })
    .filter(
      (entry) => ENV_FILE_NAME.test(entry.name) && isFileOrLinkToFile(path.join(root, entry.name)),
    )
    .map((entry) => entry.name)
    .sort((a, b) => (a === "env.toml" ? -1 : b === "env.toml" ? 1 : a.localeCompare(b)));
  return {
    source: "checkout",
    files: names.map((name) => ({ label: name, absolute: path.join(root, name) })),
  };
}

/** Regular files count, and so do symlinks to them (people often link env.toml). */
function isFileOrLinkToFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Parse one env file. A syntax error is reported with file, line and column;
 * the parser's wording is kept only when it is one of its fixed lower-case
 * phrases, so no fragment of a value can ride along in the message.
 */
export function parseEnvFile(file: EnvFile): Record<string, unknown> {
  const text = readRegularFile(file.absolute, file.label);
  try {
    return parseTomlText(text, file.label);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    const reason = /^invalid TOML: [a-z ,.:-]+$/.test(error.reason)
      ? error.reason
      : "invalid TOML syntax";
    throw new CatalogError(file.label, reason, error.line, error.column);
  }
}

/** A TOML table (not an array, date or scalar). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}
