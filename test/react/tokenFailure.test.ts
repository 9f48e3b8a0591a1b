import { describe, expect, it } from "vitest";
import { tokenFailureOf } from "../../src/react/errors.js";

class RefreshError extends Error {
  override name = "RefreshError";
  constructor(
    message: string,
    readonly status: number,
    readonly isTransient: boolean,
  ) {
    super(message);
  }
}

describe("what a failed getAccessToken() tells", () => {
  it("reads AuthKit's RefreshError fields by property", () => {
    expect(tokenFailureOf(new RefreshError("Service Unavailable", 503, true))).toEqual({
      errorName: "RefreshError",
      errorMessage: "Service Unavailable",
      transient: true,
      status: 503,
    });
    expect(tokenFailureOf(new RefreshError("invalid_grant", 400, false)).transient).toBe(false);
  });

  it("counts a network failure as transient and anything else as unknown", () => {
    expect(tokenFailureOf(new TypeError("Failed to fetch")).transient).toBe(true);
    expect(tokenFailureOf(new Error("boom")).transient).toBeNull();
    expect(tokenFailureOf("a string")).toMatchObject({ errorName: "string", transient: null });
  });
});
