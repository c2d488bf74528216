import { existsSync } from "node:fs";
import { CatalogError } from "../catalog/index.js";
import type { EnvProfileSection, EnvProfiles } from "../planner/context.js";
import { findEnvFiles, isTable, parseEnvFile } from "./env-files.js";

export interface ReadEnvProfilesOptions {
  /** Checkout root. */
  root: string;
  /** `$NEMOTRON_ENV_FILE` as set in the environment (relative paths resolve against `root`). */
  envFile?: string | undefined;
}

/** Executor kinds are short identifiers; anything else is not reported. */
const EXECUTOR_VALUE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/**
 * The execution profiles visible to a run, reduced to names. Each top-level
 * TOML table is a profile (`--batch <section>`); sub-tables such as
 * `[lepton_base.env_vars]` belong to their profile and show up as dotted key
 * names. The only value that leaves this function is the `executor` kind,
 * followed through `extends` when a profile inherits it.
 *
 * Returns null when no env file exists. A `$NEMOTRON_ENV_FILE` that names a
 * missing file is an error: the user meant a specific file.
 */
export function readEnvProfiles(options: ReadEnvProfilesOptions): EnvProfiles | null {
  const set = findEnvFiles(options.root, options.envFile);
  const sections: EnvProfileSection[] = [];
  for (const file of set.files) {
    if (!existsSync(file.absolute)) {
      throw new CatalogError(file.label, "NEMOTRON_ENV_FILE names a file that does not exist");
    }
    const data = parseEnvFile(file);
    for (const [section, body] of Object.entries(data)) {
      if (!isTable(body)) continue;
      sections.push({
        file: file.label,
        section,
        executor: resolveExecutor(data, section),
        keys: inheritedKeyNames(data, section),
      });
    }
  }
  if (set.files.length === 0) return null;
  return { source: set.source, sections };
}

function keyNames(table: Record<string, unknown>, prefix: string): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(table)) {
    const name = prefix + key;
    if (isTable(value)) names.push(...keyNames(value, `${name}.`));
    else names.push(name);
  }
  return names;
}

/** Key names of a section and of the sections it `extends` (own keys first), stopping on cycles. */
function inheritedKeyNames(data: Record<string, unknown>, start: string): string[] {
  const names: string[] = [];
  const visited = new Set<string>();
  let current: string | undefined = start;
  while (current !== undefined && !visited.has(current)) {
    visited.add(current);
    const body: unknown = data[current];
    if (!isTable(body)) break;
    for (const name of keyNames(body, "")) if (!names.includes(name)) names.push(name);
    current = typeof body.extends === "string" ? body.extends : undefined;
  }
  return names;
}

/** The section's own `executor`, else its parent's through `extends`, stopping on cycles. */
function resolveExecutor(data: Record<string, unknown>, start: string): string | undefined {
  const visited = new Set<string>();
  let current: string | undefined = start;
  while (current !== undefined && !visited.has(current)) {
    visited.add(current);
    const body: unknown = data[current];
    if (!isTable(body)) return undefined;
    const executor = body.executor;
    if (typeof executor === "string") return EXECUTOR_VALUE.test(executor) ? executor : undefined;
    current = typeof body.extends === "string" ? body.extends : undefined;
  }
  return undefined;
}
