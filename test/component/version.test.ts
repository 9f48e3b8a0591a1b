import { expect, test } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { VERSION } from "../../src/version.js";

test("VERSION equals package.json's version", () => {
  expect(VERSION).toBe(pkg.version);
});
