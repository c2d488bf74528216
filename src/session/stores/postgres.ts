import type { Pool } from "pg";
import { redactText, redactUrl, secretsInUrl } from "../../secrets/index.js";
import { busyError, type CheckpointStore, type MigrateReport, StoreError } from "./types.js";

/** First key of every advisory lock this tool takes, so its locks never meet another app's. */
const LOCK_SPACE = "nemotron-customize";
/** The tables PostgresSaver's migrations create (in the `public` schema, its default). */
const TABLES = ["checkpoint_migrations", "checkpoints", "checkpoint_blobs", "checkpoint_writes"];

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

function unavailable(url: string, error: unknown): StoreError {
  const why = error instanceof Error ? error.message || error.name : String(error);
  // The driver's own message may echo parts of the URL: mask its credentials there too.
  const reason = redactText(why, { values: secretsInUrl(url) });
  return new StoreError(`cannot use PostgreSQL at ${redactUrl(url)}: ${reason}`, "unavailable");
}

async function loadPg() {
  const { default: pg } = await import("pg");
  return pg;
}

async function newPool(url: string): Promise<Pool> {
  const pg = await loadPg();
  // allowExitOnIdle: idle pooled connections never keep a finished CLI process alive.
  const pool = new pg.Pool({ connectionString: url, allowExitOnIdle: true });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  return pool;
}

async function missingTables(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    "SELECT name FROM unnest($1::text[]) AS t(name) WHERE to_regclass('public.' || quote_ident(name)) IS NULL",
    [TABLES],
  );
  return rows.map((row) => row.name);
}

/**
 * A PostgresSaver on a pool, after checking that `db migrate` has created its
 * tables: setup never runs here, so concurrent commands never race on DDL.
 */
export async function openPostgresStore(url: string): Promise<CheckpointStore> {
  const { PostgresSaver } = await import("@langchain/langgraph-checkpoint-postgres");
  const pool = await newPool(url);
  let missing: string[];
  try {
    missing = await missingTables(pool);
  } catch (error) {
    await pool.end();
    throw unavailable(url, error);
  }
  if (missing.length > 0) {
    await pool.end();
    throw new StoreError(
      `the checkpoint tables are missing in ${redactUrl(url)} (${missing.join(", ")}): run \`nemotron-customize db migrate --db <url>\` once`,
      "unavailable",
    );
  }
  const saver = new PostgresSaver(pool);
  return {
    kind: "postgres",
    saver,
    lockThread: (threadId) => lockPostgresThread(url, threadId),
    close: () => pool.end(),
  };
}

/**
 * A session-level advisory lock on a connection of its own, held for the turn.
 * Ending that connection releases the lock, also when the process dies. Two
 * thread ids with the same 32-bit hash share a lock: at worst a spurious "busy".
 */
async function lockPostgresThread(url: string, threadId: string) {
  const pg = await loadPg();
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  let locked: boolean | undefined;
  try {
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked",
      [LOCK_SPACE, threadId],
    );
    locked = rows[0]?.locked;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw unavailable(url, error);
  }
  if (!locked) {
    await client.end().catch(() => undefined);
    throw busyError(threadId);
  }
  return () => client.end().catch(() => undefined);
}

async function migrationVersion(pool: Pool): Promise<number> {
  if ((await missingTables(pool)).includes("checkpoint_migrations")) return -1;
  const { rows } = await pool.query<{ v: number | null }>(
    "SELECT max(v) AS v FROM public.checkpoint_migrations",
  );
  return rows[0]?.v ?? -1;
}

/**
 * Create or upgrade the checkpoint tables. Idempotent; runs under an advisory
 * lock so two `db migrate` runs at once apply each migration once.
 */
export async function migratePostgres(url: string): Promise<MigrateReport> {
  const { PostgresSaver } = await import("@langchain/langgraph-checkpoint-postgres");
  const pool = await newPool(url);
  try {
    const client = await pool.connect();
    try {
      // A one-key lock: a different key space from the two-key thread locks.
      await client.query("SELECT pg_advisory_lock(hashtext($1))", [`${LOCK_SPACE}:migrate`]);
      const before = await migrationVersion(pool);
      await new PostgresSaver(pool).setup();
      const after = await migrationVersion(pool);
      const applied = after - before;
      const target = redactUrl(url);
      const state = applied > 0 ? `applied ${applied} migration(s)` : "already up to date";
      return {
        kind: "postgres",
        target,
        applied,
        message: `PostgreSQL checkpoint tables at ${target} are ready: ${state} (schema version ${after})`,
      };
    } finally {
      await client.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
      client.release();
    }
  } catch (error) {
    throw unavailable(url, error);
  } finally {
    await pool.end();
  }
}
