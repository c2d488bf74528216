import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ArtifactGraph } from "./artifacts.js";
import { findManifests, STEPS_DIR } from "./paths.js";
import type { ArtifactType, StepManifest } from "./schema.js";

/**
 * A validated copy of a checkout's manifests and artifact types, kept in the
 * user's cache directory. Browsing commands start several times faster from it
 * because they skip loading the TOML parser and the schema library. It is keyed
 * by the size and mtime of every file the loader reads, so any edit invalidates it.
 * This module must not import zod or smol-toml (that is the point).
 */
const CACHE_VERSION = 1;

export interface CatalogIndex {
  root: string;
  steps: readonly StepManifest[];
  artifacts: ArtifactGraph;
}

interface CacheFile {
  version: number;
  fingerprint: string;
  steps: StepManifest[];
  types: ArtifactType[];
}

/** Hash of the paths, sizes and mtimes of every manifest, config listing and types.toml. */
export function fingerprintCheckout(root: string, programVersion: string): string {
  const stepsDir = path.join(root, STEPS_DIR);
  const hash = createHash("sha256").update(`${CACHE_VERSION}\0${programVersion}\0${root}\0`);
  const stamp = (file: string) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    hash.update(`${file}\0${stat ? `${stat.size}:${stat.mtimeMs}` : "absent"}\0`);
  };
  stamp(path.join(stepsDir, "types.toml"));
  for (const manifest of findManifests(stepsDir).manifests) {
    stamp(manifest);
    const configDir = path.join(path.dirname(manifest), "config");
    const names = statSync(configDir, { throwIfNoEntry: false })
      ? readdirSync(configDir).sort()
      : [];
    hash.update(`${configDir}\0${names.join("\0")}\0`);
  }
  return hash.digest("hex");
}

function cacheFile(cacheDir: string, root: string): string {
  const key = createHash("sha256").update(root).digest("hex").slice(0, 24);
  return path.join(cacheDir, `catalog-${key}.json`);
}

/** The cached index when it matches the checkout exactly; undefined on any doubt. */
export function readCatalogCache(
  root: string,
  cacheDir: string,
  fingerprint: string,
): CatalogIndex | undefined {
  let data: CacheFile;
  try {
    data = JSON.parse(readFileSync(cacheFile(cacheDir, root), "utf8"));
  } catch {
    return undefined;
  }
  if (data?.version !== CACHE_VERSION || data.fingerprint !== fingerprint) return undefined;
  if (!Array.isArray(data.steps) || !Array.isArray(data.types)) return undefined;
  const artifacts = new ArtifactGraph(new Map(data.types.map((t) => [t.name, t])));
  return { root, steps: data.steps, artifacts };
}

/** Store the index atomically; a cache that cannot be written is simply skipped. */
export function writeCatalogCache(
  cacheDir: string,
  fingerprint: string,
  index: CatalogIndex,
): void {
  const body: CacheFile = {
    version: CACHE_VERSION,
    fingerprint,
    steps: [...index.steps],
    types: [...index.artifacts.types.values()],
  };
  try {
    mkdirSync(cacheDir, { recursive: true });
    const target = cacheFile(cacheDir, index.root);
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(body));
    renameSync(temp, target);
  } catch {
    // Read-only home or full disk: the next run loads from source again.
  }
}
