// Type-checked by tsconfig.convex-current.json only (tsconfig.json checks against 1.48, where
// `v.function` does not exist), so it also proves that config resolves the current release.
import { version } from "convex";
import { anyApi } from "convex/server";
import { v } from "convex/values";
import { describe, expect, it } from "vitest";

describe("the *-convex-current projects run on the current convex release", () => {
  it("resolves every convex entry to the nested release (v.function is new in 1.49)", () => {
    expect(version).toBe(process.env.CONVEX_CURRENT_VERSION);
    const fn: typeof v.function = v.function;
    expect(typeof fn).toBe("function");
    expect(anyApi).toBeDefined();
  });
});
