import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { findManifests, STEPS_DIR } from "./paths.js";

/**
 * A checkout's fingerprint: the paths, sizes and mtimes of every manifest,
 * config listing, pattern file and types.toml (and of `extraFiles`), as one
 * string. It is only ever compared, so it is not hashed: browsing commands
 * then never load the crypto module.
 *
 * Listing the whole steps tree costs milliseconds, and a long-lived process
 * checks it on every turn. So each fingerprint remembers what it was computed
 * from: every file it stamped and every directory it listed, with the size and
 * mtime seen. While none of those changes the fingerprint cannot either
 * (adding, removing or renaming an entry changes its directory's mtime), and
 * a check is one stat per probe. Probes that changed within the last
 * `RACY_MS` are not trusted, as a second change inside the file system's
 * timestamp granularity could go unseen; such a checkout is listed every time.
 */
export const RACY_MS = 2000;

interface Settled {
  fingerprint: string;
  /** Path -> the stamp seen when the fingerprint was computed. */
  probes: Map<string, string>;
}

const settled = new Map<string, Settled>();

function stampOf(file: string): { text: string; mtimeMs: number } {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch {
    stat = undefined; // below a file (ENOTDIR), or unreadable: as good as absent
  }
  return stat
    ? { text: `${stat.size}:${stat.mtimeMs}`, mtimeMs: stat.mtimeMs }
    : { text: "absent", mtimeMs: 0 };
}

function unchanged(known: Settled): boolean {
  for (const [file, stamp] of known.probes) if (stampOf(file).text !== stamp) return false;
  return true;
}

/**
 * The fingerprint of the checkout at `root`, `seed` (format and program
 * versions) first. `now` is the clock the racy-probe rule reads.
 */
export function fingerprintTree(
  root: string,
  seed: string,
  extraFiles: readonly string[],
  now: () => number = Date.now,
): string {
  const key = keyOf(root, seed, extraFiles);
  const known = settled.get(key);
  if (known && unchanged(known)) return known.fingerprint;
  const startedAt = now();
  const scan = scanTree(root, seed, extraFiles);
  if (scan.newestMtimeMs < startedAt - RACY_MS) {
    settled.set(key, { fingerprint: scan.fingerprint, probes: scan.probes });
  } else {
    settled.delete(key);
  }
  return scan.fingerprint;
}

function keyOf(root: string, seed: string, extraFiles: readonly string[]): string {
  return `${seed}\0${root}\0${extraFiles.join("\0")}`;
}

/** The probes behind a settled fingerprint, to keep beside it (another process can adopt them). */
export function settledProbes(fingerprint: string): [string, string][] | undefined {
  for (const known of settled.values()) {
    if (known.fingerprint === fingerprint) return [...known.probes];
  }
  return undefined;
}

/**
 * Take a fingerprint and its probes as an earlier process saw them (from a
 * cache file): the next `fingerprintTree` call checks them with a stat each
 * and lists the tree only if one changed.
 */
export function adoptSettled(
  root: string,
  seed: string,
  extraFiles: readonly string[],
  fingerprint: string,
  probes: readonly (readonly [string, string])[],
): void {
  const key = keyOf(root, seed, extraFiles);
  if (!settled.has(key)) settled.set(key, { fingerprint, probes: new Map(probes) });
}

function scanTree(root: string, seed: string, extraFiles: readonly string[]) {
  const stepsDir = path.join(root, STEPS_DIR);
  const parts: string[] = [seed];
  const probes = new Map<string, string>();
  let newestMtimeMs = 0;
  const probe = (file: string) => {
    const stamp = stampOf(file);
    probes.set(file, stamp.text);
    newestMtimeMs = Math.max(newestMtimeMs, stamp.mtimeMs);
    return stamp.text;
  };
  const stamp = (file: string) => parts.push(`${file}\0${probe(file)}\0`);
  for (const file of extraFiles) stamp(file);
  stamp(path.join(stepsDir, "types.toml"));
  const listing = (dir: string) => {
    // Stamped before it is read: a change while reading shows as a recent mtime.
    if (probe(dir) === "absent") return [];
    try {
      return readdirSync(dir).sort();
    } catch {
      return []; // a file, or unreadable
    }
  };
  const found = findManifests(stepsDir);
  for (const dir of found.dirs) probe(dir);
  // Unreadable entries are part of the key: a new symlinked step folder changes the answer.
  for (const skipped of found.skipped) parts.push(`skipped\0${skipped.path}\0${skipped.reason}\0`);
  for (const manifest of found.manifests) {
    stamp(manifest);
    const configDir = path.join(path.dirname(manifest), "config");
    parts.push(`${configDir}\0${listing(configDir).join("\0")}\0`);
  }
  // Pattern folders where the loader looks: the steps folder's own and each category folder's.
  const categories = readdirSync(stepsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "patterns")
    .map((entry) => path.join(stepsDir, entry.name));
  for (const dir of [stepsDir, ...categories]) {
    const patternDir = path.join(dir, "patterns");
    for (const name of listing(patternDir)) stamp(path.join(patternDir, name));
  }
  return { fingerprint: parts.join(""), probes, newestMtimeMs };
}
