// Loaded with `node --import`: records the URL of every module the process loads
// (one a line) in the file named by $NC_MODULE_LOG.
import { register } from "node:module";

register("./module-log-hooks.mjs", import.meta.url, { data: { out: process.env.NC_MODULE_LOG } });
