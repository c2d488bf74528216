import { readFileSync, type Stats, statSync } from "node:fs";
import { CatalogError } from "./errors.js";

/** No file of a checkout that this program reads is anywhere near this big. */
export const MAX_CHECKOUT_FILE_BYTES = 8 * 1024 * 1024;

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a regular file";
}

/**
 * The text of a checkout file, refusing anything that could hang or exhaust
 * the process: only regular files are opened (a FIFO would block the read
 * forever), and only up to a size cap. `shown` is the path used in errors.
 */
export function readRegularFile(
  absolute: string,
  shown: string,
  maxBytes = MAX_CHECKOUT_FILE_BYTES,
): string {
  let stat: Stats;
  try {
    stat = statSync(absolute);
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    throw new CatalogError(shown, `cannot read the file (${code})`);
  }
  if (!stat.isFile())
    throw new CatalogError(shown, `${kindOf(stat)}, not a file; refusing to read it`);
  if (stat.size > maxBytes) {
    throw new CatalogError(
      shown,
      `${stat.size} bytes is over the ${maxBytes}-byte limit for a checkout file; refusing to read it`,
    );
  }
  return readFileSync(absolute, "utf8");
}
