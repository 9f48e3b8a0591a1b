// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { createAuthDiagnosticsLogger, EMPTY_AUTH_LOG } from "../../src/react/logger.js";
import { useAuthLog } from "../../src/react/useAuthLog.js";
import { useAuthKitSnapshot, useConvexAuthSafe } from "../../src/react/useProviders.js";

afterEach(cleanup);

const REJECTED = "attempting to reauthenticate: No auth provider found [v3]";

describe("useAuthLog", () => {
  it("follows the logger created last when none is given", () => {
    const { result } = renderHook(() => useAuthLog(undefined));
    let logger = createAuthDiagnosticsLogger({ console: null });
    act(() => {
      logger = createAuthDiagnosticsLogger({ console: null });
    });
    expect(result.current.logger).toBe(logger);
    act(() => logger.logVerbose(REJECTED));
    expect(result.current.log.rejections).toBe(1);
  });

  it("uses the logger given, and none at all for null", () => {
    const given = createAuthDiagnosticsLogger({ console: null });
    createAuthDiagnosticsLogger({ console: null });
    expect(renderHook(() => useAuthLog(given)).result.current.logger).toBe(given);
    const none = renderHook(() => useAuthLog(null)).result.current;
    expect(none).toEqual({ logger: null, log: EMPTY_AUTH_LOG });
  });
});

describe("useAuthKitSnapshot", () => {
  it("turns a throwing adapter into an unavailable snapshot with the reason", () => {
    const { result } = renderHook(() =>
      useAuthKitSnapshot(() => {
        throw new Error("adapter exploded");
      }),
    );
    expect(result.current).toMatchObject({
      status: "unavailable",
      reason: "The AuthKit adapter threw: adapter exploded",
      user: null,
    });
  });
});

describe("useConvexAuthSafe", () => {
  it("answers null without a ConvexProviderWithAuth instead of throwing", () => {
    const { result } = renderHook(() => useConvexAuthSafe());
    expect(result.current).toBeNull();
  });
});
