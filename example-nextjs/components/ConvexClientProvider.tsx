"use client";

import { AuthKitProvider, useAccessToken, useAuth } from "@workos-inc/authkit-nextjs/components";
import {
  AuthDiagnosticsOverlay,
  createAuthDiagnosticsLogger,
  type NextServerReport,
} from "convex-authkit-diagnostics/nextjs";
import { ConvexProviderWithAuth, ConvexReactClient, useConvexAuth } from "convex/react";
import { useCallback, useState, type ReactNode } from "react";
import { api } from "@/convex/_generated/api";

export function ConvexClientProvider({
  expectAuth,
  diagnostics,
  bridge,
  children,
}: {
  expectAuth: boolean;
  diagnostics: NextServerReport | null;
  bridge: "correct" | "racy";
  children: ReactNode;
}) {
  const [convex] = useState(
    () =>
      new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!, {
        expectAuth,
        // Prints like Convex's default logger and captures auth errors (development only).
        logger: createAuthDiagnosticsLogger(),
      }),
  );
  return (
    <AuthKitProvider>
      <ConvexProviderWithAuth
        client={convex}
        useAuth={bridge === "racy" ? useAuthFromAuthKitRacy : useAuthFromAuthKit}
      >
        <Status />
        {children}
        <AuthDiagnosticsOverlay api={api.authDiagnostics} server={diagnostics} />
      </ConvexProviderWithAuth>
    </AuthKitProvider>
  );
}

// The starter's bridge: `getAccessToken()` waits for the token store, `refresh()` honors
// `forceRefreshToken`.
function useAuthFromAuthKit() {
  const { user, loading: isLoading } = useAuth();
  const { getAccessToken, refresh } = useAccessToken();
  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken?: boolean } = {}) => {
      if (!user) return null;
      try {
        return (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null;
      } catch (error) {
        console.error("Failed to get access token:", error);
        return null;
      }
    },
    [user, refresh, getAccessToken],
  );
  return { isLoading, isAuthenticated: !!user, fetchAccessToken };
}

// The demo's "`useAccessToken` race": a hand-written bridge that hands Convex the token
// `useAccessToken()` held when the user appeared — `undefined`, since the store had not fetched
// it yet — and never asks again.
function useAuthFromAuthKitRacy() {
  const { user, loading: isLoading } = useAuth();
  const { accessToken } = useAccessToken();
  const fetchAccessToken = useCallback(
    async () => accessToken ?? null,
    // Deliberately stale: the bug this scenario shows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [user],
  );
  return { isLoading, isAuthenticated: !!user, fetchAccessToken };
}

/** What the page's auth looks like, for people and for the e2e tests. */
function Status() {
  const { user, loading } = useAuth();
  const token = useAccessToken();
  const { isLoading, isAuthenticated } = useConvexAuth();
  return (
    <header
      style={{
        display: "flex",
        gap: 24,
        padding: "12px 24px",
        borderBottom: "1px solid #ddd",
        alignItems: "center",
      }}
    >
      <strong>Convex + Next.js + WorkOS</strong>
      <span data-testid="authkit-user">
        AuthKit: {loading ? "loading" : user ? `signed in as ${user.email}` : "signed out"}
      </span>
      <span data-testid="authkit-token">
        token:{" "}
        {token.loading ? "loading" : token.accessToken ? "ready" : token.error ? "error" : "none"}
      </span>
      <span data-testid="convex-auth">
        Convex: {isLoading ? "loading" : isAuthenticated ? "authenticated" : "not authenticated"}
      </span>
    </header>
  );
}
