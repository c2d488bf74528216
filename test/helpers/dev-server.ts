import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { repoRoot } from "./snapshot.js";

const CLI = path.join(repoRoot, "node_modules/.bin/langgraphjs");
/** How long the server may take to start on a busy machine before it counts as unable to. */
const READY_WITHIN_MS = 240_000;

export interface DevServer {
  url: string;
  stop(): Promise<void>;
}

/** A port on the loopback interface that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    child.once("exit", () => resolve());
    // The CLI starts worker processes: end its whole process group.
    process.kill(-child.pid, "SIGTERM");
    setTimeout(() => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, 10_000).unref();
  });
}

/**
 * Start `langgraphjs dev` on a free loopback port with this project's
 * langgraph.json, and wait (polling `/ok`) until it answers. Returns the
 * reason instead when it cannot start: missing CLI, exit before readiness,
 * or no answer in a generous time.
 */
export async function startDevServer(
  env: NodeJS.ProcessEnv,
): Promise<{ server: DevServer } | { reason: string }> {
  if (!existsSync(CLI)) return { reason: `${CLI} is missing (npm ci installs it)` };
  let lastReason = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = [
      "dev",
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      "--no-browser",
      "--no-reload",
    ];
    const child = spawn(CLI, args, {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + READY_WITHIN_MS;
    while (Date.now() < deadline && child.exitCode === null) {
      const ok = await fetch(`${url}/ok`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { server: { url, stop: () => stopProcess(child) } };
      await new Promise((r) => setTimeout(r, 1000));
    }
    await stopProcess(child);
    lastReason = `langgraphjs dev did not answer on ${url} (exit ${child.exitCode}): ${output.trim().split("\n").slice(-5).join(" | ")}`;
    // Another process may have taken the port between the probe and the bind: try a new one.
    if (!/EADDRINUSE/.test(output)) break;
  }
  return { reason: lastReason };
}
