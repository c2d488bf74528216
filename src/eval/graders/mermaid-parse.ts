/**
 * A forgiving reader for the subset of mermaid `flowchart` syntax plans use: node
 * definitions in any bracket shape, `&` groups, chained links, and link labels written
 * `A -->|label| B` or `A -- label --> B`. Styling statements are skipped.
 */

export interface MermaidEdge {
  from: string;
  to: string;
  label?: string;
}

export interface MermaidGraph {
  /** `flowchart LR`, `graph TD`, ... or undefined when the header is missing. */
  header?: string;
  /** Node id → label text (the id itself when the node never gets a label). */
  nodes: Map<string, string>;
  edges: MermaidEdge[];
}

const SKIPPED = /^(classDef|class|style|linkStyle|click|subgraph|end|direction|%%)\b/;
const NODE_ID = /[A-Za-z0-9_][A-Za-z0-9_\-.]*/y;
const OPENERS: Record<string, string> = { "[": "]", "(": ")", "{": "}", ">": "]" };
/** `-- text -->`, `== text ==>`, `-. text .->`: the label between two link halves. */
const TEXT_LINK = /\s*(?:--|==|-\.)\s+([^|>]+?)\s+(?:-{2,}[>xo]?|={2,}[>xo]?|\.-+>?)\s*/y;
/** `-->`, `---`, `==>`, `-.->`, `--x`, `<-->`, each optionally followed by `|label|`. */
const ARROW_LINK = /\s*<?(?:-{2,}[>xo]?|={2,}[>xo]?|-\.+-+[>xo]?|~~~)\s*(?:\|([^|]*)\|)?\s*/y;

export function parseMermaid(source: string): MermaidGraph {
  const graph: MermaidGraph = { nodes: new Map(), edges: [] };
  const lines = source
    .replace(/```(?:mermaid)?/g, "\n")
    .split(/\r?\n|;/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  for (const line of lines) {
    if (graph.header === undefined && /^(flowchart|graph)\b/.test(line)) {
      graph.header = line;
      continue;
    }
    if (SKIPPED.test(line)) continue;
    parseStatement(line, graph);
  }
  return graph;
}

function parseStatement(line: string, graph: MermaidGraph): void {
  let pos = 0;
  let previous = readGroup(line, pos, graph);
  if (!previous) return;
  pos = previous.end;
  while (pos < line.length) {
    const link = readLink(line, pos);
    if (!link) return;
    const next = readGroup(line, link.end, graph);
    if (!next) return;
    for (const from of previous.ids) {
      for (const to of next.ids) {
        graph.edges.push(link.label === undefined ? { from, to } : { from, to, label: link.label });
      }
    }
    previous = next;
    pos = next.end;
  }
}

/** `A & B["x"]`: one or more nodes joined by `&`. */
function readGroup(line: string, start: number, graph: MermaidGraph) {
  const ids: string[] = [];
  let pos = start;
  for (;;) {
    const node = readNode(line, pos, graph);
    if (!node) return ids.length ? { ids, end: pos } : undefined;
    ids.push(node.id);
    pos = node.end;
    const amp = /\s*&\s*/y;
    amp.lastIndex = pos;
    if (!amp.exec(line)) return { ids, end: pos };
    pos = amp.lastIndex;
  }
}

function readNode(line: string, start: number, graph: MermaidGraph) {
  let pos = start;
  while (line[pos] === " " || line[pos] === "\t") pos++;
  NODE_ID.lastIndex = pos;
  const match = NODE_ID.exec(line);
  if (!match) return undefined;
  const id = match[0].replace(/[-.]+$/, "");
  pos += id.length;
  const shape = readShape(line, pos);
  if (shape) {
    graph.nodes.set(id, shape.label);
    pos = shape.end;
  } else if (!graph.nodes.has(id)) {
    graph.nodes.set(id, id);
  }
  const klass = /:::[A-Za-z0-9_-]+/y;
  klass.lastIndex = pos;
  if (klass.exec(line)) pos = klass.lastIndex;
  return { id, end: pos };
}

/** A bracketed label after a node id, with nesting (`[[..]]`, `([..])`) and quotes handled. */
function readShape(line: string, start: number) {
  const open = line[start];
  if (open === undefined || !(open in OPENERS)) return undefined;
  const stack: string[] = [];
  let quoted = false;
  for (let i = start; i < line.length; i++) {
    const ch = line[i] ?? "";
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    if (i === start || (ch in OPENERS && ch !== ">")) {
      stack.push(OPENERS[ch] ?? "]");
    } else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) {
        return { label: cleanLabel(line.slice(start + 1, i)), end: i + 1 };
      }
    }
  }
  return undefined;
}

function cleanLabel(raw: string): string {
  return raw
    .replace(/^[[({/\\]+|[\])}/\\]+$/g, "")
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/["`]/g, "")
    .trim();
}

function readLink(line: string, start: number) {
  for (const pattern of [TEXT_LINK, ARROW_LINK]) {
    pattern.lastIndex = start;
    const match = pattern.exec(line);
    if (match && pattern.lastIndex > start) {
      const label = match[1]?.trim().replace(/^["']|["']$/g, "");
      return { label: label || undefined, end: pattern.lastIndex };
    }
  }
  return undefined;
}

/** The body of the first ```mermaid fenced block of a markdown text, if there is one. */
export function firstMermaidBlock(markdown: string): string | undefined {
  const match = /^[ \t]*(`{3,}|~{3,})[ \t]*mermaid[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/m.exec(
    markdown,
  );
  return match ? match[2] : undefined;
}
