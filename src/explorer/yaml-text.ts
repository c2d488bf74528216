import { stringify } from "yaml";
import type { ParamValue } from "../planner/plan.js";

/** `a.b.c` → value for every scalar (or list) leaf of a parsed YAML mapping. */
export function leaves(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    if (prefix) out.set(prefix, value);
    return out;
  }
  for (const [key, child] of Object.entries(value)) {
    for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  }
  return out;
}

/**
 * A float as PyYAML (YAML 1.1, what OmegaConf reads) sees a float: with a dot
 * and a signed exponent. `5e-7` would come back as the string "5e-7".
 */
export function pyYamlNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const text = String(value);
  const match = /^(-?\d+)(\.\d+)?e([+-]?)(\d+)$/.exec(text);
  if (!match) return text;
  const [, whole, fraction, sign, exponent] = match;
  return `${whole}${fraction ?? ".0"}e${sign || "+"}${exponent}`;
}

function scalar(value: ParamValue): string {
  if (value === null) return "null";
  if (typeof value === "number") return pyYamlNumber(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return stringify(value, { lineWidth: 0 }).trimEnd();
  return stringify(value, { flow: true, lineWidth: 0 }).trimEnd();
}

/** Dotted keys and values → nested mapping, keys kept in first-seen order. */
export function nest(entries: readonly (readonly [string, ParamValue])[]): Map<string, unknown> {
  const root = new Map<string, unknown>();
  for (const [key, value] of entries) {
    const parts = key.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node.get(part);
      if (next instanceof Map) node = next;
      else {
        const created = new Map<string, unknown>();
        node.set(part, created);
        node = created;
      }
    }
    node.set(parts.at(-1) ?? key, value);
  }
  return root;
}

function isParamValue(value: unknown): value is ParamValue {
  return (
    value === null ||
    ["string", "number", "boolean"].includes(typeof value) ||
    (typeof value === "object" && !(value instanceof Map))
  );
}

/** Block YAML for a nested mapping of simple values; floats spelled for PyYAML. */
export function emitYaml(tree: Map<string, unknown>, indent = ""): string {
  const lines: string[] = [];
  for (const [key, value] of tree) {
    if (value instanceof Map) {
      lines.push(`${indent}${key}:`, emitYaml(value, `${indent}  `));
    } else if (isParamValue(value)) {
      lines.push(`${indent}${key}: ${scalar(value)}`);
    }
  }
  return lines.join("\n");
}
