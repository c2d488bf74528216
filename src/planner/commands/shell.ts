import type { ParamValue } from "../plan.js";

/**
 * Characters that a POSIX shell passes through unchanged anywhere in a word. `~` is left out
 * (bash expands it after `=`), as are glob characters (`*?[]`), `$`, quotes and whitespace.
 */
const SAFE_WORD = /^[A-Za-z0-9_./:@%+,=-]+$/;
/** Override keys that can stay bare before `=`. */
const SAFE_KEY = /^[A-Za-z0-9_.-]+$/;

/** Quote a word for a POSIX shell only when it needs it, with single quotes. */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Plain scalars in a YAML flow collection; anything else is double-quoted. */
const PLAIN_FLOW_SCALAR = /^[A-Za-z_/][A-Za-z0-9_./@+-]*$/;
/** Plain words YAML would read as something other than a string. */
const YAML_NON_STRING = /^(true|false|yes|no|on|off|null|~)$/i;

/** Characters YAML does not allow raw inside a double-quoted scalar, though JSON does. */
const YAML_UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/gu;

function flowScalar(value: string): string {
  if (PLAIN_FLOW_SCALAR.test(value) && !YAML_NON_STRING.test(value)) return value;
  const toUnicodeEscape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return JSON.stringify(value).replace(YAML_UNPRINTABLE, toUnicodeEscape);
}

/** A structured value in YAML flow style (`[{name: ifeval}]`), the shape the CLI's override parser reads. */
export function flowYaml(value: ParamValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return flowScalar(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(", ")}]`;
  const entries = Object.entries(value).map(([k, v]) => `${flowScalar(k)}: ${flowYaml(v)}`);
  return `{${entries.join(", ")}}`;
}

/** The text after `key=`: strings verbatim, other scalars as written, lists/maps in flow YAML. */
export function overrideText(value: ParamValue): string {
  if (typeof value === "string") return value;
  return flowYaml(value);
}

/** `key=value` as one shell word: quote the value alone for scalars, the whole word for lists/maps. */
export function overrideWord(key: string, value: ParamValue): string {
  const text = overrideText(value);
  const structured = value !== null && typeof value === "object";
  if (!structured && SAFE_KEY.test(key)) return `${key}=${shellQuote(text)}`;
  return shellQuote(`${key}=${text}`);
}

export interface StepCommandOptions {
  step: string;
  /** Shipped config name or a config path relative to the checkout root. */
  config: string;
  dryRun: boolean;
  /** Env profile section for `--batch`; only a name read from a real profile file. */
  batchProfile?: string | undefined;
  overrides: Record<string, ParamValue>;
}

/** `uv run nemotron steps run <step> -c <config> [--dry-run] [--batch <profile>] key=value ...` */
export function buildStepCommand(opts: StepCommandOptions): string {
  const words = ["uv", "run", "nemotron", "steps", "run", shellQuote(opts.step)];
  words.push("-c", shellQuote(opts.config));
  if (opts.dryRun) words.push("--dry-run");
  if (opts.batchProfile) words.push("--batch", shellQuote(opts.batchProfile));
  for (const [key, value] of Object.entries(opts.overrides)) words.push(overrideWord(key, value));
  return words.join(" ");
}
