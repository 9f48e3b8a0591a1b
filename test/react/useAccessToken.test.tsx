// @vitest-environment jsdom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuthKitSnapshot } from "../../src/react/authkit.js";
import { expiryDelayMs, expiryOf, useAccessToken } from "../../src/react/useAccessToken.js";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const b64 = (s: string) => Buffer.from(s).toString("base64url");
/** An unsigned token: the hook only decodes, it never verifies. */
const tokenWith = (payload: string, header = '{"alg":"RS256"}') =>
  `${b64(header)}.${b64(payload)}.c2ln`;
const nowS = () => Math.floor(Date.now() / 1000);

type Props = {
  authKit: AuthKitSnapshot;
  enabled?: boolean;
  rejections?: number;
  forceRefresh?: boolean;
};
const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>;

function signedIn(getAccessToken: AuthKitSnapshot["getAccessToken"], userId = "user_1") {
  return { status: "ready" as const, isLoading: false, user: { id: userId }, getAccessToken };
}

function renderToken(initial: Props) {
  return renderHook(
    ({ authKit, enabled = true, rejections = 0, forceRefresh = false }: Props) =>
      useAccessToken(authKit, enabled, rejections, forceRefresh),
    { initialProps: initial, wrapper: strict },
  );
}

describe("expiryOf", () => {
  it("reads exp with the core decoder, even when the header is unreadable", () => {
    expect(expiryOf(tokenWith('{"exp":1700000000}'))).toBe(1700000000);
    expect(expiryOf(tokenWith('{"exp":1700000000}', "not json"))).toBe(1700000000);
  });

  it("has no expiry for a token Convex would not decode", () => {
    expect(expiryOf(tokenWith('{"exp":-1}'))).toBeNull();
    expect(expiryOf(tokenWith('{"exp":"soon"}'))).toBeNull();
    expect(expiryOf("not-a-jwt")).toBeNull();
    expect(expiryOf(tokenWith('{"sub":"user_1"}'))).toBeNull();
  });
});

describe("expiryDelayMs", () => {
  it("waits until one second past exp, and at least one second", () => {
    expect(expiryDelayMs(100, 50_000)).toBe(51_000);
    expect(expiryDelayMs(100, 500_000)).toBe(1000);
  });

  it("stays within what setTimeout accepts", () => {
    expect(expiryDelayMs(Number.MAX_SAFE_INTEGER / 1000, 0)).toBe(2 ** 31 - 1);
  });
});

describe("useAccessToken", () => {
  it("reads the token once per session under StrictMode and keeps its expiry", async () => {
    const exp = nowS() + 300;
    const token = tokenWith(`{"exp":${exp}}`);
    const get = vi.fn(async () => token);
    const { result } = renderToken({ authKit: signedIn(get) });
    await waitFor(() => expect(result.current.state.state).toBe("ok"));
    expect(result.current.state).toMatchObject({ token, exp });
    expect(get).toHaveBeenCalledTimes(1);
  });

  it("does not read while signed out, loading or disabled", async () => {
    const get = vi.fn(async () => "t");
    const { result, rerender } = renderToken({
      authKit: { status: "ready", isLoading: false, user: null, getAccessToken: get },
    });
    rerender({ authKit: { ...signedIn(get), isLoading: true } });
    rerender({ authKit: signedIn(get), enabled: false });
    await act(async () => {});
    expect(get).not.toHaveBeenCalled();
    expect(result.current.state).toEqual({ state: "none" });
  });

  it("does not read again when only getAccessToken's identity changes", async () => {
    let calls = 0;
    const fresh = () => async () => (calls++, tokenWith("{}"));
    const { result, rerender } = renderToken({ authKit: signedIn(fresh()) });
    await waitFor(() => expect(result.current.state.state).toBe("ok"));
    rerender({ authKit: signedIn(fresh()) });
    await act(async () => {});
    expect(calls).toBe(1);
  });

  it("reads again after each server rejection and each recheck", async () => {
    const get = vi.fn(async () => tokenWith("{}"));
    const { result, rerender } = renderToken({ authKit: signedIn(get), rejections: 0 });
    await waitFor(() => expect(get).toHaveBeenCalledTimes(1));
    rerender({ authKit: signedIn(get), rejections: 1 });
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
    act(() => result.current.recheck());
    await waitFor(() => expect(get).toHaveBeenCalledTimes(3));
    await waitFor(() => expect(result.current.state.state).toBe("ok"));
  });

  it("turns a throw into an error state with the error's name and message", async () => {
    const get = async () => {
      throw Object.assign(new Error("Refresh token invalid"), { name: "RefreshError" });
    };
    const { result } = renderToken({ authKit: signedIn(get) });
    await waitFor(() =>
      expect(result.current.state).toMatchObject({
        state: "error",
        errorName: "RefreshError",
        errorMessage: "Refresh token invalid",
      }),
    );
  });

  it("turns an empty answer into a NoToken error", async () => {
    const { result } = renderToken({ authKit: signedIn(async () => "") });
    await waitFor(() =>
      expect(result.current.state).toMatchObject({ state: "error", errorName: "NoToken" }),
    );
  });

  it("ignores the answer of a read made for a session that has ended", async () => {
    let resolveOld: (t: string) => void = () => {};
    const old = () => new Promise<string>((r) => (resolveOld = r));
    const { result, rerender } = renderToken({ authKit: signedIn(old, "user_1") });
    await waitFor(() => expect(result.current.state.state).toBe("pending"));
    const current = tokenWith('{"sub":"user_2"}');
    rerender({ authKit: signedIn(async () => current, "user_2") });
    await waitFor(() => expect(result.current.state).toMatchObject({ token: current }));
    await act(async () => resolveOld(tokenWith('{"sub":"user_1"}')));
    expect(result.current.state).toMatchObject({ token: current });
  });

  it("reads once more when the held token expires", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const get = vi.fn(async () => tokenWith(`{"exp":${nowS() + 10}}`));
    renderToken({ authKit: signedIn(get) });
    await act(async () => {});
    expect(get).toHaveBeenCalledTimes(1);
    await act(async () => vi.advanceTimersByTime(10_000));
    expect(get).toHaveBeenCalledTimes(1);
    await act(async () => vi.advanceTimersByTime(1_500));
    expect(get).toHaveBeenCalledTimes(2);
  });

  it("asks for a refreshed token, as Convex did, once Convex got no token from the app", async () => {
    // AuthKit still holds a token, but the refresh Convex forced failed for a moment.
    const held = tokenWith(`{"exp":${nowS() + 300}}`);
    const get = vi.fn(async (options?: { forceRefresh?: boolean }) => {
      if (!options?.forceRefresh) return held;
      throw Object.assign(new Error("The service is temporarily unavailable."), {
        name: "RefreshError",
        isTransient: true,
        status: 503,
      });
    });
    const { result, rerender } = renderToken({ authKit: signedIn(get) });
    await waitFor(() => expect(result.current.state).toMatchObject({ state: "ok", token: held }));
    expect(get).toHaveBeenLastCalledWith();
    rerender({ authKit: signedIn(get), rejections: 1, forceRefresh: true });
    await waitFor(() =>
      expect(result.current.state).toMatchObject({
        state: "error",
        errorName: "RefreshError",
        transient: true,
        status: 503,
      }),
    );
    expect(get).toHaveBeenLastCalledWith({ forceRefresh: true });
    expect(get).toHaveBeenCalledTimes(2);
  });
});
