import { describe, expect, it } from "vitest";
import {
  holdsSecret,
  leaksSecret,
  REDACTED,
  redactSecrets,
  redactText,
  redactUrl,
} from "../../src/secrets/index.js";
import { interp } from "../act/fixture.js";
import { NOT_SECRETS, SECRET_SHAPES } from "./corpus.js";

describe("the secrets corpus", () => {
  it("has at least 60 shapes across every group", () => {
    expect(SECRET_SHAPES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SECRET_SHAPES.map((s) => s.group))).toEqual(
      new Set(["key name", "value shape", "free text", "url", "override", "yaml"]),
    );
  });

  it.each(SECRET_SHAPES.map((s) => [s.text, s] as const))("redacts %j", (_text, shape) => {
    const out = redactText(`Please plan SFT. ${shape.text} Thanks.`);
    expect(out).not.toContain(shape.canary);
    expect(out).toContain(REDACTED);
    expect(out.startsWith("Please plan SFT. ")).toBe(true);
    expect(holdsSecret(shape.text)).toBe(true);
  });

  it("redacts every shape at once, in one message", () => {
    const all = SECRET_SHAPES.map((s) => s.text).join("\n");
    const out = redactText(all);
    for (const shape of SECRET_SHAPES) expect(out, shape.text).not.toContain(shape.canary);
  });

  it.each(NOT_SECRETS)("keeps %j", (text) => {
    expect(redactText(text)).toBe(text);
  });

  it("masks a URL's password and secret query parameters, keeping the rest", () => {
    expect(redactUrl("postgres://bob:hunter2@db:5432/x?sslmode=require&sslpassword=pw9")).toBe(
      "postgres://bob:[redacted]@db:5432/x?sslmode=require&sslpassword=[redacted]",
    );
  });

  it("masks known env-file values anywhere, longest first", () => {
    expect(
      redactText("a plainvalue and plainvalue2", { values: ["plainvalue", "plainvalue2"] }),
    ).toBe(`a ${REDACTED} and ${REDACTED}`);
  });

  it("one rule decides what a credential key may hold, for Act and the validators alike", () => {
    for (const value of ["MY_PASS", interp("oc.env:MY_PASS"), "", null, true]) {
      expect(leaksSecret("password", value), String(value)).toBe(false);
    }
    for (const value of ["hunter2", 1234, interp("oc.env:MY_PASS,hunter2")]) {
      expect(leaksSecret("password", value), String(value)).toBe(true);
    }
    expect(leaksSecret("exp_name", "sk-Cn99x7Qz9abcdef")).toBe(true);
    expect(leaksSecret("exp_name", "nano3-sft")).toBe(false);
  });

  it("masks credential shapes inside data under plain keys", () => {
    const shape = SECRET_SHAPES.find((s) => s.group === "override");
    const json = JSON.stringify(redactSecrets({ overrides: { exp_name: shape?.text } }));
    expect(json).not.toContain(shape?.canary);
  });
});
