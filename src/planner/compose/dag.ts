import type { Catalog, StepManifest } from "../../catalog/index.js";
import type { StageOrigin, StepRule, Variant } from "../rules/index.js";
import type { CompiledRules } from "./compiled.js";
import type { Facts, UserOrigin } from "./facts.js";

/** Where one input of a planned stage comes from. */
export type InputSource =
  | { kind: "stage"; node: PlanNode; type: string }
  | { kind: "user"; origin: UserOrigin | "missing"; role: string; waived: boolean };

export interface NodeInput {
  /** The consumed type as the step's manifest names it. */
  port: string;
  required: boolean;
  source: InputSource;
}

export interface NodeOutput {
  type: string;
  role: string | undefined;
}

/** A stage while the plan is being built (ids and params come later). */
export interface PlanNode {
  index: number;
  /** Sort key among stages that are ready at the same time (baseline eval runs first). */
  rank: number;
  step: StepManifest;
  rule: StepRule;
  variant: Variant | undefined;
  origin: StageOrigin;
  inputs: NodeInput[];
  outputs: NodeOutput[];
  done: boolean;
}

export interface AddOptions {
  origin: StageOrigin;
  variant?: Variant | undefined;
  rank?: number;
  /** Take checkpoint-like inputs only from this stage (eval of a trained model). */
  sourceNode?: PlanNode | undefined;
  /** Take inputs only from the user (baseline eval). */
  userOnly?: boolean;
  seed?: { port: string; source: InputSource; output: string };
}

interface Hop {
  from: string;
  to: string;
  stepId: string;
}

/** Chooses the variant (alternative shipped config) of a step for a stage of a given origin. */
export type VariantPicker = (step: StepManifest, origin: StageOrigin) => Variant | undefined;

const MAX_DEPTH = 6;

/**
 * Builds the stage DAG backward from each requested stage: every input is
 * wired to an earlier stage, the user, a chain of converter steps, or an
 * inserted producer step, in that order of preference.
 */
