// @vitest-environment jsdom
/**
 * The real `<AuthKitProvider>` from `@workos-inc/authkit-react`, read through the default adapter
 * (which loads the package lazily). WorkOS is answered by a stubbed `fetch`: a stored refresh token
 * (devMode keeps it in localStorage) is exchanged for a signed access token.
 */
import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
import { cleanup, render, waitFor } from "@testing-library/react";
import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import { useCallback, useEffect, type ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Diagnosis } from "../../src/core/types.js";
import { createAuthDiagnosticsLogger } from "../../src/react/logger.js";
import { useAuthDiagnostics } from "../../src/react/useAuthDiagnostics.js";
import { createFakeConvexServer } from "../support/fakeConvexServer.js";
import {
  CLIENT_ID,
  USER_MANAGEMENT_ISS,
  makeKey,
  workosToken,
  type TestKey,
} from "../support/tokens.js";
import { api, serverReport } from "./harness.js";

let key: TestKey;
// AuthKit keeps refresh timers past unmount: between tests every request is refused locally, so
// nothing ever reaches for the real WorkOS API.
const offlineFetch = async (url: string | URL) =>
  new Response(`offline test: no request to ${String(url)}`, { status: 503 });
beforeAll(async () => {
  key = await makeKey("key_A");
  vi.stubGlobal("fetch", offlineFetch);
});
afterAll(() => {
  vi.unstubAllGlobals();
});
let client: ConvexReactClient | null = null;
afterEach(async () => {
  cleanup();
  await client?.close();
  client = null;
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.stubGlobal("fetch", offlineFetch);
});

function useConvexAuthFromAuthKit() {
  const { isLoading, user, getAccessToken } = useAuth();
  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      try {
        return await getAccessToken({ forceRefresh: forceRefreshToken });
      } catch {
        return null;
      }
    },
    [getAccessToken],
  );
  return { isLoading, isAuthenticated: !!user, fetchAccessToken };
}

function mount(children: ReactNode, { withAuthKit = true } = {}) {
  const server = createFakeConvexServer({
    authenticate: () => ({
      ok: true,
      identity: {
        subject: "user_01JTESTUSER0000000000000",
        issuer: USER_MANAGEMENT_ISS(),
        tokenIdentifier: "x|user_01JTESTUSER0000000000000",
      },
    }),
    queries: {
      "authDiagnostics:diagnoseAuth": (_a, ctx) =>
        serverReport({ identity: ctx.identity }) as never,
    },
  });
  const logger = createAuthDiagnosticsLogger({ console: null });
  client = new ConvexReactClient(server.url, {
    webSocketConstructor: server.WebSocket,
    logger,
    unsavedChangesWarning: false,
  });
  const convex = withAuthKit ? (
    <ConvexProviderWithAuth client={client} useAuth={useConvexAuthFromAuthKit}>
      {children}
    </ConvexProviderWithAuth>
  ) : (
    <ConvexProviderWithAuth
      client={client}
      useAuth={() => ({
        isLoading: false,
        isAuthenticated: false,
        fetchAccessToken: async () => null,
      })}
    >
      {children}
    </ConvexProviderWithAuth>
  );
  render(
    withAuthKit ? (
      <AuthKitProvider clientId={CLIENT_ID} devMode>
        {convex}
      </AuthKitProvider>
    ) : (
      convex
    ),
  );
  return { server, logger };
}

function recorder() {
  const seen: (Diagnosis | null)[] = [];
  function Probe() {
    const d = useAuthDiagnostics(api, { clientId: CLIENT_ID, probe: false });
    useEffect(() => {
      seen.push(d);
    }, [d]);
    return null;
  }
  const codes = () => seen[seen.length - 1]?.findings.map((f) => f.code) ?? [];
  return { Probe, seen, codes };
}

describe("useAuthDiagnostics with the real AuthKitProvider", () => {
  it("reads a signed-out session without any network call", async () => {
    const fetchSpy = vi.fn(async () => new Response("{}", { status: 500 }));
    vi.stubGlobal("fetch", fetchSpy);
    const r = recorder();
    mount(<r.Probe />);
    await waitFor(() => expect(r.codes()).toContain("AUTHKIT_SIGNED_OUT"), { timeout: 5000 });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("reads a restored session and confirms Convex authenticated it", async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const token = await workosToken(key, { iat: nowS - 10, exp: nowS + 300 });
    localStorage.setItem(`workos:refresh-token:${CLIENT_ID}`, "refresh_abc");
    const fetchSpy = vi.fn(async (url: string | URL) => {
      if (String(url) === "https://api.workos.com/user_management/authenticate") {
        return new Response(
          JSON.stringify({
            user: {
              object: "user",
              id: "user_01JTESTUSER0000000000000",
              email: "a@b.c",
              email_verified: true,
              first_name: null,
              last_name: null,
              profile_picture_url: null,
              created_at: "2026-01-01T00:00:00Z",
              updated_at: "2026-01-01T00:00:00Z",
            },
            access_token: token,
            refresh_token: "refresh_def",
          }),
          { status: 200, headers: { "content-type": "application/json" } },
        );
      }
      return new Response("not found", { status: 404 });
    });
    vi.stubGlobal("fetch", fetchSpy);
    const r = recorder();
    const { server } = mount(<r.Probe />);
    await waitFor(() => expect(r.codes()).toContain("AUTHENTICATED"), { timeout: 8000 });
    expect(server.tokens).toContain(token);
    expect(r.seen.at(-1)!.ok).toBe(true);
  });

  it("reports AUTHKIT_UNAVAILABLE when there is no AuthKitProvider, without throwing", async () => {
    const r = recorder();
    mount(<r.Probe />, { withAuthKit: false });
    await waitFor(() => expect(r.codes()).toContain("AUTHKIT_UNAVAILABLE"), { timeout: 5000 });
    const f = r.seen.at(-1)!.findings.find((x) => x.code === "AUTHKIT_UNAVAILABLE")!;
    expect(f.message).toContain("AuthKitProvider");
  });
});
