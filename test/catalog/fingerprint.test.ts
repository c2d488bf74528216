import { readdirSync, rmSync, statSync, symlinkSync, utimesSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { adoptSettled, fingerprintTree, settledProbes } from "../../src/catalog/fingerprint.js";
import { makeFixtureCheckout, removeTree, STEPS, writeAt } from "./fixture-checkout.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) removeTree(root);
});

/** Set every path under `dir` (and `dir`) to a time an hour ago, as in a checkout nobody is editing. */
function settle(dir: string): void {
  const old = new Date(Date.now() - 3_600_000);
  const walk = (at: string) => {
    if (statSync(at).isDirectory()) {
      for (const name of readdirSync(at)) walk(path.join(at, name));
    }
    utimesSync(at, old, old);
  };
  walk(dir);
}

function fixture(): string {
  const root = makeFixtureCheckout("nc-fingerprint-");
  roots.push(root);
  return root;
}

const fingerprint = (root: string) => fingerprintTree(root, "test\0", []);
const CONFIG_DIR = `${STEPS}/train/basic/config`;

describe("the checkout fingerprint", () => {
  const changes: [string, (root: string) => void][] = [
    ["a config added", (root) => writeAt(root, `${CONFIG_DIR}/big.yaml`, "train: {}\n")],
    ["a config removed", (root) => rmSync(path.join(root, CONFIG_DIR, "tiny.yaml"))],
    [
      "a manifest edited",
      (root) =>
        writeAt(
          root,
          `${STEPS}/prep/tokenize/step.toml`,
          '[step]\nid = "prep/tokenize"\nname = "Tokenize"\ncategory = "prep"\n',
        ),
    ],
    ["a pattern added", (root) => writeAt(root, `${STEPS}/patterns/new.md`, "---\nid: new\n---\n")],
    [
      "a step added",
      (root) => writeAt(root, `${STEPS}/prep/split/step.toml`, '[step]\nid = "prep/split"\n'),
    ],
    [
      "a symlinked step folder added",
      (root) =>
        symlinkSync(path.join(root, STEPS, "prep/tokenize"), path.join(root, STEPS, "prep/link")),
    ],
  ];

  it.each(changes)("changes when %s, also once the tree has settled", (_what, change) => {
    const root = fixture();
    settle(root);
    const before = fingerprint(root);
    expect(fingerprint(root)).toBe(before);
    change(root);
    expect(fingerprint(root)).not.toBe(before);
  });

  it("re-checks a settled tree by the stamps it saw, without listing it again", () => {
    const root = fixture();
    settle(root);
    const before = fingerprint(root);
    // A new entry whose folder keeps its old mtime is invisible to the stamps alone.
    const dir = path.join(root, CONFIG_DIR);
    const { atime, mtime } = statSync(dir);
    writeAt(root, `${CONFIG_DIR}/big.yaml`, "train: {}\n");
    utimesSync(dir, atime, mtime);
    expect(fingerprint(root)).toBe(before);
  });

  it("lists a recently changed tree every time", () => {
    const root = fixture();
    const before = fingerprint(root);
    const dir = path.join(root, CONFIG_DIR);
    const { atime, mtime } = statSync(dir);
    writeAt(root, `${CONFIG_DIR}/big.yaml`, "train: {}\n");
    utimesSync(dir, atime, mtime);
    expect(fingerprint(root)).not.toBe(before);
  });
});

describe("a fingerprint kept by an earlier process", () => {
  it("is taken while its probes hold, and given up when one changes", () => {
    const root = fixture();
    settle(root);
    const seen = fingerprint(root);
    const probes = settledProbes(seen);
    expect(probes?.length).toBeGreaterThan(0);
    // Another seed stands for another process: it has computed nothing yet.
    adoptSettled(root, "later\0", [], "kept", probes ?? []);
    expect(fingerprintTree(root, "later\0", [])).toBe("kept");
    writeAt(root, `${CONFIG_DIR}/big.yaml`, "train: {}\n");
    expect(fingerprintTree(root, "later\0", [])).not.toBe("kept");
  });

  it("is not kept for a tree that changed in the last seconds", () => {
    const root = fixture();
    expect(settledProbes(fingerprint(root))).toBeUndefined();
  });
});
