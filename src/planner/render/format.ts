import type { Catalog } from "../../catalog/index.js";
import { hidesValue } from "../../secrets/index.js";
import { overrideText } from "../commands/index.js";
import type { Hardware, Intent } from "../intent.js";
import type { Finding, ParamValue, Stage } from "../plan.js";

/** An inline code span that survives backticks inside the text. */
export function code(text: string): string {
  if (!text.includes("`")) return `\`${text}\``;
  const longest = Math.max(...(text.match(/`+/g) ?? [""]).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

/** Text safe inside a markdown table cell (GFM unescapes `\|` even inside code spans). */
export function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

/** `key=value` for display; credential values never appear. */
export function paramText(key: string, value: ParamValue): string {
  return `${key}=${hidesValue(key) ? "(withheld)" : overrideText(value)}`;
}

/** Up to `limit` params, the ones the step declares as `[[parameters]]` first. */
export function keyParams(stage: Stage, catalog: Catalog, limit = 3): string[] {
  const declared = new Set(catalog.step(stage.step)?.parameters.map((p) => p.name) ?? []);
  const entries = Object.entries(stage.params);
  const ordered = [
    ...entries.filter(([k]) => declared.has(k)),
    ...entries.filter(([k]) => !declared.has(k)),
  ];
  return ordered.slice(0, limit).map(([k, v]) => paramText(k, v));
}

export function hardwareText(hw: Hardware): string | undefined {
  const parts: string[] = [];
  if (hw.nodes && hw.gpusPerNode) parts.push(`${hw.nodes} node(s) × ${hw.gpusPerNode} GPU(s)`);
  else if (hw.nodes) parts.push(`${hw.nodes} node(s)`);
  const total =
    hw.totalGpus ?? (hw.nodes && hw.gpusPerNode ? hw.nodes * hw.gpusPerNode : undefined);
  if (total) parts.push(`${total} GPU(s) in total`);
  if (hw.gpuType) parts.push(hw.gpuMemoryGb ? `${hw.gpuType} ${hw.gpuMemoryGb} GB` : hw.gpuType);
  if (hw.interconnect) parts.push(hw.interconnect);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

export function executorText(intent: Intent): string {
  const { kind, remote, profile } = intent.executor;
  const where = kind ?? (remote ? "remote (executor kind not given)" : "local");
  const extra = [
    remote ? "remote submission asked" : undefined,
    profile ? `profile ${code(profile)} named` : undefined,
  ];
  const notes = extra.filter((e): e is string => e !== undefined);
  return notes.length > 0 ? `${where} (${notes.join(", ")})` : where;
}

export function modelText(intent: Intent): string | undefined {
  const model = intent.model;
  if (!model) return undefined;
  const alias = model.alias && model.alias !== model.name ? ` (${model.alias})` : "";
  const format =
    model.format === "unknown" ? "" : `, ${model.format === "hf" ? "HF" : "Megatron"} format`;
  return `${code(model.name)}${alias}${format}`;
}

/** The `## Intent` bullet lines shared by the plan and the recommendation. */
export function intentLines(intent: Intent): string[] {
  const lines: string[] = [];
  const request = intent.requests.at(-1);
  if (request) lines.push(`- Request: ${request.replace(/\s+/g, " ").trim()}`);
  if (intent.goals.length > 0) lines.push(`- Goal: ${intent.goals.join(" → ")}`);
  const model = modelText(intent);
  if (model) lines.push(`- Model: ${model}`);
  const hardware = hardwareText(intent.hardware);
  lines.push(`- Hardware: ${hardware ?? "not given"}`);
  if (intent.data.paths.length > 0) lines.push(`- Data: ${intent.data.paths.map(code).join(", ")}`);
  const dataNotes = [intent.data.format, intent.data.kind, ...intent.data.languages].filter(
    Boolean,
  );
  if (dataNotes.length > 0) lines.push(`- Data details: ${dataNotes.join(", ")}`);
  if (intent.outputDir) lines.push(`- Output: ${code(intent.outputDir)}`);
  lines.push(`- Executor: ${executorText(intent)}`);
  return lines;
}

/** A markdown section: heading, blank line, body lines. */
export function section(title: string, body: readonly string[]): string {
  return [`## ${title}`, "", ...body].join("\n");
}

/** A fenced bash block holding one command per line. */
export function bashBlock(commands: readonly string[]): string {
  return ["```bash", ...commands, "```"].join("\n");
}

/**
 * A failed check as one `WARNING:` line. Check messages may already carry a
 * `WARNING:`/`ERROR:` prefix of their own (they also travel alone, in JSON);
 * it is not repeated.
 */
export function warningText(message: string): string {
  return `WARNING: ${message.replace(/^(?:WARNING|ERROR):\s*/, "")}`;
}

/**
 * Warnings an answer must carry whatever its layout (an Explorer note or a
 * command has no Validation section): those its text lacks go on top.
 */
export function withWarnings(markdown: string, findings: readonly Finding[]): string {
  const missed = findings
    .filter((f) => !markdown.includes(f.message))
    .map((f) => `${warningText(f.message)}${f.fix ? ` Fix: ${f.fix}` : ""}`);
  return missed.length === 0 ? markdown : `${missed.join("\n")}\n\n${markdown}`;
}
