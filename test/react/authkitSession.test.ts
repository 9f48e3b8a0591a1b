import { describe, expect, it, vi } from "vitest";
import {
  sessionSnapshotOf,
  type AuthKitSessionAccessToken,
  type AuthKitSessionAuth,
} from "../../src/react/authkitSession.js";

const user: AuthKitSessionAuth = {
  user: { id: "user_1" },
  loading: false,
  organizationId: "org_1",
};
const store = (over: Partial<AuthKitSessionAccessToken> = {}): AuthKitSessionAccessToken => ({
  accessToken: "tok",
  loading: false,
  error: null,
  getAccessToken: vi.fn(async () => "fresh"),
  refresh: vi.fn(async () => "refreshed"),
  ...over,
});

describe("the session-based AuthKit adapter (authkit-nextjs, TanStack Start)", () => {
  it("is loading while useAuth() loads", () => {
    expect(sessionSnapshotOf({ user: null, loading: true }, store()).isLoading).toBe(true);
  });

  it("is loading while a signed-in user's first token is fetched", () => {
    const s = sessionSnapshotOf(user, store({ accessToken: undefined, loading: true }));
    expect(s.isLoading).toBe(true);
    expect(s.user).toEqual({ id: "user_1" });
  });

  it("is not loading once the store has a token, even while it refreshes it", () => {
    expect(sessionSnapshotOf(user, store({ loading: true })).isLoading).toBe(false);
  });

  it("is not loading when the first fetch failed: the error is the news", () => {
    const s = sessionSnapshotOf(
      user,
      store({ accessToken: undefined, loading: true, error: new Error("Failed to refresh") }),
    );
    expect(s.isLoading).toBe(false);
  });

  it("is not loading for a signed-out visitor, whatever the store says", () => {
    const s = sessionSnapshotOf(
      { user: null, loading: false },
      store({ accessToken: undefined, loading: true }),
    );
    expect(s).toMatchObject({
      status: "ready",
      isLoading: false,
      user: null,
      organizationId: null,
    });
  });

  it("asks getAccessToken() normally and refresh() for a forced refresh", async () => {
    const t = store();
    const s = sessionSnapshotOf(user, t);
    await expect(s.getAccessToken!()).resolves.toBe("fresh");
    await expect(s.getAccessToken!({ forceRefresh: true })).resolves.toBe("refreshed");
    expect(t.getAccessToken).toHaveBeenCalledTimes(1);
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it("passes on a failing getAccessToken() as a rejection (a stale session)", async () => {
    const s = sessionSnapshotOf(
      user,
      store({
        getAccessToken: async () => Promise.reject(new Error("Failed to refresh access token")),
      }),
    );
    await expect(s.getAccessToken!()).rejects.toThrow("Failed to refresh access token");
  });
});
