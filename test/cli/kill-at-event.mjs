// Runs the built CLI and SIGKILLs it at one numbered file event of the run:
// before or after creating a temp config file, linking it into place, or a
// checkpoint write (put / putWrites of the SQLite or PostgreSQL saver).
//   NC_KILL_AT=<n>        kill at event n (1-based)
//   NC_KILL_ON=<name>     kill at the first event with this name ("after link")
//   NC_EVENT_LOG=<file>   append every event's name to this file (to count them)
// Usage: node kill-at-event.mjs <cli args…>
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const killAt = Number(process.env.NC_KILL_AT ?? 0);
const killOn = process.env.NC_KILL_ON;
const log = process.env.NC_EVENT_LOG;
let count = 0;

function event(name) {
  count += 1;
  if (log) fs.appendFileSync(log, `${name}\n`);
  if (count === killAt || name === killOn) process.kill(process.pid, "SIGKILL");
}

const isConfigTemp = (file) => /\/config\/\..+\.tmp$/.test(String(file));
const isConfig = (file) => String(file).includes("/config/");

const { openSync, closeSync, linkSync } = fs;
const tempFds = new Set();
fs.openSync = (file, flags, mode) => {
  if (isConfigTemp(file)) event("before temp create");
  const fd = openSync(file, flags, mode);
  if (isConfigTemp(file)) tempFds.add(fd);
  return fd;
};
fs.closeSync = (fd) => {
  closeSync(fd);
  if (tempFds.delete(fd)) event("after temp write");
};
fs.linkSync = (existing, target) => {
  if (isConfig(target)) event("before link");
  linkSync(existing, target);
  if (isConfig(target)) event("after link");
};
syncBuiltinESMExports();

async function wrapSaver(load, name) {
  let mod;
  try {
    mod = await load();
  } catch {
    return;
  }
  const proto = mod[name]?.prototype;
  if (!proto) return;
  for (const method of ["put", "putWrites"]) {
    const original = proto[method];
    proto[method] = async function (...args) {
      event(`before ${method}`);
      const result = await original.apply(this, args);
      event(`after ${method}`);
      return result;
    };
  }
}
await wrapSaver(() => import("@langchain/langgraph-checkpoint-sqlite"), "SqliteSaver");
if (process.argv.some((arg) => /^postgres(ql)?:\/\//.test(arg))) {
  await wrapSaver(() => import("@langchain/langgraph-checkpoint-postgres"), "PostgresSaver");
}

process.argv = [process.argv[0], "nemotron-customize", ...process.argv.slice(2)];
await import("../../dist/src/cli/main.js");
