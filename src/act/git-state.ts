import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import type { SimpleGit } from "simple-git";
import { isInside } from "./safe-path.js";

export interface GitState {
  isRepo: boolean;
  /** Changes (staged, unstaged or untracked) under the checkout root. */
  dirty: boolean;
  /** Current branch; absent when detached or not a repo. */
  branch?: string;
  /** Untracked files under the checkout root, relative to it. */
  untracked: string[];
}

/** simple-git is loaded on first use so catalog-only commands never pay for it. */
async function openRepo(root: string): Promise<SimpleGit | undefined> {
  if (!existsSync(root)) return undefined;
  const { simpleGit } = await import("simple-git");
  const git = simpleGit({ baseDir: root });
  try {
    return (await git.checkIsRepo()) ? git : undefined;
  } catch {
    return undefined;
  }
}

/** Repository facts for the checkout at `root`; a folder outside any repository is fine. */
export async function gitState(root: string): Promise<GitState> {
  const git = await openRepo(root);
  if (!git) return { isRepo: false, dirty: false, untracked: [] };
  const top = (await git.revparse(["--show-toplevel"])).trim();
  const status = await git.status();
  const underRoot = (file: string) => toRootRelative(root, top, file);
  const changed = status.files.map((f) => underRoot(f.path)).filter((f) => f !== undefined);
  const untracked = status.not_added.map(underRoot).filter((f) => f !== undefined);
  const state: GitState = { isRepo: true, dirty: changed.length > 0, untracked };
  if (status.current && !status.detached) state.branch = status.current;
  return state;
}

/** True when `relPath` (relative to `root`) is a file git tracks; false outside a repository. */
export async function isTracked(root: string, relPath: string): Promise<boolean> {
  const git = await openRepo(root);
  if (!git) return false;
  const listed = await git.raw(["ls-files", "-z", "--", `:(literal)${relPath}`]);
  return listed.length > 0;
}

/** A path git reports (relative to the repository top) as relative to `root`, if inside it. */
function toRootRelative(root: string, top: string, file: string): string | undefined {
  const absolute = path.join(top, file);
  const realRoot = realpathSync(root);
  if (!isInside(realRoot, absolute, true)) return undefined;
  return path.relative(realRoot, absolute).split(path.sep).join("/");
}
