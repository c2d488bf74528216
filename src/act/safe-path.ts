import { existsSync, lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import { STEPS_DIR } from "../catalog/index.js";
import { ActError } from "./errors.js";

/** A write target that passed every location check. */
export interface CheckedTarget {
  /** Relative to the checkout root, `/`-separated. */
  relative: string;
  absolute: string;
  /** The directory the file goes in (absolute). */
  dir: string;
}

/** True when `child` is `parent` itself or below it (both absolute, already normalized). */
export function isInside(parent: string, child: string, strict = false): boolean {
  const relative = path.relative(parent, child);
  if (relative === "") return !strict;
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * Check where a file may be created. By default only directly inside a step's
 * `config/` directory (a folder under the steps tree holding `step.toml`);
 * Explorer passes `allowedDir` (relative to the root) for a new step folder.
 * Refused: absolute paths, `..` segments, anything inside `.git`, and any path
 * whose existing ancestors resolve (symlinks followed) somewhere else.
 */
export function checkTarget(root: string, relPath: string, allowedDir?: string): CheckedTarget {
  const rootAbs = path.resolve(root);
  const lexical = checkLexical(rootAbs, relPath);
  const allowed =
    allowedDir === undefined ? stepConfigDir(rootAbs, lexical) : explicitDir(rootAbs, allowedDir);
  if (!isInside(allowed, lexical.absolute, true)) {
    throw new ActError(
      "path_outside",
      `${lexical.relative} is outside ${path.relative(rootAbs, allowed)}/`,
      relPath,
    );
  }
  checkResolved(rootAbs, lexical.absolute, relPath);
  return { ...lexical, dir: path.dirname(lexical.absolute) };
}

/**
 * Every existing ancestor between the root and the file must resolve to the
 * place its name says: a symlinked `config/` pointing elsewhere is refused.
 * Called again just before writing, after missing folders are created.
 */
export function checkResolved(rootAbs: string, absolute: string, subject: string): void {
  const realRoot = realpathSync(rootAbs);
  const parts = path.relative(rootAbs, absolute).split(path.sep);
  let lexical = rootAbs;
  for (const [index, part] of parts.entries()) {
    lexical = path.join(lexical, part);
    if (!existsSync(lexical) && !isDanglingLink(lexical)) return;
    const isFile = index === parts.length - 1;
    if (lstatSync(lexical).isSymbolicLink()) {
      throw new ActError(
        "path_symlink",
        `${subject}: ${path.relative(rootAbs, lexical)} is a symbolic link`,
        subject,
      );
    }
    const expected = path.join(realRoot, ...parts.slice(0, index + 1));
    if (!isFile && realpathSync(lexical) !== expected) {
      throw new ActError("path_outside", `${subject} resolves outside the checkout`, subject);
    }
  }
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function checkLexical(rootAbs: string, relPath: string): { relative: string; absolute: string } {
  const segments = relPath.split(/[\\/]+/);
  if (
    relPath === "" ||
    relPath.includes("\0") ||
    path.isAbsolute(relPath) ||
    /^[A-Za-z]:/.test(relPath)
  ) {
    throw new ActError(
      "path_outside",
      `"${relPath}" is not a path relative to the checkout`,
      relPath,
    );
  }
  if (segments.some((part) => part === ".." || part === "." || part === "")) {
    throw new ActError("path_outside", `"${relPath}" has empty, "." or ".." segments`, relPath);
  }
  if (segments.some((part) => part.toLowerCase() === ".git")) {
    throw new ActError("path_in_git", `"${relPath}" is inside .git`, relPath);
  }
  const absolute = path.resolve(rootAbs, relPath);
  if (!isInside(rootAbs, absolute, true)) {
    throw new ActError("path_outside", `"${relPath}" is outside the checkout`, relPath);
  }
  return { relative: segments.join("/"), absolute };
}

/** `<root>/src/nemotron/steps/<step>/config` for a file directly inside it, else refused. */
function stepConfigDir(rootAbs: string, target: { relative: string; absolute: string }): string {
  const dir = path.dirname(target.absolute);
  const stepDir = path.dirname(dir);
  const stepsRoot = path.join(rootAbs, STEPS_DIR);
  const isStepConfig =
    path.basename(dir) === "config" &&
    isInside(stepsRoot, stepDir, true) &&
    existsSync(path.join(stepDir, "step.toml"));
  if (!isStepConfig) {
    throw new ActError(
      "path_outside",
      `${target.relative} is not directly inside a step's config/ directory under ${STEPS_DIR}/`,
      target.relative,
    );
  }
  return dir;
}

function explicitDir(rootAbs: string, allowedDir: string): string {
  const checked = checkLexical(rootAbs, allowedDir);
  return checked.absolute;
}
