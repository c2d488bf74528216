import { isSecretKey, REDACTED } from "../../secrets/index.js";
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

function readOverrides(rules: LiteralRules, scan: Scan, authVars: Set<string>) {
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
        continue;
      }
      // A credential under a plain key was masked before reading; the setting goes with it.
      if (value.includes(REDACTED)) continue;
      overrides[key] = value;
    }
  }
  return overrides;
}

/** The text reaches the reader with credentials already replaced; the markers carry no meaning. */
function maskRedacted(scan: Scan): void {
  const text = scan.text;
  const found: number[] = [];
  for (let at = text.indexOf(REDACTED); at >= 0; at = text.indexOf(REDACTED, at + 1))
    found.push(at);
  for (const at of found) scan.mask(at, at + REDACTED.length);
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
  const overrides = readOverrides(lit, scan, authVars);
  // Paths come before secret and URL masking: a path is kept whole, whatever it contains.
  const roles = classifyPaths(rules, scan, pathTokens(lit, rules.paths, scan.text));
  maskRedacted(scan);
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
      inputs.push({
        text: value,
        start: at,
        descStart: at,
        trained: false,
        auxiliary: false,
        data: false,
      });
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
  };
}
