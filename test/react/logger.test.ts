import { describe, expect, it, vi } from "vitest";
import {
  createAuthDiagnosticsLogger,
  getDefaultAuthDiagnosticsLogger,
} from "../../src/react/logger.js";

function fakeConsole() {
  return { log: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
}

describe("createAuthDiagnosticsLogger", () => {
  it("forwards like Convex's default logger: log/warn/error printed, verbose lines silent unless verbose", () => {
    const c = fakeConsole();
    const logger = createAuthDiagnosticsLogger({ console: c });
    logger.log("a", 1);
    logger.warn("b");
    logger.error("c");
    logger.logVerbose("fetching token with config version 1 [v1]");
    expect(c.log).toHaveBeenCalledWith("a", 1);
    expect(c.warn).toHaveBeenCalledWith("b");
    expect(c.error).toHaveBeenCalledWith("c");
    expect(c.debug).not.toHaveBeenCalled();
    const v = fakeConsole();
    createAuthDiagnosticsLogger({ console: v, verbose: true }).logVerbose("x");
    expect(v.debug).toHaveBeenCalledWith(expect.stringMatching(/^\d{4}-\d\d-\d\dT/), "x");
  });

  it("records the server text of reauthenticate and give-up lines, stripping the version suffix", () => {
    const logger = createAuthDiagnosticsLogger({ console: null });
    const seen: number[] = [];
    logger.subscribe(() => seen.push(logger.getSnapshot().rejections));
    logger.logVerbose(
      "attempting to reauthenticate: Could not validate token: Token expired 12 seconds ago [v3]",
    );
    logger.error(
      'Failed to authenticate: "No auth provider found matching the given token", check your server auth config',
    );
    const snap = logger.getSnapshot();
    expect(snap.serverErrors).toEqual([
      "Could not validate token: Token expired 12 seconds ago",
      "No auth provider found matching the given token",
    ]);
    expect(snap.events.map((e) => e.kind)).toEqual(["rejected", "failed"]);
    expect(seen).toEqual([1, 2]);
  });

  it("keeps its snapshot identity for lines that are not about auth", () => {
    const logger = createAuthDiagnosticsLogger({ console: null });
    const before = logger.getSnapshot();
    logger.logVerbose("received ws message with type Transition [v1]");
    logger.log("WebSocket reconnected at", "now");
    expect(logger.getSnapshot()).toBe(before);
  });

  it("notes a token sent, confirmed, and a forced refresh that gave nothing new, never storing the token", () => {
    const logger = createAuthDiagnosticsLogger({ console: null });
    logger.logVerbose(
      'setting auth state to {"hadAuth":false,"state":"waitingForServerConfirmationOfFreshToken","token":"...abc1234"} [v1]',
    );
    logger.logVerbose("reauthentication failed, could not fetch a new token [v1]");
    expect(logger.getSnapshot().tokenSent).toBe(true);
    expect(logger.getSnapshot().refetchFailed).toBe(true);
    logger.logVerbose("server confirmed new auth token is valid [v2]");
    expect(logger.getSnapshot().refetchFailed).toBe(false);
    expect(JSON.stringify(logger.getSnapshot())).not.toContain("abc1234");
  });

  it("bounds its history and registers itself as the default logger", () => {
    const logger = createAuthDiagnosticsLogger({ console: null });
    for (let i = 0; i < 200; i++)
      logger.logVerbose(`attempting to reauthenticate: error ${i} [v1]`);
    expect(logger.getSnapshot().events.length).toBeLessThanOrEqual(50);
    expect(logger.getSnapshot().serverErrors.at(-1)).toBe("error 199");
    expect(getDefaultAuthDiagnosticsLogger()).toBe(logger);
  });

  it("records the app giving Convex no token, and clears it once a token is sent", () => {
    const logger = createAuthDiagnosticsLogger({ console: null });
    logger.logVerbose('setting auth state to {"state":"initialRefetch"} [v1]');
    logger.logVerbose("refetching auth token [v1]");
    logger.logVerbose("refetching token failed [v1]");
    expect(logger.getSnapshot()).toMatchObject({ noToken: true, rejections: 1, serverErrors: [] });
    logger.logVerbose(
      'setting auth state to {"hadAuth":false,"state":"waitingForServerConfirmationOfFreshToken","token":"...abcdefg"} [v2]',
    );
    expect(logger.getSnapshot().noToken).toBe(false);
  });

  it("keeps the client's own complaints about a token out of the server's texts", () => {
    const c = fakeConsole();
    const logger = createAuthDiagnosticsLogger({ console: c });
    logger.error("Auth token does not have required fields, cannot refetch the token");
    expect(logger.getSnapshot().events.map((e) => e.kind)).toEqual(["token-unusable"]);
    expect(logger.getSnapshot().serverErrors).toEqual([]);
    expect(c.error).toHaveBeenCalled();
  });
});
