import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";

/** A throwaway copy of a checkout, committed to a fresh git repo so tracked-file rules apply. */
export async function scratchCheckout(
  source: string,
): Promise<{ root: string; cleanup: () => void }> {
  const root = mkdtempSync(path.join(os.tmpdir(), "nc-checkout-"));
  cpSync(source, root, { recursive: true });
  await commitAll(root);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Make `root` a fresh git repo with every file in it committed, so tracked-file rules apply. */
export async function commitAll(root: string): Promise<void> {
  const git = simpleGit({ baseDir: root });
  await git.init();
  await git.addConfig("user.email", "ci@example.invalid");
  await git.addConfig("user.name", "ci");
  await git.add(".");
  await git.commit("shipped files");
}

/** Every file under `root` (except .git) with its size and content, for before/after comparison. */
export function treeSnapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === ".git") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (statSync(full).isFile())
        out.set(path.relative(root, full), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return out;
}

/** Paths added between two snapshots; throws when any existing file changed or vanished. */
export function addedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  for (const [file, text] of before) {
    if (after.get(file) !== text) throw new Error(`existing file changed or removed: ${file}`);
  }
  return [...after.keys()].filter((file) => !before.has(file)).sort();
}
