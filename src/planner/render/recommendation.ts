import type { StageCommand } from "../commands/index.js";
import type { PlanContext } from "../context.js";
import type { PlanDraft, Stage } from "../plan.js";
import { alternativesToAvoid } from "./alternatives.js";
import { artifactLines, profileLines } from "./catalog-facts.js";
import { bashBlock, code, hardwareText, section } from "./format.js";
import { userGiven } from "./plan-markdown.js";
import { commandNotes, warningLines } from "./single-step.js";

/** `training_jsonl` (yours: `/data/chat.jsonl`) or `packed_parquet` from stage `01_sft_packing`. */
function inputPhrase(ctx: PlanContext, type: string, from: string): string {
  if (from !== "user") return `${code(type)} from stage ${code(from)}`;
  const given = userGiven(ctx, type);
  return given.length > 0
    ? `${code(type)} (yours: ${given.map(code).join(", ")})`
    : `${code(type)} from you`;
}

function decisionLine(sc: StageCommand): string {
  const name = sc.manifest ? ` (${sc.manifest.name})` : "";
  return `- Use ${code(sc.stage.step)}${name}, starting from shipped config ${code(sc.config)}.`;
}

/** The GPU fact for the chosen model, from the step's `[[models]]`. */
function modelFit(ctx: PlanContext, sc: StageCommand): string | undefined {
  const model = ctx.intent.model;
  const entry = model ? sc.manifest?.models.find((m) => m.name === model.name) : undefined;
  if (!entry?.min_gpus) return undefined;
  const have = ctx.intent.hardware.totalGpus;
  const fits = have === undefined ? "GPU count not given yet" : `${have} available`;
  return `${code(entry.name)} needs at least ${entry.min_gpus} GPU(s) on ${code(sc.stage.step)}; ${fits}.`;
}

function whyLines(ctx: PlanContext, draft: PlanDraft, details: StageCommand[]): string[] {
  const lines: string[] = [];
  for (const sc of details) {
    const stage: Stage = sc.stage;
    const inputs = stage.consumes.map((c) => inputPhrase(ctx, c.type, c.from)).join(", ");
    const outputs = stage.produces.map((p) => code(p.type)).join(", ");
    if (inputs || outputs)
      lines.push(
        `- ${code(stage.step)} takes ${inputs || "no input"} and produces ${outputs || "nothing"}.`,
      );
    const fit = modelFit(ctx, sc);
    if (fit) lines.push(`- ${fit}`);
    const strategies =
      sc.manifest?.strategies.filter((s) => stage.strategies.includes(s.when)) ?? [];
    lines.push(...strategies.map((s) => `- ${s.when}: ${s.then}`));
  }
  const hardware = hardwareText(ctx.intent.hardware);
  if (hardware) lines.push(`- Hardware given: ${hardware}.`);
  lines.push(...draft.findings.filter((f) => f.level === "info").map((f) => `- ${f.message}`));
  return lines;
}

function avoidLines(draft: PlanDraft, ctx: PlanContext): string[] {
  const avoid = alternativesToAvoid(draft, ctx);
  if (avoid.length === 0) {
    return ["- No other step in this category competes for the request under these constraints."];
  }
  return avoid.map((a) => `- ${code(a.step.id)} (${a.step.name}): ${a.reasons.join("; ")}.`);
}

function nextLines(draft: PlanDraft, details: StageCommand[]): string[] {
  if (draft.requiredInputs.length > 0) {
    return [
      "Answer the questions under Required inputs; the command then becomes runnable as a dry run.",
    ];
  }
  if (details.some((sc) => sc.command.tier === "Blocked")) {
    return ["Resolve what Blocked names above, then run the dry run."];
  }
  return [
    "Run the dry run above to check the config compiles. For a customized config of your own, ask for a plan: it is written only after you approve it.",
  ];
}

/** A question about the catalog itself: the facts, where they come from, and nothing to run. */
function renderFacts(facts: readonly string[]): string {
  const parts = [
    section("Answer", facts),
    section("Why", [
      "- Read from the live checkout: step manifests (consumes/produces), the artifact type graph and the env profile files, with values left out.",
    ]),
    section("Next step", [
      "Nothing to run for this question. Ask for a plan or a command when you want to use one of these.",
    ]),
  ];
  return `${parts.join("\n\n")}\n`;
}

/** Decision, Why, Required inputs, Config/command, Avoid, Next step. */
export function renderRecommendation(
  draft: PlanDraft,
  ctx: PlanContext,
  details: StageCommand[],
): string {
  const catalogFacts = [...artifactLines(draft, ctx), ...profileLines(draft, ctx)];
  if (details.length === 0 && catalogFacts.length > 0) return renderFacts(catalogFacts);
  const decision = details.map(decisionLine);
  const warnings = warningLines(draft.findings);
  if (warnings.length > 0) decision.push("", ...warnings.flatMap((w) => [w, ""]).slice(0, -1));
  const asks = draft.requiredInputs.map((r) => `- ${code(r.key)}: ${r.question}`);
  const commandBlocks = details.flatMap((sc) => [
    bashBlock([sc.command.command]),
    "",
    ...commandNotes(sc, draft, ctx, false).flatMap((n) => [n, ""]),
  ]);
  while (commandBlocks.at(-1) === "") commandBlocks.pop();
  const parts = [
    section(
      "Decision",
      decision.length > 0 ? decision : ["- No catalog step fits yet; see Required inputs."],
    ),
    section("Why", [...whyLines(ctx, draft, details), ...catalogFacts]),
    section(
      "Required inputs",
      asks.length > 0 ? asks : ["None: every value the command needs was given."],
    ),
    section(
      "Config/command",
      commandBlocks.length > 0 ? commandBlocks : ["No command until a step is chosen."],
    ),
    section("Avoid", avoidLines(draft, ctx)),
    section("Next step", nextLines(draft, details)),
  ];
  return `${parts.join("\n\n")}\n`;
}
