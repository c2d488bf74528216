import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
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
}

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
    return {
      db: path.join(dir, "threads.sqlite"),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!PG_URL) throw new Error("NEMOTRON_TEST_PG_URL is not set");
  const database = `nc_test_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return {
    db: url.toString(),
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}
