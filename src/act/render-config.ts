import { isDeepStrictEqual } from "node:util";
import { type Document, isScalar, parseDocument, stringify } from "yaml";
import type { ParamValue } from "../planner/plan.js";

/** Used when the whole document has to be re-printed. */
const PRINT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * The text of a new config. When every override replaces an existing scalar,
 * the shipped text is patched in place, so number spellings, comment
 * alignment and flow lists stay byte-for-byte and a diff against the base
 * shows only the overrides. Anything else (new keys, lists, maps) re-prints
 * the edited document. Either way the text must parse to `doc`'s data.
 */
export function renderConfig(
  doc: Document,
  base: { doc: Document; text: string },
  params: Readonly<Record<string, ParamValue>>,
  header: string,
): string {
  const expected = doc.toJS();
  const patched = patchScalars(base, params);
  if (patched !== undefined) {
    const text = `${commentLines(header)}\n\n${patched}`;
    // Duplicate keys were refused when the base was read; the library's own check is quadratic.
    if (isDeepStrictEqual(parseDocument(text, { uniqueKeys: false }).toJS(), expected)) return text;
  }
  return doc.toString(PRINT_OPTIONS);
}

function commentLines(text: string): string {
  return text
    .split("\n")
    .map((line) => `#${line}`)
    .join("\n");
}

/** Splice each new scalar over the old one's source range; undefined when that is not possible. */
function patchScalars(
  base: { doc: Document; text: string },
  params: Readonly<Record<string, ParamValue>>,
): string | undefined {
  const { doc: source, text: baseText } = base;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && typeof value === "object") return undefined;
    const node = source.getIn(key.split("."), true);
    if (!isScalar(node) || node.anchor || node.tag || !node.range) return undefined;
    if (node.value === value) continue;
    const rendered = stringify(value, PRINT_OPTIONS).replace(/\n$/, "");
    if (rendered.includes("\n")) return undefined;
    edits.push({ start: node.range[0], end: node.range[1], text: rendered });
  }
  let text = baseText;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  }
  return text;
}
