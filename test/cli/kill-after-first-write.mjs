// Runs the built CLI, but SIGKILLs this process right after the first config
// file is linked into a step's config/ directory: a real crash in the middle of
// Act, at a deterministic point. Usage: node kill-after-first-write.mjs <cli args…>
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const link = fs.linkSync;
fs.linkSync = (existing, target) => {
  link(existing, target);
  if (String(target).includes("/config/")) process.kill(process.pid, "SIGKILL");
};
syncBuiltinESMExports();
process.argv = [process.argv[0], "nemotron-customize", ...process.argv.slice(2)];
await import("../../dist/src/cli/main.js");
