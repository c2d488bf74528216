import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFileName, slugify } from "../../src/act/index.js";
import { type Catalog, loadCatalog } from "../../src/catalog/index.js";
import { CONFIG_DIR, cleanup, makeCheckout, write } from "./fixture.js";

let root = "";
let catalog: Catalog;
beforeAll(() => {
  root = makeCheckout();
  write(root, `${CONFIG_DIR}/default_custom.yaml`, "a: 1\n");
  catalog = loadCatalog(root);
});
afterAll(() => cleanup(root));

describe("slugify", () => {
  it("keeps lower-case letters, digits, _ and -", () => {
    expect(slugify("Super3 SFT (4 nodes × 8 H100)")).toBe("super3_sft_4_nodes_8_h100");
    expect(slugify("../../etc/passwd")).toBe("etc_passwd");
    expect(slugify("   ")).toBe("custom");
    expect(slugify("x".repeat(200))).toHaveLength(60);
  });
});

describe("configFileName", () => {
  it("puts the plan's file in the step's config directory", () => {
    expect(configFileName("My Plan", "sft/demo", catalog)).toBe(`${CONFIG_DIR}/my_plan.yaml`);
  });

  it("never returns a shipped config's name", () => {
    expect(configFileName("tiny", "sft/demo", catalog)).toBe(`${CONFIG_DIR}/tiny_custom.yaml`);
    expect(configFileName("Default", "sft/demo", catalog)).toBe(
      `${CONFIG_DIR}/default_custom2.yaml`,
    );
  });

  it("rejects an unknown step", () => {
    expect(() => configFileName("x", "sft/nope", catalog)).toThrow(/unknown step/);
  });
});
