import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** A PostgreSQL server for tests (`.ci/run` starts one and sets this); unset on most laptops. */
export const PG_URL = process.env.NEMOTRON_TEST_PG_URL;

if (!PG_URL) {
  console.warn(
    "[tests] NEMOTRON_TEST_PG_URL is not set: PostgreSQL session tests are skipped " +
      "(run them with `bash .ci/run with-postgres npx vitest run test/session`).",
  );
}

export type BackendName = "sqlite" | "postgres";

/** The backends every session suite runs on; Postgres only when a server is given. */
export const BACKENDS: { name: BackendName; available: boolean }[] = [
  { name: "sqlite", available: true },
  { name: "postgres", available: Boolean(PG_URL) },
];

export interface TestStore {
  /** The `--db` value for this store. */
  db: string;
  /** Remove the file or drop the database. */
  cleanup(): Promise<void>;
  /** Keep a copy of the store as it is now (no process may have it open). */
  keep(): Promise<void>;
  /** Put the kept copy back in place of the store, at the same `db` value. */
  restore(): Promise<void>;
}

const SQLITE_FILES = ["", "-wal", "-shm"];

/** Run one statement on the test server's maintenance database. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty store: a SQLite file in a temp dir, or a new PostgreSQL database. */
export async function freshStore(name: BackendName): Promise<TestStore> {
  if (name === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nc-session-db-"));
    const db = path.join(dir, "threads.sqlite");
    return {
      db,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      keep: async () => {
        for (const suffix of SQLITE_FILES) {
          const file = `${db}${suffix}`;
          rmSync(`${file}.kept`, { force: true });
          if (existsSync(file)) copyFileSync(file, `${file}.kept`);
        }
      },
      restore: async () => {
        for (const suffix of SQLITE_FILES) {
          const file = `${db}${suffix}`;
          rmSync(file, { force: true });
          if (existsSync(`${file}.kept`)) copyFileSync(`${file}.kept`, file);
        }
      },
    };
  }
  if (!PG_URL) throw new Error("NEMOTRON_TEST_PG_URL is not set");
  const database = `nc_test_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  // A kept copy is a database of its own, cloned with CREATE DATABASE … TEMPLATE.
  const kept = `${database}_kept`;
  return {
    db: url.toString(),
    cleanup: async () => {
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin(`DROP DATABASE IF EXISTS ${kept} WITH (FORCE)`);
    },
    keep: async () => {
      await admin(`DROP DATABASE IF EXISTS ${kept} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${kept} TEMPLATE ${database}`);
    },
    restore: async () => {
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${database} TEMPLATE ${kept}`);
    },
  };
}
