import { parse as parseToml, TomlError } from "smol-toml";
import type { z } from "zod";
import { type Catalog, StepTomlSchema } from "../../catalog/index.js";
import type { Finding } from "../../planner/plan.js";
import { error, info, warning } from "../../validators/index.js";
import { linesOf, placeholderFindings } from "./text-rules.js";

export type StepToml = z.infer<typeof StepTomlSchema>;

/** Folder names the catalog uses: lower case, digits and underscores. */
const SEGMENT = /^[a-z][a-z0-9_]*$/;

/** Checks on the new step's id that need no manifest. */
export function checkStepId(catalog: Catalog, stepId: string): Finding[] {
  const out: Finding[] = [];
  const segments = stepId.split("/");
  if (segments.length < 2 || !segments.every((s) => SEGMENT.test(s))) {
    out.push(
      error(
        "step_id_format",
        `step id "${stepId}" is not <category>/<name> in lower-case snake_case`,
        "Use folder names such as rl/automodel_dpo.",
      ),
    );
  }
  if (catalog.step(stepId)) {
    out.push(
      error(
        "step_exists",
        `step ${stepId} already exists in the catalog`,
        "Pick a new name; shipped steps are never replaced.",
      ),
    );
  }
  const category = segments[0] ?? "";
  if (!catalog.steps.some((s) => s.category === category)) {
    out.push(
      warning(
        "new_category",
        `category "${category}" is new to this catalog`,
        "Prefer the category of the closest existing step.",
      ),
    );
  }
  return out;
}

/**
 * `step.toml` parses, matches the catalog's manifest schema, carries the id of
 * its folder, and types every input and output with a type from `types.toml`.
 */
export function checkManifest(
  catalog: Catalog,
  stepId: string,
  file: string,
  text: string,
): { findings: Finding[]; manifest: StepToml | undefined } {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (cause) {
    const where = cause instanceof TomlError ? `:${cause.line}:${cause.column}` : "";
    const reason = cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : String(cause);
    return {
      findings: [
        error(
          "manifest_parse",
          `${file}${where} is not valid TOML: ${reason}`,
          "Fix the TOML syntax.",
        ),
      ],
      manifest: undefined,
    };
  }
  const parsed = StepTomlSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "(document)";
    return {
      findings: [
        error(
          "manifest_schema",
          `${file}: ${where}: ${issue?.message ?? "invalid"}`,
          "Follow the shape of the catalog's step.toml files.",
        ),
      ],
      manifest: undefined,
    };
  }
  const manifest = parsed.data;
  const out: Finding[] = [];
  if (manifest.step.id !== stepId) {
    out.push(
      error(
        "manifest_id",
        `${file}: id "${manifest.step.id}" does not match its folder ${stepId}`,
        `Set [step] id = "${stepId}".`,
      ),
    );
  }
  const category = stepId.split("/")[0];
  if (manifest.step.category !== category) {
    out.push(
      error(
        "manifest_category",
        `${file}: category "${manifest.step.category}" is not the folder's ${category}`,
        `Set category = "${category}".`,
      ),
    );
  }
  for (const [side, ports] of [
    ["consumes", manifest.consumes],
    ["produces", manifest.produces],
  ] as const) {
    for (const port of ports) {
      if (catalog.artifacts.has(port.type)) continue;
      const known = [...catalog.artifacts.types.keys()].join(", ");
      out.push(
        error(
          "unknown_type",
          `${file}: [[${side}]] type "${port.type}" is not in types.toml`,
          `Use one of: ${known}.`,
        ),
      );
    }
  }
  if (manifest.produces.length === 0) {
    out.push(
      warning(
        "no_outputs",
        `${file} declares no [[produces]]`,
        "Name the artifact type the step writes.",
      ),
    );
  }
  if (manifest.consumes.length === 0)
    out.push(info("no_inputs", `${file} declares no [[consumes]]`, "Fine for a source step."));
  if (manifest.models.length > 0 && manifest.models.some((m) => m.min_gpus === undefined)) {
    out.push(
      warning(
        "model_min_gpus",
        `${file}: a [[models]] entry has no min_gpus`,
        "Give min_gpus for every listed model.",
      ),
    );
  }
  const names = manifest.parameters.map((p) => p.name);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    out.push(
      error(
        "duplicate_parameter",
        `${file}: parameter ${name} is declared twice`,
        "Keep one [[parameters]] entry per key.",
      ),
    );
  }
  out.push(...placeholderFindings(file, linesOf(text), "all"));
  return { findings: out, manifest };
}
