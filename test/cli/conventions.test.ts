import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cliEnv, runCli } from "../helpers/cli.js";

const FailureSchema = z.object({
  status: z.literal("failed"),
  error: z.object({ code: z.number(), kind: z.string(), message: z.string().min(1) }),
});

describe("CLI conventions", () => {
  const env = cliEnv();

  it("a usage error in a subcommand exits 2, like one at the top level", () => {
    expect(runCli(["--no-such-flag"], { env }).status).toBe(2);
    const unknownOption = runCli(["resume", "nc-x", "--bogus"], { env });
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option/);
    expect(runCli(["steps", "show"], { env }).status).toBe(2);
  });

  it("with --json a failing command still prints one JSON object on stdout", () => {
    const usage = runCli(["--json", "resume", "nc-x"], { env });
    expect(usage.status).toBe(2);
    expect(FailureSchema.parse(JSON.parse(usage.stdout)).error).toMatchObject({
      code: 2,
      kind: "usage",
    });

    const db = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-conv-")), "threads.sqlite");
    const unknown = runCli(["--json", "--db", db, "resume", "nc-missing", "--approve"], { env });
    expect(unknown.status).toBe(6);
    const failure = FailureSchema.parse(JSON.parse(unknown.stdout));
    expect(failure.error).toMatchObject({ code: 6, kind: "thread" });
    expect(failure.error.message).toContain("nc-missing");

    const parsing = runCli(["--json", "steps", "show"], { env });
    expect(parsing.status).toBe(2);
    expect(FailureSchema.parse(JSON.parse(parsing.stdout)).error.kind).toBe("usage");
  });
});
