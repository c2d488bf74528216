import type { StageScope } from "./conditions.js";
import type { Entry } from "./entry.js";

/** What stage-scoped conditions see about one planned stage. */
export function scopeOf(entry: Entry, entries: readonly Entry[]): StageScope {
  const { node } = entry;
  const consumes = new Set<string>();
  const upstream = new Set<string>();
  for (const input of node.inputs) {
    if (
      input.source.kind === "user" &&
      (input.source.waived || input.source.origin === "missing")
    ) {
      continue;
    }
    consumes.add(input.port);
    if (input.source.kind === "stage") {
      consumes.add(input.source.type);
      upstream.add(input.source.node.step.id);
    }
  }
  const feeds = new Set<string>();
  const downstream = new Set<string>();
  for (const other of entries) {
    for (const input of other.node.inputs) {
      if (input.source.kind === "stage" && input.source.node === node) {
        feeds.add(input.source.type);
        downstream.add(other.node.step.id);
      }
    }
  }
  return {
    step: node.step.id,
    origin: node.origin,
    variant: node.variant?.name,
    consumes: [...consumes],
    feeds: [...feeds],
    upstream: [...upstream],
    downstream: [...downstream],
  };
}