export class DagBuilder {
  readonly nodes: PlanNode[] = [];
  readonly produced = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly compiled: CompiledRules,
    private readonly facts: Facts,
    /** False for single-step answers: nothing is inserted, missing inputs come from the user. */
    private readonly expand: boolean,
    private readonly dropped: ReadonlySet<string>,
    private readonly pickVariant: VariantPicker,
  ) {}

  add(step: StepManifest, options: AddOptions, depth = 0): PlanNode {
    const variant = options.variant;
    const node: PlanNode = {
      index: this.nodes.length,
      rank: options.rank ?? this.nodes.length,
      step,
      rule: this.compiled.stepRule(step.id),
      variant,
      origin: options.origin,
      inputs: [],
      outputs: [],
      done: false,
    };
    this.nodes.push(node);
    for (const port of step.consumes) {
      if (variant?.omit.includes(port.type)) continue;
      const required = port.required || (variant?.require.includes(port.type) ?? false);
      if (options.seed?.port === port.type) {
        node.inputs.push({ port: port.type, required, source: options.seed.source });
      } else if (variant?.waive.includes(port.type)) {
        const source = { kind: "user", origin: "data", role: "user", waived: true } as const;
        node.inputs.push({ port: port.type, required, source });
      } else {
        const source = this.resolve(node, port.type, required, options, depth);
        if (source) node.inputs.push({ port: port.type, required, source });
      }
    }
    node.outputs = this.outputsOf(node, options.seed?.output);
    node.done = true;
    for (const output of node.outputs) this.produced.add(output.type);
    return node;
  }

  /**
   * Preference: an earlier stage's output, the user's own data or declared
   * artifacts, an earlier stage's output through converters, the named base
   * model, the user's artifacts through converters, an inserted producer.
   */
  private resolve(
    node: PlanNode,
    wanted: string,
    required: boolean,
    options: AddOptions,
    depth: number,
  ): InputSource | undefined {
    const canGrow = this.expand && depth < MAX_DEPTH;
    const convert = canGrow && (required || node.rule.convertOptional.includes(wanted));
    // "Feed the adapter straight into quantize": what the user wired in comes first, converted.
    const wired = this.facts.intent.directEdges
      .filter((e) => e.toStep === node.step.id)
      .map((e) => e.from);
    const found =
      this.fromStages(node, wanted, options) ??
      this.fromUser(node, wanted, options, ["data", "declared"]) ??
      (convert && wired.length > 0
        ? this.viaConverters(node, wanted, options, depth, "user", wired)
        : undefined) ??
      (convert ? this.viaConverters(node, wanted, options, depth, "stages") : undefined) ??
      this.fromUser(node, wanted, options, ["model"]) ??
      (convert ? this.viaConverters(node, wanted, options, depth, "user") : undefined);
    if (found) return found;
    const wantedMade =
      required || (node.rule.produceOptional.includes(wanted) && this.userFeeds(wanted));
    if (canGrow && wantedMade && !options.sourceNode && !options.userOnly) {
      const produced = this.viaProducer(node, wanted, depth);
      if (produced) return produced;
    }
    return required ? { kind: "user", origin: "missing", role: "user", waived: false } : undefined;
  }

  /** True when the user's own data is what the producer of `type` reads ("real data" for distillation). */
  private userFeeds(type: string): boolean {
    const stepId = this.compiled.rules.producers[type];
    const step = stepId ? this.catalog.step(stepId) : undefined;
    if (!step) return false;
    const graph = this.catalog.artifacts;
    return step.consumes.some(
      (c) =>
        c.required &&
        this.facts.userSources.some(
          (s) => s.origin === "data" && graph.isCompatible(s.type, c.type),
        ),
    );
  }

  /** True when the consumer takes an input of `type` carrying `role`. */
  accepts(rule: StepRule, type: string, role: string | undefined): boolean {
    const list = rule.accept[type];
    return !list || role === undefined || role === "user" || list.includes(role);
  }

  private stageCandidates(options: AddOptions): PlanNode[] {
    if (options.userOnly) return [];
    if (options.sourceNode) return this.carriedOn(options.sourceNode);
    return this.nodes.filter((n) => n.done).reverse();
  }

  /** A stage and the converters that already carry its output on ("convert it and evaluate"), latest first. */
  private carriedOn(source: PlanNode): PlanNode[] {
    const chain = [source];
    for (const node of this.nodes) {
      const fed = node.inputs.some(
        (i) => i.source.kind === "stage" && chain.includes(i.source.node),
      );
      if (node.done && node.step.category === "convert" && fed) chain.push(node);
    }
    return chain.reverse();
  }

  private fromStages(node: PlanNode, wanted: string, options: AddOptions): InputSource | undefined {
    const graph = this.catalog.artifacts;
    for (const candidate of this.stageCandidates(options)) {
      const output = candidate.outputs.find(
        (o) => graph.isCompatible(o.type, wanted) && this.accepts(node.rule, wanted, o.role),
      );
      if (output) return { kind: "stage", node: candidate, type: output.type };
    }
    return undefined;
  }

  private fromUser(
    node: PlanNode,
    wanted: string,
    options: AddOptions,
    origins: readonly UserOrigin[],
  ): InputSource | undefined {
    if (options.sourceNode) return undefined;
    const graph = this.catalog.artifacts;
    for (const origin of origins) {
      const source = this.facts.userSources.find(
        (s) =>
          s.origin === origin &&
          graph.isCompatible(s.type, wanted) &&
          this.accepts(node.rule, wanted, s.role),
      );
      if (source) return { kind: "user", origin, role: source.role, waived: false };
    }
    return undefined;
  }

  private viaConverters(
    node: PlanNode,
    wanted: string,
    options: AddOptions,
    depth: number,
    from: "stages" | "user",
    onlyTypes?: readonly string[],
  ): InputSource | undefined {
    const starts: Array<{ type: string; role: string | undefined; source: InputSource }> = [];
    const stages = from === "stages" ? this.stageCandidates(options) : [];
    for (const candidate of stages) {
      for (const o of candidate.outputs) {
        starts.push({
          type: o.type,
          role: o.role,
          source: { kind: "stage", node: candidate, type: o.type },
        });
      }
    }
    if (from === "user" && !options.sourceNode) {
      for (const s of this.facts.userSources) {
        if (onlyTypes && !onlyTypes.includes(s.type)) continue;
        const source = { kind: "user", origin: s.origin, role: s.role, waived: false } as const;
        starts.push({ type: s.type, role: s.role, source });
      }
    }
    for (const start of starts) {
      if (!this.accepts(node.rule, wanted, start.role)) continue;
      const hops = this.conversionPath(start.type, wanted);
      if (hops) return this.addChain(start.source, hops, depth);
    }
    return undefined;
  }

  /**
   * End the plan with an artifact of `type` the user asked for: when the last stage
   * does not make it, convert that stage's output with the shortest converter chain.
   */
  deliver(type: string): void {
    if (!this.expand) return;
    const graph = this.catalog.artifacts;
    // The end of the plan: the last stage whose output no other stage reads, a goal if any.
    const read = new Set(
      this.nodes.flatMap((n) =>
        n.inputs.flatMap((i) => (i.source.kind === "stage" ? [i.source.node] : [])),
      ),
    );
    const sinks = this.nodes.filter((n) => !read.has(n));
    const last = sinks.filter((n) => n.origin === "goal").at(-1) ?? sinks.at(-1);
    if (!last || last.outputs.some((o) => graph.isCompatible(o.type, type))) return;
    for (const output of last.outputs) {
      const hops = this.conversionPath(output.type, type);
      if (!hops) continue;
      this.addChain({ kind: "stage", node: last, type: output.type }, hops, 0);
      return;
    }
  }

  private addChain(
    start: InputSource,
    hops: readonly Hop[],
    depth: number,
  ): InputSource | undefined {
    let previous = start;
    for (const hop of hops) {
      const step = this.catalog.step(hop.stepId);
      if (!step) return undefined;
      const port = step.consumes.find((p) => this.catalog.artifacts.isCompatible(hop.from, p.type));
      const seed = { port: port?.type ?? hop.from, source: previous, output: hop.to };
      const variant = this.pickVariant(step, "converter");
      const converter = this.add(step, { origin: "converter", variant, seed }, depth + 1);
      previous = { kind: "stage", node: converter, type: hop.to };
    }
    return previous;
  }

  /** Shortest chain of converter steps (at most three) from `from` to something usable as `wanted`. */
  private conversionPath(from: string, wanted: string): Hop[] | undefined {
    const graph = this.catalog.artifacts;
    const queue: Array<{ type: string; hops: Hop[] }> = [{ type: from, hops: [] }];
    const seen = new Set([from]);
    while (queue.length > 0) {
      const current = queue.shift();
      if (!current || current.hops.length >= 3) continue;
      for (const source of graph.compatibleTargets(current.type)) {
        for (const [to, stepId] of Object.entries(graph.types.get(source)?.convertTo ?? {})) {
          if (seen.has(to) || this.dropped.has(stepId) || !this.catalog.step(stepId)) continue;
          const hops = [...current.hops, { from: current.type, to, stepId }];
          if (graph.isCompatible(to, wanted)) return hops;
          seen.add(to);
          queue.push({ type: to, hops });
        }
      }
    }
    return undefined;
  }

  private viaProducer(node: PlanNode, wanted: string, depth: number): InputSource | undefined {
    const stepId = this.compiled.rules.producers[wanted] ?? this.roleProducer(node, wanted);
    const step = stepId ? this.catalog.step(stepId) : undefined;
    if (!step || step.id === node.step.id || this.dropped.has(step.id)) return undefined;
    const output = step.produces.find((p) => this.catalog.artifacts.isCompatible(p.type, wanted));
    if (!output) return undefined;
    const producer = this.add(
      step,
      { origin: "producer", variant: this.pickVariant(step, "producer") },
      depth + 1,
    );
    return { kind: "stage", node: producer, type: output.type };
  }

  /** The step that turns the user's data of `wanted`, in a role the consumer refuses, into one it takes. */
  private roleProducer(node: PlanNode, wanted: string): string | undefined {
    const taken = node.rule.accept[wanted];
    if (!taken) return undefined;
    const graph = this.catalog.artifacts;
    const refused = this.facts.userSources
      .filter((s) => graph.isCompatible(s.type, wanted) && !taken.includes(s.role))
      .map((s) => s.role);
    return this.compiled.rules.roleProducers.find(
      (p) => taken.includes(p.to) && p.from.some((role) => refused.includes(role)),
    )?.step;
  }

  private outputsOf(node: PlanNode, extra: string | undefined): NodeOutput[] {
    const declared = node.variant?.produces;
    const types = declared
      ? node.step.produces.filter((p) => declared.includes(p.type)).map((p) => p.type)
      : node.step.produces.filter((p) => p.required || p.type === extra).map((p) => p.type);
    const role =
      node.variant?.outputRole ??
      node.rule.outputRole ??
      this.compiled.rules.outputRoles[node.step.category] ??
      this.inheritedRole(node);
    return types.map((type) => ({ type, role }));
  }

  private inheritedRole(node: PlanNode): string | undefined {
    for (const input of node.inputs) {
      const { source } = input;
      if (source.kind === "stage") {
        return source.node.outputs.find((o) => o.type === source.type)?.role;
      }
      if (source.origin !== "missing" && !source.waived) return source.role;
    }
    return undefined;
  }
}
