import { loadIntentRules, readIntent } from "../../planner/intent-reader/index.js";
import { loadPlanningRules } from "../../planner/rules/index.js";
import {
  fitStage,
  loadMemoryFitData,
  modesOf,
  stepStage,
} from "../../validators/memory-fit/index.js";
import { type GlobalOptions, openCatalog } from "../checkout.js";
import { ExitCode, UserFacingError } from "../exit-codes.js";
import { type Io, printJson } from "../io.js";
import { type FitLine, fitToJson, renderFit } from "../render/memory-fit.js";
import { unknownStep } from "./step-lookup.js";

/**
 * `steps show <step> --fit "<hardware>"`: the per-GPU memory estimate of each
 * model the step lists, read the way a plan for that hardware would run it.
 */
export async function showFit(
  globals: GlobalOptions,
  io: Io,
  id: string,
  hardwareText: string,
  json: boolean,
): Promise<void> {
  const { catalog } = await openCatalog(globals, io);
  const step = catalog.step(id);
  if (!step) throw unknownStep(catalog.steps, id);
  // The hardware words are read by the same rules as a request.
  const hardware = readIntent(hardwareText, catalog, loadIntentRules()).hardware;
  const gpus = hardware.totalGpus;
  if (gpus === undefined) {
    throw new UserFacingError(
      `--fit "${hardwareText}" names no GPU count; write it like "8x H100" or "2 nodes of 8x H100".`,
      ExitCode.usage,
    );
  }
  const rules = loadPlanningRules();
  const data = loadMemoryFitData();
  const target = { catalog, rules, data, gpus, hardware };
  const lines: FitLine[] = [];
  for (const model of step.models) {
    for (const mode of modesOf(data, rules, step.id)) {
      const fit = fitStage(target, stepStage(catalog, rules, step.id, model.name, gpus, mode));
      if (fit) lines.push(fit);
    }
  }
  if (json) printJson(io, fitToJson(step.id, gpus, hardware, lines));
  else io.out(renderFit(step.id, gpus, hardware, lines));
}
