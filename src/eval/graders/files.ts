import { createHash } from "node:crypto";
import { parse } from "yaml";
import type { ParamValue } from "../../planner/plan.js";
import { type Grader, lookup, relativePath, sameValue, show, verdict } from "./shared.js";

interface FilesExpectation {
  count?: number | undefined;
  under?: string | undefined;
  yaml?: Array<{ file: string; key: string; equals: ParamValue }> | undefined;
}

/**
 * Files the answer reports as written: how many, where, what the YAML holds, and that
 * each reported hash matches the text the runner read back.
 */
export const gradeFiles: Grader<FilesExpectation> = (want, ctx) => {
  const { result, fileTexts, checkoutRoot } = ctx;
  const failures: string[] = [];
  const files = result.files;
  if (want.count !== undefined && files.length !== want.count) {
    failures.push(`${files.length} file(s) written, expected ${want.count}`);
  }
  if (want.under !== undefined) {
    const root = relativePath(want.under).replace(/\/+$/, "");
    for (const f of files) {
      const rel = relativePath(f.path, checkoutRoot);
      if (rel !== root && !rel.startsWith(`${root}/`)) failures.push(`${rel} is outside ${root}/`);
    }
  }
  for (const f of files) {
    const text = fileTexts[f.path];
    if (text === undefined) continue;
    const digest = createHash("sha256").update(text).digest("hex");
    if (f.sha256.replace(/^sha256:/, "").toLowerCase() !== digest) {
      failures.push(`${f.path}: reported sha256 does not match its content`);
    }
  }
  for (const check of want.yaml ?? []) {
    failures.push(...yamlFailures(check, ctx.result.files, fileTexts));
  }
  return verdict("files", failures, `${files.length} file(s) as expected`);
};

function yamlFailures(
  check: { file: string; key: string; equals: ParamValue },
  files: ReadonlyArray<{ path: string }>,
  texts: Readonly<Record<string, string>>,
): string[] {
  const matching = files.filter((f) => f.path.includes(check.file));
  if (matching.length === 0) return [`no written file matches "${check.file}"`];
  const seen: string[] = [];
  for (const f of matching) {
    const text = texts[f.path];
    if (text === undefined) {
      seen.push(`${f.path}: text not available`);
      continue;
    }
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      seen.push(`${f.path}: not valid YAML (${error instanceof Error ? error.message : error})`);
      continue;
    }
    const hit = lookup(doc, check.key);
    if (hit.found && sameValue(hit.value, check.equals)) return [];
    seen.push(`${f.path}: ${check.key} is ${show(hit.value)}`);
  }
  return [`expected ${check.key} = ${show(check.equals)}: ${seen.join(", ")}`];
}
