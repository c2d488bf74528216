import { describe, expect, it } from "vitest";
import { warningText } from "../../src/planner/render/format.js";

describe("warning lines", () => {
  it("never repeat a prefix the check message already has", () => {
    expect(warningText("WARNING: too few GPUs")).toBe("WARNING: too few GPUs");
    expect(warningText("ERROR: unknown key")).toBe("WARNING: unknown key");
    expect(warningText("type mismatch")).toBe("WARNING: type mismatch");
  });
});
