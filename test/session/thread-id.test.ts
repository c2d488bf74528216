import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { newThreadId } from "../../src/session/thread-id.js";
import { repoRoot } from "../helpers/snapshot.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("thread ids", () => {
  it("are nc- and 8 hex digits, a different one each time", () => {
    const ids = Array.from({ length: 50 }, () => newThreadId());
    for (const id of ids) expect(id).toMatch(/^nc-[0-9a-f]{8}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("take the first 8 characters of the UUID they are given", () => {
    expect(newThreadId(() => "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")).toBe("nc-1a2b3c4d");
  });

  it("are made in one place: ask and chat both call it, and no other source builds one", () => {
    const cli = path.join(repoRoot, "src/cli/commands");
    for (const command of ["agent.ts", "chat.ts"]) {
      expect(readFileSync(path.join(cli, command), "utf8"), command).toContain("newThreadId()");
    }
    const owner = path.join(repoRoot, "src/session/thread-id.ts");
    const builders = sources(path.join(repoRoot, "src"))
      .filter((file) => file !== owner)
      .filter((file) => /`nc-\$\{/.test(readFileSync(file, "utf8")));
    expect(builders.map((file) => path.relative(repoRoot, file))).toEqual([]);
  });
});
