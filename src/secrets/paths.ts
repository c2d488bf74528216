/**
 * What counts as a path in text that comes from outside the program (a
 * request, a model's reply): the one rule every check of proposed values
 * uses. A path is anything that could name a file or a location: absolute,
 * relative, `~` or `~user`, a `file:` URI or any URL scheme.
 */

/** `scheme:` at the start (`http://`, `s3://`, `file:/x`, `hf://`), not a Windows drive letter. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;
const EDGE_OPEN = /^[("'`<[{]+/;
const EDGE_CLOSE = /[)"'`>\]},;:!?.]+$/;

/** True when `value` reads as a file, directory or location rather than a word or number. */
export function isPathLike(value: string): boolean {
  const text = value.trim();
  if (text.length === 0) return false;
  if (text.startsWith("~") || text.startsWith("/") || text.startsWith("\\")) return true;
  if (/^\.{1,2}(?:[/\\]|$)/.test(text)) return true;
  if (/^[A-Za-z]:[/\\]/.test(text)) return true;
  if (SCHEME.test(text) && !/^[A-Za-z][A-Za-z0-9+.-]+:\s*$/.test(text)) return true;
  return text.includes("/") || text.includes("\\");
}

/**
 * The path-like tokens of a text, each whole and with surrounding punctuation
 * removed (`"/data/x.jsonl",` gives `/data/x.jsonl`): what "a path the user
 * wrote" means. A part of a token never counts.
 */
export function writtenPaths(text: string): string[] {
  const found = new Set<string>();
  for (const raw of text.split(/\s+/u)) {
    let token = raw.replace(EDGE_OPEN, "");
    // A trailing `.` or `:` ends a sentence; one inside the token (`x.jsonl`) stays.
    token = token.replace(EDGE_CLOSE, "");
    if (token.length > 0 && isPathLike(token)) found.add(token);
  }
  return [...found];
}

/** `/a/./b//c/` as `/a/b/c`; undefined when it climbs out with `..`. */
function normalized(p: string): string | undefined {
  const absolute = p.startsWith("/");
  const parts: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return undefined;
    parts.push(part);
  }
  return `${absolute ? "/" : ""}${parts.join("/")}`;
}

/**
 * True when `value` is a path the program may write on the user's behalf:
 * exactly one of `given` (whole tokens the user wrote), or a path inside one
 * of `roots` (the user's output directories) that never climbs out of it.
 */
export function pathAllowed(
  value: string,
  given: readonly string[],
  roots: readonly string[] = [],
): boolean {
  if (given.includes(value)) return true;
  if (SCHEME.test(value) || value.includes("\\")) return false;
  const target = normalized(value);
  if (target === undefined || !value.startsWith("/")) return false;
  return roots.some((root) => {
    const base = root.startsWith("/") ? normalized(root) : undefined;
    return base !== undefined && base !== "/" && target.startsWith(`${base}/`);
  });
}
