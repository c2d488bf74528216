import {
  hostedCallout,
  profileSourceText,
  profileVarsText,
  remoteRequested,
  type StageCommand,
  stageCommands,
} from "../commands/index.js";
import type { PlanContext } from "../context.js";
import type { Command, Finding, PlanDraft, PlanProse, Stage } from "../plan.js";
import { modelSetKeys } from "../provenance.js";
import {
  bashBlock,
  cell,
  code,
  executorText,
  hardwareText,
  intentLines,
  keyParams,
  paramText,
  section,
  warningText,
} from "./format.js";
import { memoryTableLines } from "./memory-table.js";
import { proseSections } from "./prose.js";

export { proseSections } from "./prose.js";

/** Model-like types take part in conversions (`convert_to` from or to them); others are data. */
function isModelType(ctx: PlanContext, type: string): boolean {
  const types = [...ctx.catalog.artifacts.types.values()];
  return types.some(
    (t) => (t.name === type && Object.keys(t.convertTo).length > 0) || type in t.convertTo,
  );
}

/** What the user named for an input of this type: the model for checkpoints, else data paths. */
export function userGiven(ctx: PlanContext, type: string): string[] {
  if (!isModelType(ctx, type)) return ctx.intent.data.paths;
  return ctx.intent.model ? [ctx.intent.model.name] : [];
}

/** Where a stage input comes from: the upstream stage id, or what the user supplies. */
export function inputSource(ctx: PlanContext, type: string, from: string): string {
  if (from !== "user") return `${code(from)} (${type})`;
  const given = userGiven(ctx, type);
  return given.length > 0 ? `user: ${given.map(code).join(", ")} (${type})` : `user: ${type}`;
}

function stageRow(ctx: PlanContext, stage: Stage): string {
  const inputs = stage.consumes.map((c) => inputSource(ctx, c.type, c.from)).join("; ") || "none";
  const outputs = stage.produces.map((p) => p.type).join(", ") || "none";
  const chosen = modelSetKeys(stage);
  const rules = keyParams(stage, ctx.catalog).filter(
    (text) => !chosen.some((key) => text.startsWith(`${key}=`)),
  );
  const marked = chosen.map((key) => `${code(paramText(key, stage.params[key] ?? null))} (model)`);
  const params = [...rules.map(code), ...marked].join(" ") || "shipped defaults";
  const strategies = stage.strategies.join("; ") || "none";
  const patterns = stage.patterns.map(code).join(", ") || "none";
  const name = ctx.catalog.step(stage.step)?.name;
  const step = name ? `${code(stage.step)} (${name})` : code(stage.step);
  const cells = [code(stage.id), step, inputs, outputs, params, strategies, patterns];
  return `| ${cells.map(cell).join(" | ")} |`;
}

export function stagesTable(ctx: PlanContext, stages: readonly Stage[]): string[] {
  return [
    "| Stage | Step | Input | Output | Key params | Strategies | Patterns |",
    "|---|---|---|---|---|---|---|",
    ...stages.map((stage) => stageRow(ctx, stage)),
  ];
}

/** The model's values, each as `key=value` (stage). */
function modelValueLines(stages: readonly Stage[]): string[] {
  return stages.flatMap((stage) =>
    modelSetKeys(stage).map(
      (key) => `- ${code(paramText(key, stage.params[key] ?? null))} (stage ${code(stage.id)})`,
    ),
  );
}

/**
 * Failed hard checks as `WARNING:` paragraphs with their fix; info findings
 * as bullets; then the values the model chose and what checked them, so a
 * pass never reads as covering more than it did.
 */
export function validationLines(
  findings: readonly Finding[],
  stages: readonly Stage[] = [],
): string[] {
  const failed = findings.filter((f) => f.level !== "info");
  const info = findings.filter((f) => f.level === "info");
  const chosen = modelValueLines(stages);
  const lines: string[] = [];
  for (const f of failed) {
    const where = f.stage ? ` (stage ${code(f.stage)})` : "";
    const fix = f.fix ? ` Proposed fix: ${f.fix}` : "";
    lines.push(`${warningText(f.message)}${where} [${f.code}].${fix}`, "");
  }
  if (failed.length === 0) {
    lines.push(
      chosen.length === 0 ? "All hard checks passed." : "All hard checks passed on this plan.",
      "",
    );
  }
  if (chosen.length > 0) {
    lines.push(
      "Values the model chose (marked (model) under Stages). Each was checked only for its key, type, declared choices, implied range and paths, and the plan's checks were run again with it; nothing else vouches for it:",
      "",
      ...chosen,
      "",
    );
  }
  for (const f of info) lines.push(`- ${f.message}${f.stage ? ` (stage ${code(f.stage)})` : ""}`);
  while (lines.at(-1) === "") lines.pop();
  return lines;
}

