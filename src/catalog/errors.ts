/**
 * One problem found while reading a checkout, located as precisely as the
 * source allows. Rendered as `file:line:column: message` so editors can jump to it.
 */
export class CatalogError extends Error {
  override readonly name = "CatalogError";

  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(formatLocation(file, line, column) + reason);
  }
}

function formatLocation(file: string, line?: number, column?: number): string {
  if (line === undefined) return `${file}: `;
  if (column === undefined) return `${file}:${line}: `;
  return `${file}:${line}:${column}: `;
}

/** 1-based line and column of the first match of `pattern` in `text`, if any. */
export function locate(
  text: string,
  pattern: RegExp,
  from = 0,
): { line: number; column: number; index: number } | undefined {
  const re = new RegExp(
    pattern.source,
    pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`,
  );
  re.lastIndex = from;
  const match = re.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index);
  const line = before.split("\n").length;
  const column = match.index - before.lastIndexOf("\n");
  return { line, column, index: match.index };
}
