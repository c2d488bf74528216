import { spawn } from "node:child_process";
import { z } from "zod";

/**
 * Python's own parser does the reading: `ast` for syntax, imports and stub
 * bodies, `tokenize` for comments and string literals. One script, two modes:
 * `source` reads a file's text on stdin; `names` reads a JSON list of module
 * files and returns their top-level names.
 */
const SCRIPT = `
import ast, io, json, sys, tokenize

def is_stub(body):
    rest = list(body)
    if rest and isinstance(rest[0], ast.Expr) and isinstance(rest[0].value, ast.Constant) and isinstance(rest[0].value.value, str):
        rest = rest[1:]
    def empty(stmt):
        if isinstance(stmt, ast.Pass):
            return True
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis:
            return True
        if isinstance(stmt, ast.Raise) and stmt.exc is not None:
            exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
            return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
        return False
    return bool(rest) and all(empty(stmt) for stmt in rest)

def read_source(text):
    out = {"syntax": None, "imports": [], "stubs": [], "texts": []}
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        out["syntax"] = {"message": err.msg or "invalid syntax", "line": err.lineno or 0, "column": err.offset or 0}
        return out
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out["imports"].append({"module": alias.name, "names": [], "level": 0, "line": node.lineno})
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            out["imports"].append({"module": node.module or "", "names": names, "level": node.level, "line": node.lineno})
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and is_stub(node.body):
            out["stubs"].append({"name": node.name, "line": node.lineno})
        elif isinstance(node, ast.ExceptHandler) and is_stub(node.body):
            out["stubs"].append({"name": "except", "line": node.lineno})
    kinds = {tokenize.COMMENT: "comment", tokenize.STRING: "string"}
    middle = getattr(tokenize, "FSTRING_MIDDLE", None)
    if middle is not None:
        kinds[middle] = "string"
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in kinds:
                out["texts"].append({"kind": kinds[tok.type], "text": tok.string, "line": tok.start[0]})
    except (tokenize.TokenError, SyntaxError):
        pass
    return out

def collect(body, found):
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                found.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
            found.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                found.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for part in ("body", "orelse", "finalbody"):
                collect(getattr(node, part, []), found)
            for handler in getattr(node, "handlers", []):
                collect(handler.body, found)

def read_names(files):
    result = {}
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                tree = ast.parse(handle.read())
        except (OSError, SyntaxError, ValueError):
            result[path] = None
            continue
        found = set()
        collect(tree.body, found)
        result[path] = sorted(found)
    return result

data = sys.stdin.read()
print(json.dumps(read_source(data) if sys.argv[1] == "source" else read_names(json.loads(data))))
`;

export const SourceFactsSchema = z.object({
  syntax: z.object({ message: z.string(), line: z.number(), column: z.number() }).nullable(),
  imports: z.array(
    z.object({
      module: z.string(),
      names: z.array(z.string()),
      level: z.number(),
      line: z.number(),
    }),
  ),
  /** Functions, classes and except handlers whose body is only pass, `...` or NotImplementedError. */
  stubs: z.array(z.object({ name: z.string(), line: z.number() })),
  /** Comments and string literals, for the placeholder rule. */
  texts: z.array(
    z.object({ kind: z.enum(["comment", "string"]), text: z.string(), line: z.number() }),
  ),
});
export type SourceFacts = z.infer<typeof SourceFactsSchema>;

/** Module file → its top-level names, or null when it does not parse. */
export const ModuleNamesSchema = z.record(z.string(), z.array(z.string()).nullable());
export type ModuleNames = z.infer<typeof ModuleNamesSchema>;

export interface PythonOptions {
  /** Interpreter to run; `false` means none is available. Default `python3`. */
  command?: string | false;
  /** Per call; the child is killed after it. Default 15 s. */
  timeoutMs?: number;
}

export type ProbeResult<T> =
  | { status: "ok"; value: T }
  | { status: "absent"; reason: string }
  | { status: "failed"; reason: string };

function run(
  mode: "source" | "names",
  input: string,
  options: PythonOptions,
): Promise<ProbeResult<string>> {
  const command = options.command ?? "python3";
  if (command === false)
    return Promise.resolve({ status: "absent", reason: "no Python interpreter configured" });
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve) => {
    // -I: isolated mode, so no user site or PYTHON* variables change what the parser does.
    const child = spawn(command, ["-I", "-c", SCRIPT, mode], { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (result: ProbeResult<string>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ status: "failed", reason: `${command} did not answer within ${timeoutMs} ms` });
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      const absent = error.code === "ENOENT" || error.code === "EACCES";
      finish({ status: absent ? "absent" : "failed", reason: `${command}: ${error.message}` });
    });
    child.on("close", (code) => {
      if (code === 0) finish({ status: "ok", value: Buffer.concat(out).toString("utf8") });
      else {
        const detail = Buffer.concat(err).toString("utf8").trim().split("\n").at(-1) ?? "";
        finish({ status: "failed", reason: `${command} exited with ${code}: ${detail}` });
      }
    });
    child.stdin.on("error", () => {
      // The child died before reading stdin; the close handler reports it.
    });
    child.stdin.end(input, "utf8");
  });
}

async function runParsed<T>(
  mode: "source" | "names",
  input: string,
  schema: z.ZodType<T>,
  options: PythonOptions,
): Promise<ProbeResult<T>> {
  const raw = await run(mode, input, options);
  if (raw.status !== "ok") return raw;
  try {
    const parsed = schema.safeParse(JSON.parse(raw.value));
    if (parsed.success) return { status: "ok", value: parsed.data };
    return { status: "failed", reason: "the Python probe answered in an unexpected shape" };
  } catch {
    return { status: "failed", reason: "the Python probe did not answer with JSON" };
  }
}

/** Syntax, imports, stub bodies, comments and strings of Python source text. */
export function probeSource(
  text: string,
  options: PythonOptions = {},
): Promise<ProbeResult<SourceFacts>> {
  return runParsed("source", text, SourceFactsSchema, options);
}

/** Top-level names of module files (absolute paths). */
export function probeModuleNames(
  files: readonly string[],
  options: PythonOptions = {},
): Promise<ProbeResult<ModuleNames>> {
  return runParsed("names", JSON.stringify(files), ModuleNamesSchema, options);
}
