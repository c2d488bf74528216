import type { ArtifactType, StepManifest } from "./schema.js";

/**
 * The artifact compatibility graph from `types.toml`. `is_a` edges are implicit
 * (no step needed, transitive); `convert_to` edges name the converter step.
 */
export class ArtifactGraph {
  private readonly ancestors = new Map<string, Set<string>>();

  constructor(readonly types: ReadonlyMap<string, ArtifactType>) {
    for (const name of types.keys()) this.ancestors.set(name, this.collectAncestors(name));
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  /** True when an artifact of type `actual` can be fed where `wanted` is consumed. */
  isCompatible(actual: string, wanted: string): boolean {
    if (actual === wanted) return true;
    return this.ancestors.get(actual)?.has(wanted) ?? false;
  }

  /** Every type `type` is implicitly usable as, itself included. */
  compatibleTargets(type: string): string[] {
    return [type, ...(this.ancestors.get(type) ?? [])];
  }

  /** The converter step that turns `from` into `to`, if the graph declares one. */
  converterFor(from: string, to: string): string | undefined {
    for (const source of this.compatibleTargets(from)) {
      const table = this.types.get(source)?.convertTo;
      if (table && Object.hasOwn(table, to)) return table[to];
    }
    return undefined;
  }

  private collectAncestors(name: string): Set<string> {
    const seen = new Set<string>();
    const queue = [...(this.types.get(name)?.isA ?? [])];
    while (queue.length > 0) {
      const next = queue.shift();
      if (next === undefined || seen.has(next) || next === name) continue;
      seen.add(next);
      queue.push(...(this.types.get(next)?.isA ?? []));
    }
    return seen;
  }
}

/** Steps whose outputs can satisfy a consumer of `type`. */
export function producersOf(steps: readonly StepManifest[], graph: ArtifactGraph, type: string) {
  return steps.filter((step) => step.produces.some((p) => graph.isCompatible(p.type, type)));
}

/** Steps that can take an artifact of `type` as one of their inputs. */
export function consumersOf(steps: readonly StepManifest[], graph: ArtifactGraph, type: string) {
  return steps.filter((step) => step.consumes.some((c) => graph.isCompatible(type, c.type)));
}
