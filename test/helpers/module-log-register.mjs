// Loaded with `node --import`: records the URL of every module the process loads
// (one a line) in the file named by $NC_MODULE_LOG: ES modules as they load,
// CommonJS modules (which the hooks do not see) from require's cache at exit.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const out = process.env.NC_MODULE_LOG;
register("./module-log-hooks.mjs", import.meta.url, { data: { out } });
const { cache } = createRequire(import.meta.url);
process.on("exit", () => {
  const files = Object.keys(cache).filter((file) => file.startsWith("/"));
  if (out) appendFileSync(out, files.map((file) => `${pathToFileURL(file).href}\n`).join(""));
});
