import { isSecretKey } from "../secret-keys.js";
import { hitsOf } from "./matcher.js";
import { classifyPaths, type InputPath, type OutputPath, pathTokens } from "./paths.js";
import type { IntentRules } from "./rules.js";
import type { Scan } from "./scan.js";

/** Values the user typed that are kept verbatim: overrides, paths, URLs, credential names. */
export interface Literals {
  /** Non-secret `key=value` pairs, one layer of quotes removed. */
  overrides: Record<string, string>;
  authVars: string[];
  /** Paths to read (data or checkpoints), in text order; `key=path` inputs last. */
  inputs: InputPath[];
  outputDir: string | undefined;
  /** Every path the words call a destination; the last (the final product's) is `outputDir`. */
  outputs: OutputPath[];
  urls: string[];
  /** Where secret values sit in the text, so stored copies of it can be redacted. */
  secretSpans: Span[];
}

export interface Span {
  start: number;
  end: number;
}

/** The text with every secret span replaced by a marker. */
export function redact(text: string, spans: readonly Span[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(at, span.start), "[redacted]");
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

type LiteralRules = IntentRules["literals"];

function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    return value.slice(1, -1);
  }
  return value;
}

/** Sentence punctuation glued to an unquoted value ("text_field=text,") is not part of it. */
function trimValue(value: string): string {
  const trimmed = value.replace(/[.,;:!?]+$/u, "");
  return trimmed.length > 0 ? trimmed : value;
}

/** True when the whole of `text` is a credential variable name. */
function wholeAuthVar(rules: LiteralRules, text: string): string | undefined {
  const hit = hitsOf(rules.authVar, text)[0];
  if (hit?.start !== 0 || hit.end !== text.length) return undefined;
  return hit.groups.name;
}

function readOverrides(rules: LiteralRules, scan: Scan, authVars: Set<string>, secrets: Span[]) {
  const overrides: Record<string, string> = {};
  for (const re of rules.overrides) {
    for (const hit of hitsOf(re, scan.text)) {
      scan.mask(hit.start, hit.end);
      const key = hit.groups.key ?? "";
      const rawValue = hit.groups.value ?? "";
      const quoted = hit.groups.q !== undefined || unquote(rawValue) !== rawValue;
      const value = quoted ? unquote(rawValue) : trimValue(rawValue);
      if (isSecretKey(key)) {
        // A secret's value is dropped; only a variable name survives.
        for (const name of [wholeAuthVar(rules, key), wholeAuthVar(rules, value)]) {
          if (name) authVars.add(name);
        }
        const valueEnd = hit.groups.q === undefined ? hit.end : hit.end - 1;
        secrets.push({ start: valueEnd - rawValue.length, end: valueEnd });
        continue;
      }
      overrides[key] = value;
    }
  }
  return overrides;
}

function maskSecrets(
  rules: LiteralRules,
  scan: Scan,
  authVars: Set<string>,
  secrets: Span[],
): void {
  for (const re of rules.secretValues) {
    for (const hit of hitsOf(re, scan.text)) {
      scan.mask(hit.start, hit.end);
      secrets.push(hit);
    }
  }
  for (const hit of hitsOf(rules.secretStatement, scan.text)) {
    const value = hit.groups.value ?? "";
    if (rules.pathPrefix.test(value)) continue;
    const name = wholeAuthVar(rules, value);
    if (name) authVars.add(name);
    scan.mask(hit.end - value.length, hit.end);
    if (!name) secrets.push({ start: hit.end - value.length, end: hit.end });
  }
}

function readUrls(rules: LiteralRules, scan: Scan): string[] {
  const urls: string[] = [];
  for (const hit of hitsOf(rules.url, scan.text)) {
    urls.push(hit.text.replace(rules.trailing, ""));
    scan.mask(hit.start, hit.end);
  }
  return urls;
}

export function readLiterals(rules: IntentRules, scan: Scan): Literals {
  const lit = rules.literals;
  const authVars = new Set<string>();
  const secretSpans: Span[] = [];
  const overrides = readOverrides(lit, scan, authVars, secretSpans);
  // Paths come before secret and URL masking: a path is kept whole, whatever it contains.
  const roles = classifyPaths(rules, scan, pathTokens(lit, rules.paths, scan.text));
  maskSecrets(lit, scan, authVars, secretSpans);
  for (const hit of hitsOf(lit.authVar, scan.text)) {
    if (hit.groups.name) authVars.add(hit.groups.name);
    scan.mask(hit.start, hit.end);
  }
  const urls = readUrls(lit, scan);
  const inputs = [...roles.inputs];
  const outputs = [...roles.outputs];
  let keyedOutput: string | undefined;
  for (const [key, value] of Object.entries(overrides)) {
    const at = scan.original.length;
    if (rules.data.inputKeys.has(key) && lit.pathPrefix.test(value)) {
      inputs.push({ text: value, start: at, descStart: at, trained: false, auxiliary: false });
    }
    if (rules.data.outputKeys.has(key)) keyedOutput ??= value;
  }
  return {
    overrides,
    authVars: [...authVars],
    inputs,
    outputDir: outputs.at(-1)?.text ?? keyedOutput,
    outputs,
    urls,
    secretSpans: mergeSpans(secretSpans),
  };
}

/** Overlapping spans joined, so redaction replaces each secret once. */
function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ start: span.start, end: span.end });
  }
  return out;
}
