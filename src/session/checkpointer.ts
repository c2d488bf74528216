import os from "node:os";
import path from "node:path";
import { openMemoryStore } from "./stores/memory.js";
import { isPostgresUrl } from "./stores/postgres.js";
import { type CheckpointStore, type MigrateReport, StoreError } from "./stores/types.js";

export type { CheckpointStore, MigrateReport, ReleaseThread } from "./stores/types.js";
export { StoreError } from "./stores/types.js";

/** Per-user state directory: `$XDG_STATE_HOME/nemotron-customize`, else `~/.local/state/...`. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  return path.join(base, "nemotron-customize");
}

/** `--db`, else `$NEMOTRON_CUSTOMIZE_DB`, else `threads.sqlite` in the state directory. */
export function resolveDb(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag || env.NEMOTRON_CUSTOMIZE_DB || path.join(stateDir(env), "threads.sqlite");
}

type Backend = "memory" | "sqlite" | "postgres";

function backendOf(db: string): Backend {
  if (db === ":memory:") return "memory";
  if (isPostgresUrl(db)) return "postgres";
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(db)?.[1];
  if (scheme) {
    throw new StoreError(
      `unsupported checkpoint store "${scheme}://": give a SQLite file path or a postgres:// URL`,
      "usage",
    );
  }
  return "sqlite";
}

/**
 * The checkpoint store for a `--db` value: `:memory:` for tests, a postgres://
 * URL, else a SQLite file. Each backend's driver loads only when it is chosen
 * (stores/postgres.ts imports `pg` and the saver dynamically).
 */
export async function openCheckpointer(db: string): Promise<CheckpointStore> {
  const backend = backendOf(db);
  if (backend === "memory") return openMemoryStore();
  if (backend === "postgres") {
    const { openPostgresStore } = await import("./stores/postgres.js");
    return openPostgresStore(db);
  }
  const { openSqliteStore } = await import("./stores/sqlite.js");
  return openSqliteStore(db);
}

/** `db migrate`: create or upgrade the tables a store needs; safe to run any number of times. */
export async function migrateStore(db: string): Promise<MigrateReport> {
  const backend = backendOf(db);
  if (backend === "memory") {
    return {
      kind: "memory",
      target: db,
      applied: 0,
      message: "an in-memory store has nothing to migrate",
    };
  }
  if (backend === "postgres") {
    const { migratePostgres } = await import("./stores/postgres.js");
    return migratePostgres(db);
  }
  const { sqliteMigrateReport } = await import("./stores/sqlite.js");
  return sqliteMigrateReport(db);
}
