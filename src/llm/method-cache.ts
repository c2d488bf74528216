import { LlmConfigError } from "./errors.js";
import { type EndpointMethods, readMethodFile, writeMethodEntry } from "./method-file.js";
import { type OutputMethod, OutputMethodSchema } from "./output-method.js";

export { type OutputMethod, OutputMethodSchema } from "./output-method.js";

/** The order tried when nothing is known about an endpoint yet. */
export const DEFAULT_METHOD_ORDER: readonly OutputMethod[] = OutputMethodSchema.options;

/** How a person names each method in a flag or variable. */
const SPELLINGS: Record<OutputMethod, string> = {
  jsonSchema: "json_schema",
  functionCalling: "function_calling",
  jsonMode: "json_mode",
};

/** The user-facing name of a method (`json_schema`, `function_calling`, `json_mode`). */
export const methodName = (method: OutputMethod): string => SPELLINGS[method];

/**
 * Read `--output-method` / `NEMOTRON_CUSTOMIZE_OUTPUT_METHOD`. Case, `-` and
 * `_` do not matter, so `json_schema`, `json-schema` and `jsonSchema` (the
 * names `@langchain/openai` uses) all name the same method.
 */
export function parseOutputMethod(text: string, source: string): OutputMethod {
  const wanted = text
    .trim()
    .toLowerCase()
    .replace(/[-_\s]/g, "");
  const found = OutputMethodSchema.options.find((m) => m.toLowerCase() === wanted);
  if (found) return found;
  const names = OutputMethodSchema.options.map(methodName).join(", ");
  throw new LlmConfigError(`${source} must be one of ${names} (got "${text.trim()}")`);
}

export interface MethodCacheOptions {
  /**
   * A JSON file that keeps what was learned across runs, so a later process
   * does not probe a method the endpoint already refused. Without it the
   * cache lives as long as the process.
   */
  file?: string;
}

/**
 * What has been learned about each endpoint (base URL without credentials +
 * model): the method that last produced a usable reply, and the methods the
 * server refused with HTTP 400/422. One instance lives as long as the process
 * (or the graph's deps); it is passed in, never global, so tests and threads
 * do not share it by accident.
 */
export class MethodCache {
  private readonly entries: Map<string, EndpointMethods>;
  private readonly file: string | undefined;

  constructor(options: MethodCacheOptions = {}) {
    this.file = options.file;
    this.entries = new Map(this.file ? Object.entries(readMethodFile(this.file)) : []);
  }

  /**
   * The methods to try for `endpoint`, best bet first. A `configured` method
   * always comes first; otherwise the one known to work, then the defaults
   * the endpoint has not refused.
   */
  order(endpoint: string, configured?: OutputMethod): OutputMethod[] {
    const entry = this.entries.get(endpoint);
    const refused = new Set(entry?.refused ?? []);
    const first = configured ?? entry?.works;
    const rest = DEFAULT_METHOD_ORDER.filter((m) => m !== first && !refused.has(m));
    const order = first ? [first, ...rest] : rest;
    // When the server refused everything, try the list again rather than give up without a call.
    return order.length > 0 ? order : [...DEFAULT_METHOD_ORDER];
  }

  worked(endpoint: string, method: OutputMethod): void {
    const entry = this.entries.get(endpoint) ?? { refused: [] };
    if (entry.works === method && !entry.refused.includes(method)) return;
    this.update(endpoint, {
      works: method,
      refused: entry.refused.filter((m) => m !== method),
    });
  }

  refusedBy(endpoint: string, method: OutputMethod): void {
    const entry = this.entries.get(endpoint) ?? { refused: [] };
    if (entry.refused.includes(method)) return;
    const works = entry.works === method ? undefined : entry.works;
    this.update(endpoint, {
      ...(works ? { works } : {}),
      refused: [...entry.refused, method],
    });
  }

  /** The method known to work for `endpoint`, if any. */
  known(endpoint: string): OutputMethod | undefined {
    return this.entries.get(endpoint)?.works;
  }

  /** The methods `endpoint` refused so far. */
  refused(endpoint: string): OutputMethod[] {
    return [...(this.entries.get(endpoint)?.refused ?? [])];
  }

  private update(endpoint: string, entry: EndpointMethods): void {
    this.entries.set(endpoint, entry);
    if (this.file) writeMethodEntry(this.file, endpoint, entry);
  }
}
