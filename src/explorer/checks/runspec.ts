import { parse as parseToml } from "smol-toml";
import { z } from "zod";
import type { Finding } from "../../planner/plan.js";
import { error, warning } from "../../validators/index.js";

const OPEN = "# /// script";
const CLOSE = "# ///";

/** The `[tool.runspec]` fields the step CLI relies on; other fields pass through. */
const RunspecSchema = z.looseObject({
  name: z.string().min(1),
  schema: z.string().optional(),
  image: z.string().optional(),
  run: z.looseObject({ launch: z.enum(["torchrun", "ray", "direct"]).optional() }).optional(),
  config: z
    .looseObject({
      dir: z.string().optional(),
      default: z.string().optional(),
      format: z.string().optional(),
    })
    .optional(),
  resources: z
    .looseObject({
      nodes: z.number().int().positive().optional(),
      gpus_per_node: z.number().int().positive().optional(),
    })
    .optional(),
});
const HeaderSchema = z.looseObject({ tool: z.looseObject({ runspec: RunspecSchema }) });
export type Runspec = z.infer<typeof RunspecSchema>;

/**
 * The PEP 723 block at the top of `step.py`: `# /// script` … `# ///`, every
 * line `#` or `# `-prefixed, whose content is TOML with a `[tool.runspec]`
 * table. This reads comment lines by the PEP's own rule; the Python itself is
 * judged by Python's parser elsewhere.
 */
export function checkRunspec(
  file: string,
  text: string,
  stepId: string,
  configNames: readonly string[],
): { findings: Finding[]; runspec: Runspec | undefined } {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trimEnd() === OPEN);
  const end = start < 0 ? -1 : lines.findIndex((l, i) => i > start && l.trimEnd() === CLOSE);
  if (start < 0 || end < 0) {
    return {
      findings: [
        error(
          "runspec_missing",
          `${file} has no "${OPEN}" … "${CLOSE}" runspec header`,
          "Start step.py with the catalog's runspec header block.",
        ),
      ],
      runspec: undefined,
    };
  }
  const out: Finding[] = [];
  if (lines.slice(0, start).some((l) => l.trim() !== "" && !l.startsWith("#"))) {
    out.push(
      warning(
        "runspec_position",
        `${file}: the runspec header comes after code`,
        "Put it right after the shebang line.",
      ),
    );
  }
  const body = lines.slice(start + 1, end);
  const bad = body.findIndex((l) => l.trimEnd() !== "#" && !l.startsWith("# "));
  if (bad >= 0) {
    return {
      findings: [
        ...out,
        error(
          "runspec_format",
          `${file}:${start + bad + 2} breaks the header: each line must be "#" or start with "# "`,
          "Prefix every header line with '# '.",
        ),
      ],
      runspec: undefined,
    };
  }
  let data: unknown;
  try {
    data = parseToml(body.map((l) => l.trimEnd().slice(2)).join("\n"));
  } catch (cause) {
    const reason = cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : String(cause);
    return {
      findings: [
        ...out,
        error(
          "runspec_toml",
          `${file}: the runspec header is not TOML: ${reason}`,
          "Fix the TOML inside the header.",
        ),
      ],
      runspec: undefined,
    };
  }
  const parsed = HeaderSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "(header)";
    return {
      findings: [
        ...out,
        error(
          "runspec_table",
          `${file}: runspec ${where}: ${issue?.message ?? "invalid"}`,
          "Give [tool.runspec] a name and valid run/config/resources tables.",
        ),
      ],
      runspec: undefined,
    };
  }
  const runspec = parsed.data.tool.runspec;
  if (runspec.name !== `steps/${stepId}`) {
    out.push(
      warning(
        "runspec_name",
        `${file}: runspec name "${runspec.name}" is not steps/${stepId}`,
        `Set name = "steps/${stepId}".`,
      ),
    );
  }
  const wanted = runspec.config?.default ?? "default";
  if (!configNames.includes(wanted)) {
    out.push(
      error(
        "runspec_config",
        `${file}: runspec default config "${wanted}" is not in config/`,
        `Add config/${wanted}.yaml or point default at a shipped config.`,
      ),
    );
  }
  return { findings: out, runspec };
}
