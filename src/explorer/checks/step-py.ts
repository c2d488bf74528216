import type { Finding } from "../../planner/plan.js";
import { error, warning } from "../../validators/index.js";
import { checkImports, type ImportContext } from "./imports.js";
import { probeSource } from "./python-probe.js";
import { checkRunspec } from "./runspec.js";
import { lineCount, linesOf, placeholderFindings } from "./text-rules.js";

/** A wrapper longer than this reimplements library code (STAGE rule R1). */
export const MAX_STEP_PY_LINES = 60;

export interface StepPyContext extends ImportContext {
  stepId: string;
  /** Config names (without `.yaml`) the scaffold ships. */
  configNames: readonly string[];
}

/**
 * `step.py`: at most 60 lines, the runspec header parses, Python's own parser
 * accepts it, no stub bodies or placeholder text, and its repository imports
 * resolve. Without python3 the syntax and import checks are reported as skipped.
 */
export async function checkStepPy(
  file: string,
  text: string,
  ctx: StepPyContext,
): Promise<Finding[]> {
  const out: Finding[] = [];
  const lines = lineCount(text);
  if (lines > MAX_STEP_PY_LINES) {
    out.push(
      error(
        "size_limit",
        `${file} has ${lines} lines (limit ${MAX_STEP_PY_LINES})`,
        "Keep the wrapper thin: move logic into a shared runner or the library.",
      ),
    );
  }
  out.push(...checkRunspec(file, text, ctx.stepId, ctx.configNames).findings);
  const probe = await probeSource(text, ctx.python);
  if (probe.status === "absent") {
    out.push(
      warning(
        "python_unchecked",
        `${file}: syntax and import checks were skipped: ${probe.reason}`,
        "Install python3 so the scaffold is parsed before it is written.",
      ),
    );
    out.push(...placeholderFindings(file, linesOf(text), "all"));
    return out;
  }
  if (probe.status === "failed") {
    out.push(
      error(
        "python_probe_failed",
        `${file} could not be checked: ${probe.reason}`,
        "Re-run the check; nothing unchecked is written.",
      ),
    );
    return out;
  }
  const facts = probe.value;
  if (facts.syntax) {
    const { message, line, column } = facts.syntax;
    out.push(
      error("python_syntax", `${file}:${line}:${column}: ${message}`, "Fix the Python syntax."),
    );
    out.push(...placeholderFindings(file, linesOf(text), "all"));
    return out;
  }
  for (const stub of facts.stubs) {
    out.push(
      error(
        "bare_pass",
        `${file}:${stub.line}: ${stub.name} has an empty body (pass, ... or NotImplementedError)`,
        "Call the runner or library here, or remove the stub.",
      ),
    );
  }
  // Angle-bracket stand-ins only count inside comments and strings, where Python puts prose.
  out.push(...placeholderFindings(file, linesOf(text), "words"));
  out.push(...placeholderFindings(file, facts.texts, "angles"));
  out.push(...(await checkImports(file, facts, ctx)));
  return out;
}