function profileLine(ctx: PlanContext, sc: StageCommand): string {
  const stage = code(sc.stage.id);
  if (sc.profile && ctx.profiles) {
    return `- ${stage}: \`--batch ${sc.profile.section}\` from ${profileSourceText(ctx.profiles, sc.profile)}${profileVarsText(sc.profile, "; ")}`;
  }
  return (
    `- ${stage}: Blocked, no env profile section matches ${code(sc.stage.step)}. ` +
    "Set `NEMOTRON_ENV_FILE` or add an `env*.toml` with a matching section; until then the command is the local `--dry-run` shape."
  );
}

export function infrastructureLines(
  ctx: PlanContext,
  draft: PlanDraft,
  details: StageCommand[],
): string[] {
  const lines = [
    `- GPUs: ${hardwareText(ctx.intent.hardware) ?? "not given"}`,
    `- Executor: ${executorText(ctx.intent)}`,
  ];
  if (remoteRequested(ctx.intent)) lines.push(...details.map((sc) => profileLine(ctx, sc)));
  else lines.push("- Runs locally, so no env profile is needed.");
  lines.push(...draft.infrastructure.map((line) => `- ${line}`));
  const auth = details.map(hostedCallout).filter((line): line is string => line !== undefined);
  lines.push(...auth.map((line) => `- ${line}`));
  lines.push(...memoryTableLines(draft.memory ?? []));
  return lines;
}

function commandLines(commands: readonly Command[]): string[] {
  const lines = [bashBlock(commands.map((c) => c.command)), ""];
  for (const c of commands) {
    const why = c.blockedBy ? ` (${c.blockedBy})` : "";
    lines.push(`- ${code(c.step)}: Source tier: ${c.tier}${why}`);
  }
  return lines;
}

function nextStepLines(draft: PlanDraft, ctx: PlanContext, commands: readonly Command[]): string[] {
  const files = draft.stages.map((s) => `- ${code(s.configPath)}`);
  const lead =
    ctx.catalogSource === "sample"
      ? "This plan reads the bundled sample checkout, which is never written to: run it in your Nemotron clone (or pass --repo) to create the files below."
      : draft.requiredInputs.length > 0
        ? "Answer the open questions under Required inputs first; then approve to write the files below, or revise the plan."
        : "Approve to write the files below, revise with what should change, or answer with extra values.";
  const lines = [
    lead,
    "",
    "Files that would be created (new configs only; nothing shipped is edited):",
    "",
    ...files,
  ];
  if (commands.length > 0) {
    lines.push("", "Once written, each stage runs with:", "", ...commandLines(commands));
  }
  return lines;
}

/** The whole plan for review: Intent, Stages (+ mermaid), Validation, Infrastructure, inputs, next step. */
export function renderPlanMarkdown(
  draft: PlanDraft,
  ctx: PlanContext,
  commands: Command[],
  mermaid: string,
  prose?: PlanProse,
): string {
  const details = stageCommands(draft, ctx);
  const parts = [
    `# Plan: ${draft.name}`,
    section("Intent", intentLines(ctx.intent)),
    section("Stages", [...stagesTable(ctx, draft.stages), "", "```mermaid", mermaid, "```"]),
    section("Validation", validationLines(draft.findings, draft.stages)),
    section("Infrastructure", infrastructureLines(ctx, draft, details)),
  ];
  if (draft.requiredInputs.length > 0) {
    const asks = draft.requiredInputs.map(
      (r) => `- ${code(r.key)}${r.stage ? ` (stage ${code(r.stage)})` : ""}: ${r.question}`,
    );
    parts.push(section("Required inputs", asks));
  }
  if (prose) parts.push(proseSections(prose));
  parts.push(section("Next step", nextStepLines(draft, ctx, commands)));
  return `${parts.join("\n\n")}\n`;
}
