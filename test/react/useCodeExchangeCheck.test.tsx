// @vitest-environment jsdom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  useCodeExchangeCheck,
  type CodeExchangeCheckParams,
} from "../../src/react/useCodeExchangeCheck.js";

afterEach(cleanup);

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>;
const LANDING = "http://localhost:5173/?code=01JCODE&state=x";
const settled = { status: "ready" as const, isLoading: false, user: null };

function render(initial: Partial<CodeExchangeCheckParams>, fetch: typeof globalThis.fetch) {
  return renderHook(
    (p: Partial<CodeExchangeCheckParams>) =>
      useCodeExchangeCheck({
        enabled: true,
        pageUrl: LANDING,
        authKit: settled,
        settings: { apiHostname: "127.0.0.1", https: false, port: 4321 },
        fetch,
        ...p,
      }),
    { initialProps: initial, wrapper: strict },
  );
}

describe("useCodeExchangeCheck", () => {
  it("checks once, under StrictMode, when AuthKit settled without a user on a page that got a code", async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      if (init?.mode === "cors") throw new TypeError("Failed to fetch");
      return new Response(null);
    }) as unknown as typeof globalThis.fetch;
    const { result } = render({}, fetch);
    await waitFor(() =>
      expect(result.current).toEqual({
        origin: "http://localhost:5173",
        endpoint: "http://127.0.0.1:4321/user_management/authenticate",
        outcome: "blocked",
      }),
    );
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("does not check while AuthKit loads, once someone is signed in, or without a code", async () => {
    const fetch = vi.fn(async () => new Response(null)) as unknown as typeof globalThis.fetch;
    const { result, rerender } = render({ authKit: { ...settled, isLoading: true } }, fetch);
    rerender({ authKit: { ...settled, user: { id: "user_1" } } });
    rerender({ pageUrl: "http://localhost:5173/" });
    rerender({ enabled: false });
    await act(async () => {});
    expect(fetch).not.toHaveBeenCalled();
    expect(result.current).toBeNull();
  });
});
