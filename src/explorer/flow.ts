import { gitState, type WrittenFile, writeStageConfigs } from "../act/index.js";
import type { Catalog } from "../catalog/index.js";
import type { Intent } from "../planner/intent.js";
import type { IntentRules } from "../planner/intent-reader/index.js";
import type { Finding } from "../planner/plan.js";
import type { PlanningRules } from "../planner/rules/index.js";
import { buildScaffold } from "./build.js";
import { validateScaffold } from "./checks/index.js";
import { ExplorerError } from "./errors.js";
import { scaffoldWithRepair } from "./repair.js";
import { renderScaffoldPreview, renderScaffoldReport } from "./report.js";
import { draftOf, type ScaffoldReport } from "./schema.js";

export interface ScaffoldInput {
  catalog: Catalog;
  intent: Intent;
  intentRules: IntentRules;
  planningRules: PlanningRules;
}

export interface ScaffoldPreview {
  scaffold: { stepId: string; dir: string; files: string[] } | null;
  /** The plan's Explorer section: what approving creates, or why nothing can be. */
  note: string;
}

/**
 * At plan time, decide what an approved scaffold would create, so the approval
 * names the files. Building is pure; nothing is written. A gap that cannot be
 * scaffolded in this checkout is explained instead.
 */
export function previewScaffold(input: ScaffoldInput): ScaffoldPreview {
  if (input.intent.route !== "explorer" || !input.intent.gap) return { scaffold: null, note: "" };
  try {
    const proposal = buildScaffold(input);
    const files = proposal.files.map((f) => f.path);
    const scaffold = { stepId: proposal.stepId, dir: proposal.dir, files };
    return { scaffold, note: renderScaffoldPreview(proposal.stepId, files) };
  } catch (error) {
    if (!(error instanceof ExplorerError)) throw error;
    return { scaffold: null, note: renderScaffoldPreview(undefined, [], error.message) };
  }
}

export type ScaffoldOutcome =
  | {
      ok: true;
      files: WrittenFile[];
      findings: Finding[];
      report: ScaffoldReport;
      markdown: string;
    }
  | { ok: false; findings: Finding[]; markdown: string };

/**
 * After approval: build the scaffold again (a pure, repeatable step), gate it
 * with the validators (repairing at most twice), and create the new step folder.
 * A rejected scaffold writes nothing and says what failed.
 */
export async function writeScaffold(
  input: ScaffoldInput & { envFile?: string | undefined },
): Promise<ScaffoldOutcome> {
  const { catalog } = input;
  const proposal = buildScaffold(input);
  const checked = await scaffoldWithRepair({
    draft: draftOf(proposal),
    validate: (draft) => validateScaffold(draft, { catalog }),
  });
  if (!checked.ok) {
    const markdown = `## Explorer scaffold rejected\n\n${checked.explanation}`;
    return { ok: false, findings: checked.findings, markdown };
  }
  const git = await gitState(catalog.root);
  const result = await writeStageConfigs({
    root: catalog.root,
    files: checked.draft.files,
    allowedDir: proposal.dir,
    git: git.isRepo,
    ...(input.envFile ? { envFile: input.envFile } : {}),
  });
  const files = [...result.written, ...result.unchanged];
  const markdown = renderScaffoldReport(
    proposal.stepId,
    files.map((f) => f.path),
    proposal.report,
  );
  return { ok: true, files, findings: checked.findings, report: proposal.report, markdown };
}
