import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { ActError } from "./errors.js";
import { isTracked } from "./git-state.js";
import { type CheckedTarget, checkResolved, checkTarget } from "./safe-path.js";
import { findSecretValues } from "./secret-values.js";

export interface FileToWrite {
  /** Relative to the checkout root. */
  path: string;
  text: string;
}

export interface WrittenFile {
  path: string;
  sha256: string;
}

export interface WriteResult {
  written: WrittenFile[];
  /** Already present with the same content: nothing was written. */
  unchanged: WrittenFile[];
  /** Requested name was taken by different content; `to` is where the file is. */
  renamed: { from: string; to: string }[];
}

/** Decides whether a checkout-relative path is tracked by git. */
export type TrackedCheck = (relPath: string) => Promise<boolean>;

export interface WriteOptions {
  root: string;
  files: readonly FileToWrite[];
  /** Tracked-file guard: git by default, a custom check, or false to skip it. */
  git?: boolean | TrackedCheck;
  /** Explorer: the new step folder (relative to root) instead of a step's `config/`. */
  allowedDir?: string;
  /** `$NEMOTRON_ENV_FILE`, to find the secret values no file may contain. */
  envFile?: string;
  /** Secret values to refuse; read from the env files when not given. */
  secretValues?: readonly string[];
}

/** How many `-2`, `-3`, … names are tried before giving up. */
const MAX_SUFFIX = 99;
/** Link errors that mean "this file system has no hard links": fall back to exclusive create. */
const NO_LINK_CODES = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "ENOSYS"]);

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Create every file, or none when any check fails. Each file is written to a
 * temp file and hard-linked into place, which fails instead of replacing an
 * existing file. A target that already holds the same bytes is `unchanged`; one
 * holding other bytes keeps them and the new file goes to `<name>-2.yaml`, `-3`…
 * So a re-run after a crash, or two concurrent runs, write nothing twice.
 */
export async function writeStageConfigs(options: WriteOptions): Promise<WriteResult> {
  const root = path.resolve(options.root);
  const targets = options.files.map((file) => ({
    file,
    target: checkTarget(root, file.path, options.allowedDir),
  }));
  const secrets = (options.secretValues ?? findSecretValues(root, options.envFile)).filter(
    (s) => s.length > 0,
  );
  for (const { target, file } of targets) {
    if (secrets.some((secret) => file.text.includes(secret))) {
      throw new ActError(
        "secret_value",
        `${target.relative} would contain a secret found in the env files`,
        target.relative,
      );
    }
  }
  const tracked = trackedCheck(root, options.git);
  for (const { target } of targets) {
    if (await tracked(target.relative)) {
      throw new ActError(
        "path_tracked",
        `${target.relative} is a file tracked by git; shipped files are never replaced`,
        target.relative,
      );
    }
  }
  const result: WriteResult = { written: [], unchanged: [], renamed: [] };
  for (const { target, file } of targets) await writeOne(root, target, file.text, tracked, result);
  return result;
}

function trackedCheck(root: string, git: WriteOptions["git"]): TrackedCheck {
  if (typeof git === "function") return git;
  if (git === false) return async () => false;
  return (relPath) => isTracked(root, relPath);
}

async function writeOne(
  root: string,
  target: CheckedTarget,
  text: string,
  tracked: TrackedCheck,
  result: WriteResult,
): Promise<void> {
  const hash = sha256(text);
  mkdirSync(target.dir, { recursive: true });
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? target : withSuffix(target, n);
    if (n > 1 && (await tracked(candidate.relative))) continue;
    checkResolved(root, candidate.absolute, candidate.relative);
    const created = createExclusive(candidate.absolute, text);
    const entry = { path: candidate.relative, sha256: hash };
    if (created) result.written.push(entry);
    else if (holds(candidate.absolute, hash)) result.unchanged.push(entry);
    else continue;
    if (n > 1) result.renamed.push({ from: target.relative, to: candidate.relative });
    return;
  }
  throw new ActError(
    "no_free_name",
    `${target.relative}: no free name up to -${MAX_SUFFIX}`,
    target.relative,
  );
}

function withSuffix(target: CheckedTarget, n: number): CheckedTarget {
  const ext = path.extname(target.absolute);
  const name = `${path.basename(target.absolute, ext)}-${n}${ext}`;
  return {
    absolute: path.join(target.dir, name),
    relative: path.posix.join(path.posix.dirname(target.relative), name),
    dir: target.dir,
  };
}

/** True when the regular file at `file` has exactly the wanted content. Symlinks never match. */
function holds(file: string, hash: string): boolean {
  try {
    if (!lstatSync(file).isFile()) return false;
    return sha256(readFileSync(file)) === hash;
  } catch {
    return false;
  }
}

/** True when a process with this pid exists (signal 0 only checks). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM";
  }
}

/**
 * Remove temp files of `file` left by a writer that died between creating and
 * cleaning them up (a crash mid-Act). Only our own names, only of dead pids.
 */
function removeStaleTemps(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  const dir = path.dirname(file);
  for (const name of readdirSync(dir)) {
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(
      name.startsWith(prefix) ? name.slice(prefix.length) : "",
    );
    const pid = Number(match?.[1]);
    if (match && pid !== process.pid && !processAlive(pid))
      rmSync(path.join(dir, name), { force: true });
  }
}

/** Create `file` with `text` unless something is already there; true when this call created it. */
function createExclusive(file: string, text: string): boolean {
  removeStaleTemps(file);
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  writeDurably(temp, text);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") return false;
    if (code && NO_LINK_CODES.has(code)) return createWithoutLink(file, text);
    throw error;
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone: nothing to clean.
    }
  }
}

/** Fallback for file systems without hard links: exclusive create, then write. */
function createWithoutLink(file: string, text: string): boolean {
  try {
    writeDurably(file, text);
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
}

function writeDurably(file: string, text: string): void {
  const fd = openSync(file, "wx");
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
