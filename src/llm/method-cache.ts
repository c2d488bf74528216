import { z } from "zod";

/** How a structured reply is requested from an OpenAI-compatible server. */
export const OutputMethodSchema = z.enum(["jsonSchema", "functionCalling", "jsonMode"]);
export type OutputMethod = z.infer<typeof OutputMethodSchema>;

/** The order tried when nothing is known about an endpoint yet. */
export const DEFAULT_METHOD_ORDER: readonly OutputMethod[] = [
  "jsonSchema",
  "functionCalling",
  "jsonMode",
];

/**
 * What has been learned about each endpoint (base URL + model): the method
 * that last produced a usable reply, and the methods the server refused with
 * HTTP 400. One instance lives as long as the process (or the graph's deps);
 * it is passed in, never global, so tests and threads do not share it by accident.
 */
export class MethodCache {
  private readonly working = new Map<string, OutputMethod>();
  private readonly refused = new Map<string, Set<OutputMethod>>();

  /** The methods to try for `endpoint`, best bet first. */
  order(
    endpoint: string,
    preferred: readonly OutputMethod[] = DEFAULT_METHOD_ORDER,
  ): OutputMethod[] {
    const refused = this.refused.get(endpoint) ?? new Set<OutputMethod>();
    const known = this.working.get(endpoint);
    const rest = preferred.filter((m) => m !== known && !refused.has(m));
    const order = known && preferred.includes(known) ? [known, ...rest] : rest;
    // When the server refused everything, try the list again rather than give up without a call.
    return order.length > 0 ? order : [...preferred];
  }

  worked(endpoint: string, method: OutputMethod): void {
    this.working.set(endpoint, method);
  }

  refusedBy(endpoint: string, method: OutputMethod): void {
    const set = this.refused.get(endpoint) ?? new Set<OutputMethod>();
    set.add(method);
    this.refused.set(endpoint, set);
    if (this.working.get(endpoint) === method) this.working.delete(endpoint);
  }

  /** The method known to work for `endpoint`, if any. */
  known(endpoint: string): OutputMethod | undefined {
    return this.working.get(endpoint);
  }
}
