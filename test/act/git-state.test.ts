import { afterEach, describe, expect, it } from "vitest";
import { gitState, isTracked } from "../../src/act/index.js";
import { CONFIG_DIR, cleanup, commitAll, makeCheckout, tempDir, write } from "./fixture.js";

let root = "";
afterEach(() => cleanup(root));

describe("gitState", () => {
  it("reports a plain folder as no repository", async () => {
    root = tempDir();
    expect(await gitState(root)).toEqual({ isRepo: false, dirty: false, untracked: [] });
    expect(await isTracked(root, "anything.yaml")).toBe(false);
  });

  it("reports branch, cleanliness and untracked files relative to the checkout", async () => {
    root = makeCheckout();
    await commitAll(root);
    const clean = await gitState(root);
    expect(clean.isRepo).toBe(true);
    expect(clean.dirty).toBe(false);
    expect(clean.branch).toMatch(/\S+/);
    expect(clean.untracked).toEqual([]);

    write(root, `${CONFIG_DIR}/new_plan.yaml`, "a: 1\n");
    const dirty = await gitState(root);
    expect(dirty.dirty).toBe(true);
    expect(dirty.untracked).toEqual([`${CONFIG_DIR}/new_plan.yaml`]);
  });

  it("scopes paths to a checkout that sits inside a larger repository", async () => {
    root = tempDir();
    const checkout = `${root}/nested/checkout`;
    makeCheckout(checkout);
    write(root, "outside.txt", "x\n");
    await commitAll(root);
    write(root, "loose.txt", "x\n");
    write(checkout, "loose.yaml", "x: 1\n");
    expect((await gitState(checkout)).untracked).toEqual(["loose.yaml"]);
    expect(await isTracked(checkout, `${CONFIG_DIR}/default.yaml`)).toBe(true);
    expect(await isTracked(checkout, "loose.yaml")).toBe(false);
  });
});

describe("isTracked", () => {
  it("tells committed files from new ones, taking names literally", async () => {
    root = makeCheckout();
    write(root, `${CONFIG_DIR}/star[1].yaml`, "a: 1\n");
    await commitAll(root);
    expect(await isTracked(root, `${CONFIG_DIR}/default.yaml`)).toBe(true);
    expect(await isTracked(root, `${CONFIG_DIR}/star[1].yaml`)).toBe(true);
    expect(await isTracked(root, `${CONFIG_DIR}/star1.yaml`)).toBe(false);
    expect(await isTracked(root, `${CONFIG_DIR}/*.yaml`)).toBe(false);
  });

  it("follows the index: a file committed after an earlier answer is tracked", async () => {
    root = makeCheckout();
    await commitAll(root);
    expect(await isTracked(root, `${CONFIG_DIR}/late.yaml`)).toBe(false);
    write(root, `${CONFIG_DIR}/late.yaml`, "a: 1\n");
    expect(await isTracked(root, `${CONFIG_DIR}/late.yaml`)).toBe(false);
    await commitAll(root);
    expect(await isTracked(root, `${CONFIG_DIR}/late.yaml`)).toBe(true);
  });

  it("notices a folder that became a repository", async () => {
    root = makeCheckout();
    expect(await isTracked(root, `${CONFIG_DIR}/default.yaml`)).toBe(false);
    await commitAll(root);
    expect(await isTracked(root, `${CONFIG_DIR}/default.yaml`)).toBe(true);
    expect((await gitState(root)).isRepo).toBe(true);
  });
});
