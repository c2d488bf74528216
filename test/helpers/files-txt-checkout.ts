import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { commitAll } from "./scratch.js";
import { SNAPSHOT } from "./snapshot.js";

export interface FilesTxtCheckout {
  root: string;
  /** How many empty `.py` files were laid out from FILES.txt. */
  pythonFiles: number;
  cleanup: () => void;
}

/** `.py` paths listed in a snapshot's FILES.txt that stay inside the checkout. */
export function listedPythonFiles(source: string): string[] {
  const listing = path.join(source, "FILES.txt");
  if (!existsSync(listing)) return [];
  return readFileSync(listing, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.endsWith(".py"))
    .filter((line) => !path.isAbsolute(line) && !line.split("/").includes(".."));
}

/**
 * A scratch copy of the snapshot (in the OS temp dir) with an empty file for
 * every `*.py` path FILES.txt lists, so module-existence checks see the layout
 * of a real checkout. Files the snapshot already has are left as they are.
 * With `git: true` the copy is committed, so tracked-file rules apply.
 */
export async function filesTxtCheckout(
  options: { source?: string; git?: boolean } = {},
): Promise<FilesTxtCheckout> {
  const source = options.source ?? SNAPSHOT;
  const root = mkdtempSync(path.join(os.tmpdir(), "nc-files-txt-"));
  cpSync(source, root, { recursive: true });
  let pythonFiles = 0;
  for (const rel of listedPythonFiles(source)) {
    const file = path.join(root, rel);
    if (existsSync(file)) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    closeSync(openSync(file, "wx"));
    pythonFiles += 1;
  }
  if (options.git) await commitAll(root);
  return { root, pythonFiles, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
