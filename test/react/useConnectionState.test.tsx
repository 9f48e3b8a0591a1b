// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CONNECT_GRACE_MS,
  useConnected,
  type ConnectionClient,
} from "../../src/react/useConnectionState.js";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A client whose socket state the test sets; subscribers hear each change. */
function fakeClient(connected: boolean) {
  let state = connected;
  const listeners = new Set<() => void>();
  const client = {
    connectionState: () => ({ isWebSocketConnected: state }),
    subscribeToConnectionState(cb: () => void) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  } as unknown as ConnectionClient;
  return {
    client,
    set(next: boolean) {
      state = next;
      for (const l of [...listeners]) l();
    },
  };
}

describe("useConnected", () => {
  it("is unknown without a client", () => {
    const { result } = renderHook(() => useConnected(undefined));
    expect(result.current).toBeNull();
  });

  it("is true as soon as the socket is connected", () => {
    const { result } = renderHook(() => useConnected(fakeClient(true).client));
    expect(result.current).toBe(true);
  });

  it("calls a socket that has not connected unreachable only after the grace period", () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useConnected(fakeClient(false).client));
    expect(result.current).toBeNull();
    act(() => vi.advanceTimersByTime(CONNECT_GRACE_MS - 1));
    expect(result.current).toBeNull();
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(false);
  });

  it("follows the socket as it connects and drops", () => {
    vi.useFakeTimers();
    const s = fakeClient(false);
    const { result } = renderHook(() => useConnected(s.client));
    act(() => s.set(true));
    expect(result.current).toBe(true);
    act(() => vi.advanceTimersByTime(CONNECT_GRACE_MS));
    act(() => s.set(false));
    expect(result.current).toBe(false);
  });

  it("is unknown when the client cannot tell its connection state", () => {
    const broken = {
      connectionState: () => {
        throw new Error("closed");
      },
    } as unknown as ConnectionClient;
    const { result } = renderHook(() => useConnected(broken));
    expect(result.current).toBeNull();
  });
});
