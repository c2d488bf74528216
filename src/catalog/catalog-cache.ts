import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ArtifactGraph } from "./artifacts.js";
import { adoptSettled, fingerprintTree, settledProbes } from "./fingerprint.js";
import { packageRoot } from "./locate-checkout.js";
import type { ArtifactType, StepManifest } from "./schema.js";

/**
 * A validated copy of a checkout's manifests and artifact types, kept in the
 * user's cache directory. Browsing commands start several times faster from it
 * because they skip loading the TOML parser and the schema library. It is keyed
 * by the size and mtime of every file the loader reads, so any edit invalidates it.
 * This module must not import zod or smol-toml (that is the point).
 */
const CACHE_VERSION = 2;

export interface CatalogIndex {
  root: string;
  steps: readonly StepManifest[];
  artifacts: ArtifactGraph;
  /** Ids of the checkout's patterns, when they were read (their bodies are read on use). */
  patternIds?: readonly string[] | undefined;
}

interface CacheFile {
  version: number;
  fingerprint: string;
  steps: StepManifest[];
  types: ArtifactType[];
  patternIds?: string[];
  /** What the fingerprint was computed from, when the tree had settled: checked by stat alone. */
  probes?: [string, string][];
}

/**
 * The paths, sizes and mtimes of every manifest, config listing, pattern
 * file and types.toml, and the program's build (its version and the mtime of
 * this module's built file, which every build rewrites).
 */
export function fingerprintCheckout(root: string, programVersion: string): string {
  return fingerprintTree(...treeArgs(root, programVersion));
}

function treeArgs(root: string, programVersion: string): [string, string, string[]] {
  return [root, `${CACHE_VERSION}\0${programVersion}\0${root}\0`, [fileURLToPath(import.meta.url)]];
}

/** `$NEMOTRON_CUSTOMIZE_CACHE_DIR` (`off` disables), else the XDG cache directory. */
export function catalogCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env.NEMOTRON_CUSTOMIZE_CACHE_DIR;
  if (explicit === "off") return undefined;
  if (explicit) return explicit;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "nemotron-customize");
}

let version: string | undefined;
/** This program's version from its package.json, part of every cache key. */
export function programVersion(): string {
  if (version) return version;
  const text = readFileSync(path.join(packageRoot(), "package.json"), "utf8");
  version = /"version"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? "0";
  return version;
}

function cacheFile(cacheDir: string, root: string): string {
  // Two roots that read alike share a file; the fingerprint names the root, so they only miss.
  const key = root.replace(/[^A-Za-z0-9]+/g, "_").slice(-120);
  return path.join(cacheDir, `catalog-${key}.json`);
}

/**
 * The checkout's fingerprint, and the cached index when it matches exactly
 * (undefined on any doubt). The probes saved with the index spare listing the tree.
 */
export function readCatalogCache(
  root: string,
  cacheDir: string,
  programVersion: string,
): { fingerprint: string; index: CatalogIndex | undefined } {
  let data: CacheFile | undefined;
  try {
    data = JSON.parse(readFileSync(cacheFile(cacheDir, root), "utf8"));
  } catch {
    data = undefined;
  }
  const current = data?.version === CACHE_VERSION ? data : undefined;
  if (current && Array.isArray(current.probes) && typeof current.fingerprint === "string") {
    adoptSettled(...treeArgs(root, programVersion), current.fingerprint, current.probes);
  }
  const fingerprint = fingerprintCheckout(root, programVersion);
  if (current?.fingerprint !== fingerprint) return { fingerprint, index: undefined };
  if (!Array.isArray(current.steps) || !Array.isArray(current.types)) {
    return { fingerprint, index: undefined };
  }
  const artifacts = new ArtifactGraph(new Map(current.types.map((t) => [t.name, t])));
  const patternIds = Array.isArray(current.patternIds) ? current.patternIds : undefined;
  const index = { root, steps: current.steps, artifacts, patternIds };
  // Written while the tree was still changing: keep the probes now that it has settled.
  if (!current.probes && settledProbes(fingerprint))
    writeCatalogCache(cacheDir, fingerprint, index);
  return { fingerprint, index };
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
    ...(index.patternIds ? { patternIds: [...index.patternIds] } : {}),
  };
  const probes = settledProbes(fingerprint);
  if (probes) body.probes = probes;
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
