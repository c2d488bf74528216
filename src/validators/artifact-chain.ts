import type { Catalog } from "../catalog/index.js";
import type { PlanContext } from "../planner/context.js";
import type { Finding, Stage } from "../planner/plan.js";
import { error } from "./finding.js";

/** The part of a stage the graph check needs (also what a parsed mermaid diagram yields). */
export type GraphStage = Pick<Stage, "id" | "step" | "consumes" | "produces">;

/**
 * The plan graph is sound: every step exists, every input is a type the step
 * consumes and comes from the user or from an earlier stage that produces it,
 * every required input of the manifest is wired, outputs are ones the step
 * declares, stage ids are unique and there is no cycle.
 */
export function checkPlanGraph(stages: readonly GraphStage[], catalog: Catalog): Finding[] {
  const graph = catalog.artifacts;
  const findings: Finding[] = [];
  const byId = new Map<string, GraphStage>();
  for (const stage of stages) {
    if (byId.has(stage.id)) {
      findings.push(
        error(
          "duplicate_stage",
          `two stages are named ${stage.id}.`,
          "Give every stage its own id.",
          stage.id,
        ),
      );
    }
    byId.set(stage.id, stage);
  }
  for (const stage of stages) {
    const step = catalog.step(stage.step);
    if (!step) {
      findings.push(
        error(
          "unknown_step",
          `${stage.id} uses ${stage.step}, which is not a catalog step.`,
          "Pick a step from `nemotron steps list`, or plan an Explorer build.",
          stage.id,
        ),
      );
      continue;
    }
    for (const input of stage.consumes) {
      const port = step.consumes.find((p) => graph.isCompatible(input.type, p.type));
      if (!graph.has(input.type) || !port) {
        const wants = step.consumes.map((p) => p.type).join(", ") || "nothing";
        findings.push(
          error(
            "artifact_chain",
            `${stage.id} (${stage.step}) is fed ${input.type}, but it consumes ${wants}.`,
            `Feed it one of: ${wants}.`,
            stage.id,
          ),
        );
        continue;
      }
      if (input.from === "user") continue;
      const upstream = byId.get(input.from);
      if (!upstream) {
        findings.push(
          error(
            "artifact_chain",
            `${stage.id} reads ${input.type} from ${input.from}, which is not a stage of the plan.`,
            "Wire the input to an existing stage or to the user.",
            stage.id,
          ),
        );
      } else if (!upstream.produces.some((p) => graph.isCompatible(p.type, input.type))) {
        const made = upstream.produces.map((p) => p.type).join(", ") || "nothing";
        findings.push(
          error(
            "artifact_chain",
            `${stage.id} reads ${input.type} from ${upstream.id}, which produces ${made}.`,
            `Insert a step that turns ${made} into ${input.type}, or read it from elsewhere.`,
            stage.id,
          ),
        );
      }
    }
    for (const port of step.consumes.filter((p) => p.required)) {
      if (!stage.consumes.some((input) => graph.isCompatible(input.type, port.type))) {
        findings.push(
          error(
            "artifact_chain",
            `${stage.id} (${stage.step}) has no ${port.type} input, which its manifest requires.`,
            `Add a stage that produces ${port.type} before it, or take it from the user.`,
            stage.id,
          ),
        );
      }
    }
    for (const output of stage.produces) {
      if (!step.produces.some((p) => graph.isCompatible(p.type, output.type))) {
        findings.push(
          error(
            "artifact_chain",
            `${stage.id} claims to produce ${output.type}, which ${stage.step} does not declare.`,
            `List only what ${stage.step} produces.`,
            stage.id,
          ),
        );
      }
    }
  }
  const cycle = findCycle(stages, byId);
  if (cycle) {
    findings.push(
      error(
        "cycle",
        `the stages form a cycle: ${cycle.join(" -> ")}.`,
        "Remove one of the edges so the plan runs in one direction.",
      ),
    );
  }
  return findings;
}

/** The artifact-chain hard check over a composed plan. */
export function checkArtifactChain(draft: { stages: readonly GraphStage[] }, ctx: PlanContext) {
  return checkPlanGraph(draft.stages, ctx.catalog);
}

function findCycle(stages: readonly GraphStage[], byId: ReadonlyMap<string, GraphStage>) {
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "open") return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, "open");
    trail.push(id);
    for (const input of byId.get(id)?.consumes ?? []) {
      if (input.from === "user" || !byId.has(input.from)) continue;
      const found = visit(input.from);
      if (found) return found;
    }
    trail.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const stage of stages) {
    const found = visit(stage.id);
    if (found) return found;
  }
  return undefined;
}
