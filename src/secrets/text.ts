import { isEnvReference, isEnvVarName, isSecretKey } from "./keys.js";
import { type SecretRules, secretRules } from "./rules.js";

/** What replaces a credential in every stored, shown or sent copy of a text. */
export const REDACTED = "[redacted]";

/** A half-open range of a text that holds a credential. */
export interface Span {
  start: number;
  end: number;
}

/** Literal credential values known to this run (from the checkout's env files). */
export interface KnownSecrets {
  values: readonly string[];
}

const NO_KNOWN: KnownSecrets = { values: [] };

/** `key: value` / `key=value` / `"key": "value"`: the key decides. */
const ASSIGNMENT =
  /(?<![\w.$-])(?<!\d[ \t]{1,3})["']?(?<key>[A-Za-z_][\w.-]*)["']?\s*[:=：]\s*(?<value>"[^"\n]*"|'[^'\n]*'|[^\s"'`,;}\]]+)/gu;

/** Any `scheme://…` URL, for userinfo and query parameters. */
const URL_TEXT = /(?<![\w+.-])[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/giu;

const TRAILING = /[.,;:!?)\]}>]+$/u;

/**
 * A value that reads like a token: one unbroken run of token characters
 * (base64 padding only at the end), with letters and digits.
 */
function tokenLike(value: string): boolean {
  if (!/^[\w+/.~-]+=*$/.test(value)) return false;
  return value.length >= 8 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * The part of a matched value that is a credential, as an offset range inside
 * it, or undefined when the phrase is followed by something that is not one:
 * a stop word, a path, an environment variable's name, a reference, a mask.
 */
function valueRange(
  raw: string,
  rules: SecretRules,
  loose: boolean,
): { from: number; to: number } | undefined {
  let from = 0;
  let to = raw.length;
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.length >= 2 && raw.endsWith(quote)) {
    from = 1;
    to = raw.length - 1;
  } else {
    const trimmed = raw.replace(TRAILING, "");
    to = trimmed.length;
  }
  const value = raw.slice(from, to);
  if (value.length === 0 || value.includes(REDACTED)) return undefined;
  if (rules.stopWords.has(value.toLowerCase())) return undefined;
  // A path, or an interpolation (`${oc.env:NAME,''}`): neither is a literal credential.
  if (/^(?:\/|~|\.{1,2}\/|\$\{)/.test(value)) return undefined;
  const bare = value.replace(/^\$\{?|\}$/g, "");
  if (isEnvVarName(bare) || isEnvReference(value)) return undefined;
  if (loose && !tokenLike(value)) return undefined;
  return { from, to };
}

function pushValue(
  spans: Span[],
  match: RegExpMatchArray,
  rules: SecretRules,
  loose: boolean,
): void {
  const raw = match.groups?.value;
  if (raw === undefined || match.index === undefined) return;
  const range = valueRange(raw, rules, loose);
  if (!range) return;
  const start = match.index + match[0].length - raw.length;
  // A mask already in place (`key = [redacted]`, cut at its `]`) is not masked again.
  if (match.input?.startsWith(REDACTED, start + range.from)) return;
  spans.push({ start: start + range.from, end: start + range.to });
}

function urlSpans(text: string, rules: SecretRules, spans: Span[]): void {
  for (const match of text.matchAll(URL_TEXT)) {
    const url = match[0];
    const base = match.index ?? 0;
    const auth = /^[a-z][a-z0-9+.-]*:\/\/(?<user>[^\s/@:?#]*)(?::(?<pass>[^\s/?#]*))?@/iu.exec(url);
    if (auth?.groups) {
      const { user = "", pass } = auth.groups;
      const userStart = url.indexOf("://") + 3;
      if (pass !== undefined && pass.length > 0) {
        const passStart = userStart + user.length + 1;
        spans.push({ start: base + passStart, end: base + passStart + pass.length });
      } else if (pass === undefined && tokenLike(user)) {
        spans.push({ start: base + userStart, end: base + userStart + user.length });
      }
    }
    for (const param of url.matchAll(/[?&;](?<name>[^=&;#\s]+)=(?<value>[^&;#\s]*)/gu)) {
      const name = decodeName(param.groups?.name ?? "");
      const value = param.groups?.value ?? "";
      if (value.length === 0 || param.index === undefined) continue;
      if (!isSecretKey(name) && !rules.urlQueryKeys.has(name.toLowerCase())) continue;
      if (isEnvVarName(value)) continue;
      const start = base + param.index + param[0].length - value.length;
      spans.push({ start, end: start + value.replace(TRAILING, "").length });
    }
  }
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Where credentials sit in `text`, merged and in order. */
export function findSecretSpans(text: string, known: KnownSecrets = NO_KNOWN): Span[] {
  const rules = secretRules();
  const spans: Span[] = [];
  for (const value of known.values) {
    if (value.length < rules.minValueLength) continue;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      spans.push({ start: at, end: at + value.length });
    }
  }
  for (const shape of rules.valueShapes) {
    for (const match of text.matchAll(shape)) {
      const start = match.index ?? 0;
      spans.push({ start, end: start + match[0].length });
    }
  }
  for (const statement of rules.statements) {
    for (const match of text.matchAll(statement.pattern)) {
      pushValue(spans, match, rules, statement.loose);
    }
  }
  for (const match of text.matchAll(ASSIGNMENT)) {
    if (isSecretKey(match.groups?.key ?? "")) pushValue(spans, match, rules, false);
  }
  urlSpans(text, rules, spans);
  return mergeSpans(spans);
}

/** Overlapping or touching spans joined, so each credential is replaced once. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const span of sorted) {
    if (span.end <= span.start) continue;
    const last = out.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ start: span.start, end: span.end });
  }
  return out;
}

/** `text` with every span replaced by `[redacted]`. */
export function replaceSpans(text: string, spans: readonly Span[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const span of mergeSpans(spans)) {
    parts.push(text.slice(at, span.start), REDACTED);
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/**
 * `text` with every credential the rules recognise (value shapes, phrases that
 * introduce one, secret `key=value` pairs, URL passwords and secret query
 * parameters) and every known value replaced by `[redacted]`.
 */
export function redactText(text: string, known: KnownSecrets = NO_KNOWN): string {
  const spans = findSecretSpans(text, known);
  return spans.length === 0 ? text : replaceSpans(text, spans);
}

/** True when `text` holds a credential the rules recognise or a known value. */
export function holdsSecret(text: string, known: KnownSecrets = NO_KNOWN): boolean {
  return findSecretSpans(text, known).length > 0;
}

/** A URL fit for an error message: password and secret query parameters masked. */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** The literal credentials inside a URL, so an echo of them anywhere else is masked too. */
export function secretsInUrl(url: string): string[] {
  return findSecretSpans(url)
    .map((span) => decodeSafe(url.slice(span.start, span.end)))
    .flatMap((value) => [value, encodeURIComponent(value)]);
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
