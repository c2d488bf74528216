import type { Command } from "commander";
import { consumersOf, producersOf } from "../../catalog/artifacts.js";
import type { StepManifest } from "../../catalog/schema.js";
import { type GlobalOptions, openCatalog, openCatalogIndex } from "../checkout.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";
import { type Io, printJson } from "../io.js";
import {
  renderPatterns,
  renderStepDetail,
  renderStepList,
  renderTypes,
  stepToJson,
  typesToJson,
} from "../render/catalog.js";
import { unknownStep } from "./step-lookup.js";

interface ListFilters {
  category?: string;
  consumes?: string;
  produces?: string;
  tag?: string;
}

/** `steps list|show`, `types`, `patterns`: browse the catalog without planning anything. */
export function registerCatalogCommands(program: Command, io: Io): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const steps = program.command("steps").description("browse the step catalog of the checkout");

  steps
    .command("list")
    .description("list steps, optionally filtered")
    .option("--category <category>", "only steps of this category (e.g. sft, convert)")
    .option("--consumes <type>", "only steps that accept this artifact type (is_a aware)")
    .option(
      "--produces <type>",
      "only steps whose output satisfies this artifact type (is_a aware)",
    )
    .option("--tag <tag>", "only steps carrying this tag")
    .option("--json", "print JSON")
    .action(async (filters: ListFilters & { json?: boolean }) => {
      const catalog = await openCatalogIndex(globals(), io);
      for (const type of [filters.consumes, filters.produces]) {
        if (type && !catalog.artifacts.has(type)) {
          throw new UserFacingError(
            `unknown artifact type "${type}" (see: nemotron-customize types)`,
            ExitCode.input,
          );
        }
      }
      let selected: readonly StepManifest[] = catalog.steps;
      if (filters.consumes) selected = consumersOf(selected, catalog.artifacts, filters.consumes);
      if (filters.produces) selected = producersOf(selected, catalog.artifacts, filters.produces);
      if (filters.category) selected = selected.filter((s) => s.category === filters.category);
      const tag = filters.tag;
      if (tag) selected = selected.filter((s) => s.tags.includes(tag));
      if (filters.json || globals().json) printJson(io, selected.map(stepToJson));
      else io.out(renderStepList(selected));
    });

  steps
    .command("show <id>")
    .description(
      "show one step: artifacts, models and GPU minimums, parameters, strategies, configs",
    )
    .option(
      "--fit <hardware>",
      'estimate memory per GPU for each of the step\'s models on this hardware, e.g. "8x H100" or "2 nodes of 8x A100 80GB"',
    )
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      [
        "",
        "With --fit, each model the step lists is estimated (full and LoRA where the step",
        "supports both) with the step's shipped layout fitted to the GPU count: weights,",
        "gradients, optimizer state, adapters, activations and logits per GPU, against the",
        "GPU's memory, with the fixes to try in order when it does not fit.",
      ].join("\n"),
    )
    .action(async (id: string, options: { json?: boolean; fit?: string }) => {
      if (options.fit !== undefined) {
        // The estimate needs the planner and its rules: loaded only for --fit.
        const { showFit } = await import("./fit.js");
        await showFit(globals(), io, id, options.fit, Boolean(options.json || globals().json));
        return;
      }
      const catalog = await openCatalogIndex(globals(), io);
      const step = catalog.steps.find((s) => s.id === id);
      if (!step) {
        throw unknownStep(catalog.steps, id);
      }
      if (options.json || globals().json) printJson(io, stepToJson(step));
      else io.out(renderStepDetail(step));
    });

  program
    .command("types")
    .description("artifact types: is_a compatibility, converters, producers")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const catalog = await openCatalogIndex(globals(), io);
      const rows = typesToJson(catalog.artifacts, catalog.steps);
      if (options.json || globals().json) printJson(io, rows);
      else io.out(renderTypes(rows));
    });

  program
    .command("patterns")
    .description("cross-step and category patterns the planner may cite")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const { catalog } = await openCatalog(globals(), io);
      if (options.json || globals().json) printJson(io, catalog.patterns);
      else io.out(renderPatterns(catalog.patterns));
    });
}
