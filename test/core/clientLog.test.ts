import { describe, expect, it } from "vitest";
import { classifyClientLogLine, serverTextOfClientLog } from "../../src/core/clientLog.js";

describe("the Convex client's auth lines", () => {
  it.each([
    ["attempting to reauthenticate: Token expired [v3]", "rejected", "Token expired"],
    [
      'Failed to authenticate: "No auth provider found", check your server auth config',
      "failed",
      "No auth provider found",
    ],
    ["refetching token failed [v2]", "no-token", null],
    ["reauthentication failed, could not fetch a new token [v4]", "refetch-failed", null],
    ["server confirmed new auth token is valid [v2]", "confirmed", null],
    [
      "Auth token is not a valid JWT, cannot refetch the token",
      "token-unusable",
      "Auth token is not a valid JWT, cannot refetch the token",
    ],
  ])("%s is %s", (line, kind, text) => {
    expect(classifyClientLogLine(line)).toEqual({ kind, text });
  });

  it("ignores lines that are not about auth", () => {
    expect(classifyClientLogLine("pausing WS for auth token fetch [v1]")).toBeNull();
    expect(classifyClientLogLine("refetching auth token [v1]")).toBeNull();
  });

  it("finds the server's text in a pasted console line with a timestamp in front", () => {
    expect(
      serverTextOfClientLog(
        "12:00:01.123 attempting to reauthenticate: Could not decode token [v7]",
      ),
    ).toEqual({ kind: "rejected", text: "Could not decode token" });
  });
});
