import type { PathHints } from "../rules/index.js";

/** What a path's shape says: a data file (or glob), one saved iteration, or anything else. */
export type PathShape = "data" | "iteration" | "plain";

/** A filesystem location rather than a hub id (`/ckpt/x`, `./runs`, `~/m`). */
export const isPathLike = (text: string) => /^(\/|\.{1,2}\/|~)/.test(text);

/** A hub model id (`org/name`), not a path. */
export const isHubId = (text: string | undefined) =>
  text !== undefined && !isPathLike(text) && /^[\w.-]+\/[\w.-]+$/u.test(text);

const lastSegment = (path: string) => path.replace(/\/+$/, "").split("/").at(-1) ?? "";

export function pathShape(path: string, hints: PathHints): PathShape {
  if (/[*?[]/.test(path)) return "data";
  const last = lastSegment(path);
  const dot = last.lastIndexOf(".");
  const ext = dot > 0 ? last.slice(dot + 1).toLowerCase() : undefined;
  if (ext && hints.dataExtensions.includes(ext)) return "data";
  if (new RegExp(hints.iterationSegment).test(last)) return "iteration";
  return "plain";
}

/** True when `path` feeds an input that loads one saved iteration but names a folder above it. */
export function missesIteration(path: string, port: string, hints: PathHints): boolean {
  return hints.iterationTypes.includes(port) && pathShape(path, hints) !== "iteration";
}
