import { type Document, isCollection, isMap, isScalar, isSeq } from "yaml";

/** JSON data: what a shipped config holds when it uses nothing beyond plain YAML. */
export type PlainValue = string | number | boolean | null | PlainValue[] | PlainRecord;
export interface PlainRecord {
  [key: string]: PlainValue;
}

/**
 * What planning reads from a shipped config: whether a dotted key exists and
 * the value there. Lookups follow the `yaml` library's own (`hasIn`, `getIn`):
 * a key segment names a map key or, in a sequence, an item index.
 */
export interface ConfigValues {
  has(path: readonly string[]): boolean;
  /** The scalar's value, a collection as JSON, undefined when absent (or an alias). */
  value(path: readonly string[]): unknown;
}

/** Lookups on a parsed document. */
export function documentValues(doc: Document): ConfigValues {
  return {
    has: (path) => doc.hasIn(path),
    value: (path) => {
      const node: unknown = doc.getIn(path, true);
      if (isScalar(node)) return node.value;
      if (isCollection(node)) return node.toJSON();
      return undefined;
    },
  };
}

/** Lookups on a document's plain data (see `plainContents`): same answers, no YAML library. */
export function plainValues(contents: PlainValue): ConfigValues {
  const at = (path: readonly string[]): { found: PlainValue } | undefined => {
    let current: { found: PlainValue } | undefined = { found: contents };
    for (const key of path) {
      current = current ? childOf(current.found, key) : undefined;
      if (!current) return undefined;
    }
    return current;
  };
  return {
    has: (path) => path.length === 0 || at(path) !== undefined,
    value: (path) => {
      const found = at(path)?.found;
      return found !== null && typeof found === "object" ? structuredClone(found) : found;
    },
  };
}

function childOf(container: PlainValue, key: string): { found: PlainValue } | undefined {
  if (Array.isArray(container)) {
    const index = itemIndex(key);
    const item = index === undefined ? undefined : container[index];
    return item === undefined ? undefined : { found: item };
  }
  if (container === null || typeof container !== "object") return undefined;
  return Object.hasOwn(container, key) ? { found: container[key] ?? null } : undefined;
}

/** A sequence index as the `yaml` library reads a key: any string `Number` makes a whole number of. */
function itemIndex(key: string): number | undefined {
  const index = key ? Number(key) : Number.NaN;
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

/**
 * A document's contents as plain data, only when lookups in that data answer
 * exactly as the document does: every map key a string (not `__proto__`),
 * every scalar a string, boolean, null or finite number (not -0), maps and
 * sequences without special tags, and no aliases or explicit keys without a
 * value. Anything else, and an empty document (it differs from one holding
 * `null`), gives undefined, and the document itself is used.
 */
export function plainContents(doc: Document): PlainValue | undefined {
  return plainNode(doc.contents);
}

const MAP_TAG = "tag:yaml.org,2002:map";
const SEQ_TAG = "tag:yaml.org,2002:seq";

function plainNode(node: unknown): PlainValue | undefined {
  if (isScalar(node)) return plainScalar(node.value);
  if (isSeq(node)) {
    if (node.tag !== undefined && node.tag !== SEQ_TAG) return undefined;
    const items: PlainValue[] = [];
    for (const item of node.items) {
      const value = plainNode(item);
      if (value === undefined) return undefined;
      items.push(value);
    }
    return items;
  }
  if (isMap(node)) {
    if (node.tag !== undefined && node.tag !== MAP_TAG) return undefined;
    const record: PlainRecord = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== "string" || key === "__proto__" || Object.hasOwn(record, key)) {
        return undefined;
      }
      const value = plainNode(pair.value);
      if (value === undefined) return undefined;
      record[key] = value;
    }
    return record;
  }
  return undefined;
}

function plainScalar(value: unknown): PlainValue | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0)) return value;
  return undefined;
}
