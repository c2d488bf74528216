import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "rolldown";
import { packageRoot } from "../src/catalog/index.js";
import { COMPILED_RULES_FILE, compileDeclaredRules } from "../src/planner/rules-cache.js";
import {
  COMPILED_SECRET_RULES_FILE,
  compiledSecretRulesJson,
  SECRET_RULES_FILE,
} from "../src/secrets/rules.js";

/**
 * The build after `tsc`: compile every declared rule file into validated data
 * beside the build output, then bundle the command-line entry (rolldown).
 * The unbundled `dist/src` stays for the library, the LangGraph server and tests.
 */
const root = packageRoot();
const dist = path.join(root, "dist");

/** Whether a built module still has its source: `tsc` leaves the output of deleted files behind. */
function hasSource(file: string): boolean {
  return existsSync(path.join(root, path.relative(dist, file)).replace(/\.js$/, ".ts"));
}

/** Built modules that declare rule files, found by their import of the rules cache. */
function ruleModules(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...ruleModules(file));
    else if (
      entry.name.endsWith(".js") &&
      hasSource(file) &&
      /rules-cache\.js["']/.test(readFileSync(file, "utf8"))
    )
      found.push(file);
  }
  return found;
}

async function compileRules(): Promise<string[]> {
  const target = path.join(dist, COMPILED_RULES_FILE);
  rmSync(target, { force: true });
  for (const file of ruleModules(path.join(dist, "src"))) await import(pathToFileURL(file).href);
  const compiled = compileDeclaredRules();
  writeFileSync(target, `${JSON.stringify(compiled)}\n`);
  // The secrets rules sit below the planner's rules cache, so they keep a copy of their own.
  writeFileSync(path.join(dist, COMPILED_SECRET_RULES_FILE), compiledSecretRulesJson());
  return [...Object.keys(compiled.entries), SECRET_RULES_FILE];
}

/**
 * Packages that cannot be inlined: native addons, the optional PostgreSQL
 * driver's natives, and jsonc-parser (its UMD build requires its parts at run time).
 */
const EXTERNAL = ["better-sqlite3", "pg-native", "jsonc-parser"];

/**
 * commander requires `child_process` as it loads, for the executable
 * subcommands this program does not have, and loading it costs every command's
 * start-up. commander's `require` of it gets a stand-in that loads the module
 * on first use.
 */
const LAZY_CHILD_PROCESS = "\0lazy-child-process";
const lazyChildProcessForCommander: Plugin = {
  name: "lazy-child-process-for-commander",
  resolveId(source, importer) {
    const fromCommander =
      importer !== undefined && /[\\/]node_modules[\\/]commander[\\/]/.test(importer);
    return source === "node:child_process" && fromCommander ? LAZY_CHILD_PROCESS : null;
  },
  load(id) {
    if (id !== LAZY_CHILD_PROCESS) return null;
    return [
      "let loaded;",
      'const load = () => (loaded ??= process.getBuiltinModule("node:child_process"));',
      "module.exports = new Proxy({}, { get: (_target, key) => load()[key] });",
    ].join("\n");
  },
};

/** Which sources each bundle file holds (both as paths from the package root), so a test can tell what a command loads. */
const BUNDLE_SOURCES_FILE = "cli/sources.json";

/**
 * The command-line bundle: every module the entry imports statically goes
 * into the entry file itself (each further file costs a start-up), and code
 * behind dynamic imports into chunks that load only on the commands that
 * need them, importing what they share from the entry.
 */
async function bundleCli(): Promise<void> {
  // Chunk names carry content hashes: clear the old ones.
  rmSync(path.join(dist, "cli"), { recursive: true, force: true });
  const result = await build({
    input: { "nemotron-customize": path.join(root, "src/cli/main.ts") },
    platform: "node",
    external: EXTERNAL,
    plugins: [lazyChildProcessForCommander],
    logLevel: "warn",
    output: {
      dir: path.join(dist, "cli"),
      format: "esm",
      chunkFileNames: "chunks/[name]-[hash].js",
      sourcemap: true,
      sourcemapExcludeSources: true,
      // Less to parse at every start-up; the source map gives --debug the original names.
      minify: true,
      // Libraries read class and function names (serialisation ids, error names): keep them.
      keepNames: true,
      codeSplitting: { groups: [{ name: "nemotron-customize", tags: ["$initial"] }] },
    },
  });
  const sources = Object.fromEntries(
    result.output
      .filter((file) => file.type === "chunk")
      .map((chunk) => [
        path.relative(root, path.join(dist, "cli", chunk.fileName)),
        chunk.moduleIds
          .filter((id) => path.isAbsolute(id))
          .map((id) => path.relative(root, id).split(path.sep).join("/")),
      ]),
  );
  writeFileSync(path.join(dist, BUNDLE_SOURCES_FILE), `${JSON.stringify(sources)}\n`);
}

const rules = await compileRules();
await bundleCli();
console.log(`compiled rules: ${rules.join(", ")}; bundled dist/cli/nemotron-customize.js`);
