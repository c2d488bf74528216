import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { STEPS_DIR } from "../catalog/index.js";
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
 * Create every file, or none. Each file's bytes go to a temp file beside its
 * target first; only when every temp file exists are they hard-linked into
 * place, which fails instead of replacing an existing file. On any error the
 * files this call linked and every temp file are removed, and an ActError names
 * the path and the reason. A target that already holds the same bytes is
 * `unchanged`; one holding other bytes keeps them and the new file goes to
 * `<name>-2.yaml`, `-3`… So a re-run after a crash, or two concurrent runs,
 * write nothing twice.
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
  const staged: Staged[] = [];
  const linked: string[] = [];
  try {
    for (const { target, file } of targets) {
      try {
        staged.push(stage(root, target, file.text));
      } catch (error) {
        throw asActError(error, target.relative);
      }
    }
    const result: WriteResult = { written: [], unchanged: [], renamed: [] };
    for (const item of staged) {
      try {
        await place(root, item, tracked, result, linked);
      } catch (error) {
        throw asActError(error, item.target.relative);
      }
    }
    return result;
  } catch (error) {
    for (const file of linked) rmSync(file, { force: true });
    throw error;
  } finally {
    for (const item of staged) rmSync(item.temp, { force: true });
  }
}

/** A file's bytes, durably in a temp file beside its target, not yet linked. */
interface Staged {
  target: CheckedTarget;
  temp: string;
  hash: string;
}

function stage(root: string, target: CheckedTarget, text: string): Staged {
  mkdirSync(target.dir, { recursive: true });
  checkResolved(root, target.absolute, target.relative);
  removeStaleTemps(target.dir);
  const temp = path.join(
    target.dir,
    `.${path.basename(target.absolute)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  writeDurably(temp, text);
  return { target, temp, hash: sha256(text) };
}

function trackedCheck(root: string, git: WriteOptions["git"]): TrackedCheck {
  if (typeof git === "function") return git;
  if (git === false) return async () => false;
  return (relPath) => isTracked(root, relPath);
}

async function place(
  root: string,
  item: Staged,
  tracked: TrackedCheck,
  result: WriteResult,
  linked: string[],
): Promise<void> {
  const { target, temp, hash } = item;
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? target : withSuffix(target, n);
    if (n > 1 && (await tracked(candidate.relative))) continue;
    checkResolved(root, candidate.absolute, candidate.relative);
    const created = linkExclusive(temp, candidate.absolute);
    const entry = { path: candidate.relative, sha256: hash };
    if (created) {
      linked.push(candidate.absolute);
      result.written.push(entry);
    } else if (holds(candidate.absolute, hash)) result.unchanged.push(entry);
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

/**
 * The files of `files` already in place, by content: under their own name or a
 * `-N` name Act would have chosen. What an interrupted Act left behind.
 */
export function filesInPlace(root: string, files: readonly FileToWrite[]): WrittenFile[] {
  const found: WrittenFile[] = [];
  for (const file of files) {
    const target = checkTarget(path.resolve(root), file.path);
    const hash = sha256(file.text);
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const candidate = n === 1 ? target : withSuffix(target, n);
      if (!existsSync(candidate.absolute)) break;
      if (holds(candidate.absolute, hash)) {
        found.push({ path: candidate.relative, sha256: hash });
        break;
      }
    }
  }
  return found;
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

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Remove temp files in `dir` left by a writer that died between creating and
 * cleaning them up (a crash mid-Act). Only our own names, only of dead pids.
 */
export function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !processAlive(pid))
      rmSync(path.join(dir, name), { force: true });
  }
}

/** Every step's `config/` directory of a checkout swept of dead writers' temp files. */
export function sweepStaleTemps(root: string): void {
  const steps = path.join(root, STEPS_DIR);
  for (const category of safeDirs(steps)) {
    for (const step of safeDirs(path.join(steps, category))) {
      removeStaleTemps(path.join(steps, category, step, "config"));
    }
  }
}

function safeDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Link `temp` to `file` unless something is already there; true when this call created it. */
function linkExclusive(temp: string, file: string): boolean {
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") return false;
    if (code && NO_LINK_CODES.has(code)) return copyExclusive(temp, file);
    throw error;
  }
}

/** Fallback for file systems without hard links: exclusive create, then write. */
function copyExclusive(temp: string, file: string): boolean {
  try {
    writeDurably(file, readFileSync(temp));
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
}

function writeDurably(file: string, text: string | Buffer): void {
  const fd = openSync(file, "wx");
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file-system failure as a refusal that names the file and the reason. */
function asActError(error: unknown, relative: string): unknown {
  if (error instanceof ActError) return error;
  const code = errorCode(error);
  if (!code || !(error instanceof Error)) return error;
  const reason = FS_REASONS[code] ?? error.message;
  return new ActError("write_failed", `cannot write ${relative}: ${reason} (${code})`, relative);
}

const FS_REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a parent is not a directory",
  EISDIR: "a directory is in the way",
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
