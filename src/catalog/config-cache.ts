import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PlainValue } from "./config-values.js";
import { RACY_MS } from "./fingerprint.js";

/**
 * The plain data of shipped configs (`config-values.ts`), kept in the user's
 * cache directory so planning reads a config without parsing its YAML. Each
 * entry stands for one file as it was: its size and mtime. A file is stored
 * only once its mtime is `RACY_MS` in the past, so an edit after that changes
 * the mtime the next read compares (the same rule the catalog fingerprint uses).
 */
const FORMAT = 1;

interface Entry {
  stamp: string;
  data: PlainValue;
}

interface StoreFile {
  format: number;
  /** The program build that wrote it: the plain form may change with the program. */
  build: string;
  entries: Record<string, Entry>;
}

/** One config file's stored data, or the way to store it once read. */
export type ConfigLookup = { data: PlainValue } | { save(data: PlainValue): void };

export interface ConfigStore {
  /** Look `file` up (one stat); a miss carries the stamp taken before the file is read. */
  lookup(file: string): ConfigLookup;
}

/**
 * The config store of the checkout at `root`, in `cacheDir`; read on first
 * lookup, rewritten (atomically) when an entry is added. `now` is the clock
 * the settle rule reads.
 */
export function openConfigStore(
  cacheDir: string,
  root: string,
  build: string,
  now: () => number = Date.now,
): ConfigStore {
  const target = path.join(
    cacheDir,
    `configs-${root.replace(/[^A-Za-z0-9]+/g, "_").slice(-120)}.json`,
  );
  let loaded: StoreFile | undefined;
  const store = (): StoreFile => {
    loaded ??= readStore(target, build);
    return loaded;
  };
  return {
    lookup(file) {
      const startedAt = now();
      const stat = statSync(file, { throwIfNoEntry: false });
      // Not a regular file: the catalog's own read reports it.
      if (!stat?.isFile()) return { save: () => {} };
      const stamp = `${stat.size}:${stat.mtimeMs}`;
      const key = path.relative(root, file);
      const entry = store().entries[key];
      if (entry?.stamp === stamp) return { data: entry.data };
      return {
        save(data) {
          if (stat.mtimeMs >= startedAt - RACY_MS) return;
          const current = store();
          current.entries[key] = { stamp, data };
          writeStore(cacheDir, target, current);
        },
      };
    },
  };
}

/** The build stamp of this module's built file, which every build rewrites. */
export function configStoreBuild(programVersion: string): string {
  const stat = statSync(fileURLToPath(import.meta.url), { throwIfNoEntry: false });
  return `${FORMAT}\0${programVersion}\0${stat?.mtimeMs ?? 0}`;
}

function readStore(file: string, build: string): StoreFile {
  const empty = { format: FORMAT, build, entries: {} };
  try {
    const data: StoreFile = JSON.parse(readFileSync(file, "utf8"));
    const usable =
      data?.format === FORMAT &&
      data.build === build &&
      typeof data.entries === "object" &&
      data.entries !== null;
    return usable ? data : empty;
  } catch {
    return empty;
  }
}

function writeStore(cacheDir: string, target: string, body: StoreFile): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(body));
    renameSync(temp, target);
  } catch {
    // Read-only home or full disk: the configs are parsed again next time.
  }
}
