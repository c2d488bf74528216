import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactUrl } from "../../src/secrets/index.js";
import { openCheckpointer, resolveDb, StoreError } from "../../src/session/checkpointer.js";
import { BACKENDS, freshStore, type TestStore } from "./backends.js";
import { type CliRun, runCli } from "./cli.js";

function expectOneLine(run: CliRun, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe("choosing a checkpoint store", () => {
  it("takes --db, else $NEMOTRON_CUSTOMIZE_DB, else threads.sqlite in the state directory", () => {
    const env = { XDG_STATE_HOME: "/state", NEMOTRON_CUSTOMIZE_DB: "postgres://h/db" };
    expect(resolveDb("/x.sqlite", env)).toBe("/x.sqlite");
    expect(resolveDb(undefined, env)).toBe("postgres://h/db");
    expect(resolveDb(undefined, { XDG_STATE_HOME: "/state" })).toBe(
      path.join("/state", "nemotron-customize", "threads.sqlite"),
    );
  });

  it("refuses other URL schemes as a usage error instead of making a file named after them", async () => {
    await expect(openCheckpointer("mysql://h/db")).rejects.toMatchObject({ reason: "usage" });
    await expect(openCheckpointer("mysql://h/db")).rejects.toBeInstanceOf(StoreError);
  });

  it("never shows a password from the URL", async () => {
    expect(redactUrl("postgres://bob:hunter2@db.internal:5432/agent")).toBe(
      "postgres://bob:[redacted]@db.internal:5432/agent",
    );
    const run = await runCli(["--db", "postgres://bob:hunter2@127.0.0.1:1/agent", "sessions"]);
    expectOneLine(
      run,
      3,
      /^error: cannot use PostgreSQL at postgres:\/\/bob:\[redacted\]@127\.0\.0\.1:1\/agent: /,
    );
    expect(run.stderr).not.toContain("hunter2");
  });

  it("db migrate on a SQLite file says it is ready", async () => {
    const store = await freshStore("sqlite");
    try {
      const run = await runCli(["db", "migrate", "--db", store.db]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^SQLite store .+threads\.sqlite is ready/);
    } finally {
      await store.cleanup();
    }
  });
});

describe.skipIf(!BACKENDS.find((b) => b.name === "postgres")?.available)(
  "db migrate on PostgreSQL",
  () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await freshStore("postgres");
    });
    afterAll(() => store?.cleanup());

    it("commands refuse an unmigrated database with one line naming db migrate", async () => {
      const run = await runCli(["--db", store.db, "sessions"]);
      expectOneLine(
        run,
        3,
        /^error: the checkpoint tables are missing in .+: run `nemotron-customize db migrate --db <url>`/,
      );
    });

    it("migrates once even when run twice at the same time, then reports it is up to date", async () => {
      const runs = await Promise.all(
        [0, 1].map(() => runCli(["--json", "db", "migrate", "--db", store.db])),
      );
      const applied = runs.map((run) => {
        expect(run.code, run.stderr).toBe(0);
        const report: unknown = JSON.parse(run.stdout);
        expect(report).toMatchObject({ kind: "postgres", applied: expect.any(Number) });
        return typeof report === "object" && report && "applied" in report ? report.applied : -1;
      });
      // The advisory lock serialises the two runs: one applies every migration, the other none.
      expect(applied.filter((count) => count === 0)).toHaveLength(1);
      expect(applied.filter((count) => typeof count === "number" && count > 0)).toHaveLength(1);
      const again = await runCli(["db", "migrate", "--db", store.db]);
      expect(again.stdout).toMatch(/already up to date/);
      const sessions = await runCli(["--db", store.db, "sessions"]);
      expect(sessions.code, sessions.stderr).toBe(0);
      expect(sessions.stdout).toMatch(/No sessions yet/);
    });
  },
);

describe("a store file that is not a store", () => {
  it.each([
    ["an empty file", "", /is an empty file, not a checkpoint store/],
    [
      "garbage",
      "this is not a database at all, just text ".repeat(40),
      /is not a SQLite database, not a checkpoint store/,
    ],
  ])("stops with exit 3 naming the file: %s", async (_name, content, message) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nc-bad-store-"));
    const file = path.join(dir, "threads.sqlite");
    writeFileSync(file, content);
    const run = await runCli(["--db", file, "sessions"]);
    expectOneLine(run, 3, message);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain("move it aside");
    rmSync(dir, { recursive: true, force: true });
  });
});
