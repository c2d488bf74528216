import { commandCallouts, missingInputLines, type StageCommand } from "../commands/index.js";
import type { PlanContext } from "../context.js";
import type { Finding, PlanDraft } from "../plan.js";
import { bashBlock, code, warningText } from "./format.js";
import { renderMermaid } from "./mermaid.js";

/** `Source tier: …`, and for Blocked the reasons on the next line. */
export function tierLines(sc: StageCommand): string[] {
  const lines = [`Source tier: ${sc.command.tier}`];
  if (sc.command.blockedBy) lines.push(`Blocked by: ${sc.command.blockedBy}.`);
  return lines;
}

export function warningLines(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => f.level !== "info")
    .map((f) => `${warningText(f.message)}${f.fix ? ` Proposed fix: ${f.fix}` : ""}`);
}

/** Paragraphs after the command block: tier, warnings (unless shown elsewhere), callouts, open questions. */
export function commandNotes(
  sc: StageCommand,
  draft: PlanDraft,
  ctx: PlanContext,
  warnings = true,
): string[] {
  const blocks = [tierLines(sc).join("\n")];
  if (warnings) blocks.push(...warningLines(draft.findings));
  blocks.push(...commandCallouts(sc, ctx.profiles, ctx.catalog));
  const asks = missingInputLines(sc);
  if (asks.length > 0) blocks.push(["Needed before this runs:", ...asks].join("\n"));
  return blocks;
}

/**
 * One command in one bash block, then its tier and the required callouts. With `commandOnly`
 * nothing else is said; otherwise one line names the step and config, and matched strategies follow.
 */
export function renderSingleStep(draft: PlanDraft, ctx: PlanContext, sc: StageCommand): string {
  const blocks: string[] = [];
  if (!ctx.intent.commandOnly) {
    const request = ctx.intent.requests.at(-1);
    if (request) blocks.push(`Request: ${request.trim()}`);
    blocks.push(["```mermaid", renderMermaid(draft.stages).trimEnd(), "```"].join("\n"));
    const from =
      sc.config === sc.stage.configPath
        ? "the config Act writes"
        : `shipped config ${code(sc.config)}`;
    blocks.push(`${code(sc.command.step)} with ${from}, as a dry run:`);
  }
  blocks.push(bashBlock([sc.command.command]), ...commandNotes(sc, draft, ctx));
  if (!ctx.intent.commandOnly) {
    const notes = [
      ...sc.stage.strategies.map((s) => `- Strategy that applies: ${s}`),
      ...draft.findings.filter((f) => f.level === "info").map((f) => `- ${f.message}`),
    ];
    if (notes.length > 0) blocks.push(notes.join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

/** What to say when a one-step answer has no stage to run. */
export function renderNoStage(draft: PlanDraft): string {
  const asks = draft.requiredInputs.map((r) => `- ${code(r.key)}: ${r.question}`);
  const lead = "No step could be chosen yet, so there is no command to show.";
  return `${[lead, ...(asks.length > 0 ? [["Needed first:", ...asks].join("\n")] : [])].join("\n\n")}\n`;
}
