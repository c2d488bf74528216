import type { ArtifactGraph } from "../../catalog/artifacts.js";
import type { ArtifactPort, Pattern, StepManifest, TomlValue } from "../../catalog/schema.js";
import { renderTable } from "./table.js";

/** The JSON shape of one step in `steps list/show --json`. */
export function stepToJson(step: StepManifest) {
  return {
    id: step.id,
    name: step.name,
    category: step.category,
    description: step.description,
    tags: step.tags,
    path: step.path,
    consumes: step.consumes.map(portToJson),
    produces: step.produces.map(portToJson),
    parameters: step.parameters.map((p) => ({
      name: p.name,
      default: p.default ?? null,
      description: p.description,
      choices: p.choices ?? null,
    })),
    models: step.models.map((m) => ({
      name: m.name,
      default: m.default,
      min_gpus: m.min_gpus ?? null,
      description: m.description,
    })),
    strategies: step.strategies.map((s) => ({ when: s.when, then: s.then })),
    configs: step.configs,
  };
}

function portToJson(port: ArtifactPort) {
  return { type: port.type, required: port.required, description: port.description };
}

function ports(list: readonly ArtifactPort[]): string {
  if (list.length === 0) return "-";
  return list.map((p) => (p.required ? p.type : `${p.type}?`)).join(", ");
}

export function renderStepList(steps: readonly StepManifest[]): string {
  if (steps.length === 0) return "No steps match.";
  const rows = steps.map((s) => [s.id, ports(s.consumes), ports(s.produces), s.configs.join(",")]);
  return `${renderTable(["STEP", "CONSUMES", "PRODUCES", "CONFIGS"], rows)}\n\n${steps.length} step(s); ? marks an optional artifact.`;
}

function formatValue(value: TomlValue | undefined): string {
  return value === undefined ? "" : JSON.stringify(value);
}

export function renderStepDetail(step: StepManifest): string {
  const out: string[] = [`${step.id} — ${step.name}`, `  path: ${step.path}`];
  if (step.tags.length) out.push(`  tags: ${step.tags.join(", ")}`);
  out.push("", wrap(step.description, "  "), "");
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(title, ...lines.map((l) => `  ${l}`), "");
  };
  section(
    "consumes",
    step.consumes.map((p) => `${p.type}${p.required ? "" : " (optional)"}`),
  );
  section(
    "produces",
    step.produces.map((p) => `${p.type}${p.required ? "" : " (optional)"}`),
  );
  section(
    "models",
    step.models.map(
      (m) =>
        `${m.name}${m.default ? " [default]" : ""}${m.min_gpus ? `  min_gpus=${m.min_gpus}` : ""}`,
    ),
  );
  section(
    "parameters",
    step.parameters.map((p) => {
      const def = p.default === undefined ? "" : ` = ${formatValue(p.default)}`;
      const choices = p.choices
        ? `  choices: ${p.choices.map((c) => formatValue(c)).join(" | ")}`
        : "";
      return `${p.name}${def}${choices}`;
    }),
  );
  section(
    "strategies",
    step.strategies.map((s) => `when ${s.when}: ${s.then}`),
  );
  section(
    "known errors",
    step.errors.map((e) => `${e.name}: ${e.recovery}`),
  );
  section(
    "configs",
    step.configs.map((c) => `${step.path}/config/${c}.yaml`),
  );
  return out.join("\n").trimEnd();
}

export function typesToJson(graph: ArtifactGraph, steps: readonly StepManifest[]) {
  return [...graph.types.values()].map((t) => ({
    name: t.name,
    description: t.description,
    is_a: t.isA,
    compatible_with: graph.compatibleTargets(t.name).slice(1),
    convert_to: t.convertTo,
    produced_by: steps.filter((s) => s.produces.some((p) => p.type === t.name)).map((s) => s.id),
    consumed_by: steps.filter((s) => s.consumes.some((p) => p.type === t.name)).map((s) => s.id),
  }));
}

export function renderTypes(rows: ReturnType<typeof typesToJson>): string {
  return renderTable(
    ["TYPE", "IS_A", "CONVERT_TO", "PRODUCED BY"],
    rows.map((t) => [
      t.name,
      t.compatible_with.join(", ") || "-",
      Object.entries(t.convert_to)
        .map(([to, via]) => `${to} via ${via}`)
        .join("; ") || "-",
      t.produced_by.join(", ") || "-",
    ]),
  );
}

export function renderPatterns(patterns: readonly Pattern[]): string {
  return renderTable(
    ["PATTERN", "SCOPE", "STEPS", "TITLE"],
    patterns.map((p) => [p.id, p.scope, p.steps.join(", ") || "-", p.title]),
  );
}

function wrap(text: string, indent: string, width = 88): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(indent + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(indent + current);
  return lines.join("\n");
}
