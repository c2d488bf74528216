import type { Goal, Translation } from "../intent.js";
import { hitsOf, longestFirst } from "./matcher.js";
import { normalizeKey } from "./rules.js";
import type { ReadContext } from "./scan.js";

type Overrides = Readonly<Record<string, string>>;

/** The first override among `keys` that the user set. */
export function overrideValue(overrides: Overrides, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = overrides[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (["true", "yes", "on", "1"].includes(v)) return true;
  if (["false", "no", "off", "0", "null"].includes(v)) return false;
  return undefined;
}

/**
 * Source/target language, backend, FAITH, text field and server. Read only
 * when translation is in play (a translate or MCQ goal, or translation keys).
 */
export function readTranslation(
  ctx: ReadContext,
  goals: readonly Goal[],
  overrides: Overrides,
  serverUrlFallback: string | undefined,
): Translation {
  const { rules, scan } = ctx;
  const keys = rules.raw.translation.overrideKeys;
  const keyed = Object.values(keys).some((list) => overrideValue(overrides, list) !== undefined);
  if (!keyed && !goals.includes("translate") && !goals.includes("byob")) return {};
  const t: Translation = {};
  const code = (text: string | undefined) =>
    text ? rules.languageByName.get(normalizeKey(text)) : undefined;
  for (const re of rules.translation.direction) {
    const hit = hitsOf(re, scan.text)[0];
    if (!hit) continue;
    const src = code(hit.groups.src);
    const tgt = code(hit.groups.tgt);
    if ((src && !t.source) || (tgt && !t.target)) scan.mask(hit.start, hit.end);
    if (src && !t.source) t.source = src;
    if (tgt && !t.target) t.target = tgt;
  }
  const source = overrideValue(overrides, keys.source);
  const target = overrideValue(overrides, keys.target);
  if (source) t.source = source;
  if (target) t.target = target;
  const backend = overrideValue(overrides, keys.backend);
  const cued = longestFirst(
    rules.translation.backends.flatMap((b) =>
      b.cue.hits(scan.text).map((h) => ({ ...h, id: b.id })),
    ),
  )[0]?.id;
  if (backend === "llm" || backend === "nmt") t.backend = backend;
  else if (cued) t.backend = cued;
  const faith = parseBool(overrideValue(overrides, keys.faith));
  if (faith !== undefined) t.faith = faith;
  else if (rules.translation.faithOff.test(scan.text)) t.faith = false;
  else if (rules.translation.faithOn.test(scan.text)) t.faith = true;
  const textField = overrideValue(overrides, keys.textField);
  if (textField) t.textField = textField;
  const serverUrl = overrideValue(overrides, keys.serverUrl) ?? serverUrlFallback;
  if (serverUrl) t.serverUrl = serverUrl;
  const serverModel = overrideValue(overrides, keys.serverModel);
  if (serverModel) t.serverModel = serverModel;
  return t;
}
