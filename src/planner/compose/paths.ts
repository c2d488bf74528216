import type { PathHints } from "../rules/index.js";
import type { CompiledRules } from "./compiled.js";
import type { NodeInput, PlanNode } from "./dag.js";
import type { Collector } from "./entry.js";
import type { Facts } from "./facts.js";
import { pathShape } from "./path-shape.js";

/** Where the user's paths go: the inputs they fill and the stage outputs they name. */
export interface PathAssignment {
  inputs: Map<NodeInput, string>;
  /** Output locations the request names for a stage, used verbatim. */
  outputs: Map<PlanNode, string>;
}

class PathPool {
  private readonly left: string[];

  constructor(
    paths: readonly string[],
    private readonly hints: PathHints,
  ) {
    this.left = [...paths];
  }

  /** Data inputs take data-shaped paths first, then plain ones; other inputs never take data files. */
  take(forData: boolean): string | undefined {
    const shapes = this.left.map((p) => pathShape(p, this.hints));
    let index = forData ? shapes.indexOf("data") : shapes.findIndex((s) => s !== "data");
    if (index < 0 && forData) index = shapes.indexOf("plain");
    if (index < 0) return undefined;
    return this.left.splice(index, 1)[0];
  }

  /** Paths that can name an output location (not data files), in request order. */
  takeOutputs(count: number): string[] {
    const outputs = this.left.filter((p) => pathShape(p, this.hints) !== "data").slice(0, count);
    for (const path of outputs) this.left.splice(this.left.indexOf(path), 1);
    return outputs;
  }

  get rest(): readonly string[] {
    return this.left;
  }
}

/**
 * Give the user's paths to the plan, in stage order: first to inputs the
 * user's data or declared artifacts feed (required before optional), then
 * to required inputs nothing else provides, then to optional inputs the
 * rules let a path fill. Paths left over name the outputs of the requested
 * stages; anything still left is reported. Optional inputs left without a
 * path are unwired.
 */
export function assignPaths(
  ordered: readonly PlanNode[],
  facts: Facts,
  compiled: CompiledRules,
  collector: Collector,
): PathAssignment {
  const hints = compiled.rules.paths;
  const pool = new PathPool(facts.intent.data.paths, hints);
  const inputs = new Map<NodeInput, string>();
  const isData = (port: string) => compiled.dataTypes.has(port);
  const fed = (input: NodeInput) =>
    input.source.kind === "user" &&
    !input.source.waived &&
    (input.source.origin === "data" || input.source.origin === "declared");
  const give = (input: NodeInput, node: PlanNode) => {
    // An optional input the rules open to paths may read what another input of the same
    // type already reads (a baseline eval of the checkpoint training starts from).
    const shared = node.rule.pathOptional.includes(input.port)
      ? [...inputs].find(([other]) => other.port === input.port && fed(other))?.[1]
      : undefined;
    const path = pool.take(isData(input.port)) ?? shared;
    if (path !== undefined) inputs.set(input, path);
    return path !== undefined;
  };
  for (const required of [true, false]) {
    for (const node of ordered) {
      for (const input of node.inputs) {
        if (input.required === required && fed(input)) give(input, node);
      }
    }
  }
  for (const node of ordered) {
    for (const input of node.inputs) {
      const { source } = input;
      if (!input.required || source.kind !== "user" || source.origin !== "missing") continue;
      if (give(input, node)) input.source = { ...source, origin: "declared" };
    }
  }
  for (const node of ordered) fillOptional(node, pool, inputs, isData);
  for (const node of ordered) {
    node.inputs = node.inputs.filter((i) => i.required || !fed(i) || inputs.has(i));
  }
  const outputs = new Map<PlanNode, string>();
  const named = ordered.filter(
    (n) => n.origin === "goal" && n.outputs.some((o) => n.rule.outputs[o.type]),
  );
  // With an output directory in the request, the last requested stage is left to it.
  const open = facts.intent.outputDir ? named.slice(0, -1) : named;
  pool.takeOutputs(open.length).forEach((path, i) => {
    const node = open[i];
    if (node) outputs.set(node, path);
  });
  for (const unused of pool.rest) {
    collector.warn(
      "unused_input",
      `no planned stage reads ${unused}.`,
      "Say which stage should read it, or drop it from the request.",
    );
  }
  return { inputs, outputs };
}

/** Optional inputs the rules let a leftover path fill (a checkpoint to evaluate, say). */
function fillOptional(
  node: PlanNode,
  pool: PathPool,
  inputs: Map<NodeInput, string>,
  isData: (port: string) => boolean,
) {
  for (const port of node.rule.pathOptional) {
    if (node.inputs.some((i) => i.port === port) || node.variant?.omit.includes(port)) continue;
    if (!node.step.consumes.some((p) => p.type === port)) continue;
    const path = pool.take(isData(port));
    if (path === undefined) continue;
    const source = { kind: "user", origin: "declared", role: "user", waived: false } as const;
    const input: NodeInput = { port, required: false, source };
    node.inputs.push(input);
    inputs.set(input, path);
  }
}
