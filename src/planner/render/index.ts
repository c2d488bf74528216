import { type PlanDraft, stageCommands } from "../commands/index.js";
import type { PlanContext } from "../context.js";
import type { Command } from "../plan.js";
import { renderExplorerNote } from "./explorer-note.js";
import { renderMermaid } from "./mermaid.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { renderRecommendation } from "./recommendation.js";
import { renderScopeNote } from "./scope-note.js";
import { renderNoStage, renderSingleStep } from "./single-step.js";

export { alternativesToAvoid } from "./alternatives.js";
export { closestSteps, renderExplorerNote } from "./explorer-note.js";
export { renderMermaid } from "./mermaid.js";
export { renderPlanMarkdown } from "./plan-markdown.js";
export { renderRecommendation } from "./recommendation.js";
export { renderScopeNote, scopeTopic } from "./scope-note.js";
export { renderSingleStep } from "./single-step.js";

export interface RenderedAnswer {
  markdown: string;
  mermaid: string;
  commands: Command[];
}

/** Turn a draft into the human answer for its route, with the mermaid graph and the commands. */
export function renderAnswer(draft: PlanDraft, ctx: PlanContext): RenderedAnswer {
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
      return { markdown: renderPlanMarkdown(draft, ctx, commands, mermaid), mermaid, commands };
    }
  }
}
