import { stageCommands } from "../commands/index.js";
import type { PlanContext } from "../context.js";
import type { Command, PlanDraft, PlanProse } from "../plan.js";
import { renderExplorerNote } from "./explorer-note.js";
import { withWarnings } from "./format.js";
import { renderMermaid } from "./mermaid.js";
import { proseSections, renderPlanMarkdown } from "./plan-markdown.js";
import { renderRecommendation } from "./recommendation.js";
import { renderScopeNote } from "./scope-note.js";
import { renderNoStage, renderSingleStep } from "./single-step.js";

export { alternativesToAvoid } from "./alternatives.js";
export { closestSteps, renderExplorerNote } from "./explorer-note.js";
export { withWarnings } from "./format.js";
export { renderMermaid } from "./mermaid.js";
export {
  PLAN_REJECTED,
  renderActStopped,
  renderApprovalPrompt,
  renderRefusedReply,
  renderReplanLimit,
  renderVerifyReport,
  SAMPLE_WRITE_REFUSED,
} from "./outcome.js";
export { renderPlanMarkdown } from "./plan-markdown.js";
export { renderRecommendation } from "./recommendation.js";
export { renderScopeNote, scopeTopic } from "./scope-note.js";
export { renderSingleStep } from "./single-step.js";

export interface RenderedAnswer {
  markdown: string;
  mermaid: string;
  commands: Command[];
}

/** Sections from outside the rules: the model's prose, and a note appended at the end. */
export interface AnswerExtras {
  prose?: PlanProse | undefined;
  /** Markdown appended as the last section (the Explorer scaffold preview). */
  note?: string | undefined;
}

/**
 * Turn a draft into the human answer for its route, with the mermaid graph and
 * the commands, plus the typed extra sections.
 */
export function renderAnswer(
  draft: PlanDraft,
  ctx: PlanContext,
  extras: AnswerExtras = {},
): RenderedAnswer {
  const rendered = renderRouteAnswer(draft, ctx, extras.prose);
  // Unreadable catalog entries are named whatever the layout (an Explorer note has no Validation).
  const carried = draft.findings.filter((f) => f.code === "step_unreadable");
  const answer = { ...rendered, markdown: withWarnings(rendered.markdown, carried) };
  // A pipeline plan places the prose before its Next step; other answers end with it.
  const tail = [
    draft.route !== "pipeline" && extras.prose ? proseSections(extras.prose) : "",
    extras.note ?? "",
  ].filter(Boolean);
  if (tail.length === 0) return answer;
  return { ...answer, markdown: [answer.markdown.trimEnd(), ...tail].join("\n\n") };
}

function renderRouteAnswer(
  draft: PlanDraft,
  ctx: PlanContext,
  prose: PlanProse | undefined,
): RenderedAnswer {
  switch (draft.route) {
    case "out_of_scope":
      return { markdown: renderScopeNote(ctx.intent), mermaid: "", commands: [] };
    case "explorer":
      return { markdown: renderExplorerNote(draft, ctx), mermaid: "", commands: [] };
    case "single_step": {
      const [first] = stageCommands({ ...draft, stages: draft.stages.slice(0, 1) }, ctx);
      if (!first) return { markdown: renderNoStage(draft), mermaid: "", commands: [] };
      const markdown = renderSingleStep(draft, ctx, first);
      return { markdown, mermaid: renderMermaid([first.stage]), commands: [first.command] };
    }
    case "recommendation": {
      const details = stageCommands(draft, ctx);
      const markdown = renderRecommendation(draft, ctx, details);
      return {
        markdown,
        mermaid: renderMermaid(draft.stages),
        commands: details.map((d) => d.command),
      };
    }
    case "pipeline": {
      const mermaid = renderMermaid(draft.stages);
      const commands = stageCommands(draft, ctx).map((d) => d.command);
      const markdown = renderPlanMarkdown(draft, ctx, commands, mermaid, prose);
      return { markdown, mermaid, commands };
    }
  }
}
