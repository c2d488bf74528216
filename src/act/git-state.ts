import { existsSync, realpathSync, statSync } from "node:fs";
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

interface Repo {
  git: SimpleGit;
  /** The work tree's top folder, as git reports it. */
  top: string;
  /** The index file: it is rewritten whenever the set of tracked files can change. */
  indexFile: string;
}

/**
 * Every git call costs a process, so a turn starts at most three: one
 * `rev-parse` per checkout per process (a repository stays one), one `status`,
 * and one `ls-files` whose listing answers every tracked-file question until
 * the index changes. simple-git is loaded on first use only.
 */
const repos = new Map<string, Promise<Repo | undefined>>();
const trackedLists = new Map<string, { stamp: string; files: Promise<ReadonlySet<string>> }>();

function openRepo(root: string): Promise<Repo | undefined> {
  const key = path.resolve(root);
  let found = repos.get(key);
  if (!found) {
    found = probeRepo(key);
    repos.set(key, found);
    // A folder that is no repository yet may become one (`git init`): ask again next time.
    found.then((repo) => repo ?? repos.delete(key)).catch(() => repos.delete(key));
  }
  return found;
}

async function probeRepo(root: string): Promise<Repo | undefined> {
  if (!existsSync(root)) return undefined;
  const { simpleGit } = await import("simple-git");
  const git = simpleGit({ baseDir: root });
  try {
    // Fails outside a work tree (also inside `.git`), which is what "no repository" means here.
    const out = await git.raw(["rev-parse", "--show-toplevel", "--git-path", "index"]);
    const [top, index] = out.split("\n").map((line) => line.trim());
    if (!top || !index) return undefined;
    return { git, top, indexFile: path.resolve(root, index) };
  } catch {
    return undefined;
  }
}

/** Repository facts for the checkout at `root`; a folder outside any repository is fine. */
export async function gitState(root: string): Promise<GitState> {
  const repo = await openRepo(root);
  if (!repo) return { isRepo: false, dirty: false, untracked: [] };
  const status = await repo.git.status();
  const underRoot = (file: string) => toRootRelative(root, repo.top, file);
  const changed = status.files.map((f) => underRoot(f.path)).filter((f) => f !== undefined);
  const untracked = status.not_added.map(underRoot).filter((f) => f !== undefined);
  const state: GitState = { isRepo: true, dirty: changed.length > 0, untracked };
  if (status.current && !status.detached) state.branch = status.current;
  return state;
}

/** True when `relPath` (relative to `root`) is a file git tracks; false outside a repository. */
export async function isTracked(root: string, relPath: string): Promise<boolean> {
  const repo = await openRepo(root);
  if (!repo) return false;
  const files = await trackedFiles(path.resolve(root), repo);
  return files.has(path.posix.normalize(relPath.split(path.sep).join("/")));
}

/** Tracked files under `root`, relative to it, listed again only after the index changed. */
function trackedFiles(root: string, repo: Repo): Promise<ReadonlySet<string>> {
  const stamp = indexStamp(repo.indexFile);
  const cached = trackedLists.get(root);
  if (cached?.stamp === stamp) return cached.files;
  const files = repo.git
    .raw(["ls-files", "-z", "--", "."])
    .then((out) => new Set(out.split("\0").filter((name) => name.length > 0)));
  trackedLists.set(root, { stamp, files });
  files.catch(() => trackedLists.delete(root));
  return files;
}

function indexStamp(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : "absent";
}

/** A path git reports (relative to the repository top) as relative to `root`, if inside it. */
function toRootRelative(root: string, top: string, file: string): string | undefined {
  const absolute = path.join(top, file);
  const realRoot = realpathSync(root);
  if (!isInside(realRoot, absolute, true)) return undefined;
  return path.relative(realRoot, absolute).split(path.sep).join("/");
}
