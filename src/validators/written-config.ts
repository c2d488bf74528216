import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq } from "yaml";
import { type Catalog, CatalogError, parseYamlText } from "../catalog/index.js";
import type { Finding, Stage } from "../planner/plan.js";

/** Leaf key paths (dotted) of a YAML node; sequences count as leaves. */
function leafPaths(node: unknown, prefix: string[] = [], out: string[] = []): string[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      leafPaths(pair.value, [...prefix, key], out);
    }
  } else if (prefix.length > 0) out.push(prefix.join("."));
  return out;
}

function toValue(node: unknown): unknown {
  if (isScalar(node) || isMap(node) || isSeq(node)) return node.toJSON();
  return node;
}

/**
 * Re-read one written config and check it is exactly what the plan approved:
 * it parses, every plan value is present verbatim, every key is one the step
 * supports (in its base config or declared parameters), no `${art:...}` reference.
 */
export function checkWrittenConfig(
  text: string,
  stage: Stage,
  catalog: Catalog,
  file: string,
): Finding[] {
  const findings: Finding[] = [];
  const fail = (code: string, message: string, fix?: string) =>
    findings.push({ level: "error", code, message, stage: stage.id, ...(fix ? { fix } : {}) });
  let doc: ReturnType<typeof parseYamlText>;
  try {
    doc = parseYamlText(text, file);
  } catch (error) {
    fail("yaml_parse", error instanceof CatalogError ? error.message : String(error));
    return findings;
  }
  const step = catalog.step(stage.step);
  if (!step) {
    fail("unknown_step", `${file}: step ${stage.step} is not in the catalog`);
    return findings;
  }
  const base = new Set(leafPaths(catalog.config(step.id, stage.baseConfig).contents));
  const declared = new Set(step.parameters.map((p) => p.name));
  for (const key of leafPaths(doc.contents)) {
    const known =
      base.has(key) || declared.has(key) || [...base].some((b) => key.startsWith(`${b}.`));
    if (!known)
      fail(
        "unknown_key",
        `${file}: key ${key} is neither in ${stage.baseConfig}.yaml nor a declared parameter of ${step.id}`,
      );
  }
  for (const [key, expected] of Object.entries(stage.params)) {
    const actual = toValue(doc.getIn(key.split(".")));
    if (!isDeepStrictEqual(normalize(actual), normalize(expected))) {
      fail(
        "value_drift",
        `${file}: ${key} is ${JSON.stringify(actual)}, the approved plan says ${JSON.stringify(expected)}`,
      );
    }
  }
  // Comments may mention `${art:...}`; only values are executed.
  const artKey = findString(doc.toJS(), (value) => value.includes("${art:"));
  if (artKey !== undefined) {
    fail(
      "art_reference",
      `${file}: ${artKey || "(document)"} holds a \${art:...} reference; standalone configs need plain paths`,
    );
  }
  return findings;
}

/** Dotted path of the first string value satisfying `test`, if any. */
function findString(value: unknown, test: (s: string) => boolean, at = ""): string | undefined {
  if (typeof value === "string") return test(value) ? at : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findString(child, test, at ? `${at}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

function normalize(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
