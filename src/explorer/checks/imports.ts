import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Finding } from "../../planner/plan.js";
import { error, info, warning } from "../../validators/index.js";
import { type PythonOptions, probeModuleNames, type SourceFacts } from "./python-probe.js";

/** The repository's own package; only its imports are resolved against the checkout. */
const REPO_PACKAGE = "nemotron";
/** Where the package lives in a checkout. */
const PACKAGE_ROOT = "src";

export interface ImportContext {
  root: string;
  /** Files the scaffold would add (root-relative), which count as present. */
  draftFiles: ReadonlyMap<string, string>;
  python: PythonOptions;
}

/** Module file candidates (root-relative) for a dotted module path. */
function moduleFiles(dotted: string): string[] {
  const base = `${PACKAGE_ROOT}/${dotted.split(".").join("/")}`;
  return [`${base}.py`, `${base}/__init__.py`];
}

function findModule(ctx: ImportContext, dotted: string): string | undefined {
  return moduleFiles(dotted).find(
    (f) => ctx.draftFiles.has(f) || existsSync(path.join(ctx.root, f)),
  );
}

/** Text of a module file, from the draft or the checkout. */
function moduleText(ctx: ImportContext, file: string): string {
  const drafted = ctx.draftFiles.get(file);
  if (drafted !== undefined) return drafted;
  const abs = path.join(ctx.root, file);
  return statSync(abs).isFile() ? readFileSync(abs, "utf8") : "";
}

/**
 * Every `import nemotron…` / `from nemotron… import …` resolves to a module
 * file (`src/nemotron/….py` or a package `__init__.py`) in the checkout or the
 * scaffold; imported names exist in that module when its source can be read.
 * Relative imports are refused: the step CLI runs `step.py` as a script.
 */
export async function checkImports(
  file: string,
  facts: SourceFacts,
  ctx: ImportContext,
): Promise<Finding[]> {
  const out: Finding[] = [];
  const toName: { module: string; moduleFile: string; names: string[]; line: number }[] = [];
  let resolved = 0;
  for (const imp of facts.imports) {
    if (imp.level > 0) {
      out.push(
        error(
          "import_relative",
          `${file}:${imp.line} uses a relative import`,
          `Import by full path, e.g. from ${REPO_PACKAGE}.steps… import …`,
        ),
      );
      continue;
    }
    if (imp.module.split(".")[0] !== REPO_PACKAGE) continue;
    const moduleFile = findModule(ctx, imp.module);
    if (!moduleFile) {
      out.push(
        error(
          "import_unresolved",
          `${file}:${imp.line} imports ${imp.module}, which has no module file in the checkout`,
          `Import a module that exists, e.g. one under ${PACKAGE_ROOT}/${REPO_PACKAGE}/steps/_runners/.`,
        ),
      );
      continue;
    }
    resolved += 1;
    // A name may be a submodule (`from nemotron.steps._runners import automodel`).
    const names = imp.names.filter((n) => n !== "*" && !findModule(ctx, `${imp.module}.${n}`));
    if (names.length > 0) toName.push({ module: imp.module, moduleFile, names, line: imp.line });
  }
  if (resolved === 0) {
    out.push(
      error(
        "no_repo_import",
        `${file} imports no module of the checkout`,
        "Wrap a real runner or library module of the repository instead of reimplementing it.",
      ),
    );
  }
  const readable = toName.filter((t) => moduleText(ctx, t.moduleFile).trim() !== "");
  for (const t of toName.filter((x) => !readable.includes(x))) {
    out.push(
      info(
        "import_names_unchecked",
        `${file}:${t.line}: ${t.moduleFile} is empty here, so ${t.names.join(", ")} could not be looked up`,
        "Run the check on a full checkout to confirm the names.",
      ),
    );
  }
  if (readable.length === 0) return out;
  const checkout = readable.filter((t) => !ctx.draftFiles.has(t.moduleFile));
  const probe = await probeModuleNames(
    [...new Set(checkout.map((t) => path.join(ctx.root, t.moduleFile)))],
    ctx.python,
  );
  if (probe.status !== "ok") {
    out.push(
      warning(
        "import_names_unchecked",
        `${file}: imported names were not looked up: ${probe.reason}`,
        "Install python3 to check imported names.",
      ),
    );
    return out;
  }
  for (const t of checkout) {
    const defined = probe.value[path.join(ctx.root, t.moduleFile)];
    if (!defined) {
      out.push(
        warning(
          "import_names_unchecked",
          `${file}:${t.line}: ${t.moduleFile} does not parse, so its names were not looked up`,
          "Check the module by hand.",
        ),
      );
      continue;
    }
    if (defined.includes("__getattr__")) continue;
    for (const name of t.names.filter((n) => !defined.includes(n))) {
      out.push(
        error(
          "import_name_missing",
          `${file}:${t.line}: ${t.module} defines no ${name}`,
          `Use a name ${t.module} defines: ${defined.slice(0, 8).join(", ")}.`,
        ),
      );
    }
  }
  return out;
}
