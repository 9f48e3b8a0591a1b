// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { usePageUrl } from "../../src/react/useLandingUrl.js";

afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

const at = (path: string) => `${window.location.origin}${path}`;

describe("usePageUrl", () => {
  it("keeps judging the landing URL's ?code= after AuthKit removed it, while nobody signed in", () => {
    window.history.replaceState(null, "", "/?code=01JCODE&state=x");
    const { result, rerender } = renderHook(({ userId }) => usePageUrl(userId), {
      initialProps: { userId: null as string | null },
    });
    act(() => window.history.replaceState(null, "", "/"));
    rerender({ userId: null });
    expect(result.current).toBe(at("/?code=01JCODE&state=x"));
  });

  it("judges the current URL for good once someone signed in", () => {
    window.history.replaceState(null, "", "/?code=01JCODE&state=x");
    const { result, rerender } = renderHook(({ userId }) => usePageUrl(userId), {
      initialProps: { userId: null as string | null },
    });
    act(() => window.history.replaceState(null, "", "/"));
    rerender({ userId: "user_1" });
    expect(result.current).toBe(at("/"));
    rerender({ userId: null });
    expect(result.current).toBe(at("/"));
  });

  it("follows the current URL when the app navigates elsewhere", () => {
    window.history.replaceState(null, "", "/?code=01JCODE");
    const { result, rerender } = renderHook(({ userId }) => usePageUrl(userId), {
      initialProps: { userId: null as string | null },
    });
    act(() => window.history.replaceState(null, "", "/settings"));
    rerender({ userId: null });
    expect(result.current).toBe(at("/settings"));
  });
});
