import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { OutputMethodSchema } from "./output-method.js";

/** What one endpoint taught: the method that works, and the ones it refused. */
export const EndpointMethodsSchema = z.object({
  works: OutputMethodSchema.optional(),
  refused: z.array(OutputMethodSchema),
});
export type EndpointMethods = z.infer<typeof EndpointMethodsSchema>;

const METHOD_FILE_VERSION = 1;

const MethodFileSchema = z.object({
  version: z.literal(METHOD_FILE_VERSION),
  endpoints: z.record(z.string(), EndpointMethodsSchema),
});

/** The file's name beside a checkpoint store. */
export const METHOD_FILE_NAME = "llm-endpoints.json";

/**
 * The endpoints a file remembers. The file is a cache: a missing, unreadable
 * or foreign one counts as empty (the next refusal or success rewrites it).
 */
export function readMethodFile(file: string): Record<string, EndpointMethods> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = MethodFileSchema.safeParse(json);
  return parsed.success ? parsed.data.endpoints : {};
}

/**
 * Record one endpoint's entry. The file is read again first, so entries other
 * processes wrote meanwhile are kept, and replaced by rename, so a reader
 * never sees half a file. A file that cannot be written is skipped: the next
 * run learns again.
 */
export function writeMethodEntry(file: string, endpoint: string, entry: EndpointMethods): void {
  const endpoints = { ...readMethodFile(file), [endpoint]: entry };
  const body = { version: METHOD_FILE_VERSION, endpoints };
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // Read-only state directory or full disk: leave no temp file behind if one was made.
    try {
      rmSync(temp, { force: true });
    } catch {}
  }
}
