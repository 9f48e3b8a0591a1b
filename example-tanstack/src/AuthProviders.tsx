// The TanStack Start + AuthKit recipe of docs/react.md, type-checked against the real
// @workos/authkit-tanstack-react-start. As in Convex's TanStack Start + AuthKit starter, plus the
// diagnostics: the logger on the Convex client and the overlay inside both providers.
import {
  AuthKitProvider,
  useAccessToken,
  useAuth,
} from "@workos/authkit-tanstack-react-start/client";
import {
  AuthDiagnosticsOverlay,
  createAuthDiagnosticsLogger,
} from "convex-authkit-diagnostics/tanstack";
import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import { useCallback, useMemo, type ReactNode } from "react";
import { api } from "../../example/convex/_generated/api";

export const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL, {
  // Prints like Convex's default logger and captures auth errors (development only).
  logger: createAuthDiagnosticsLogger(),
});

// The starter's bridge: getAccessToken() waits for the token store, refresh() honors
// forceRefreshToken.
function useAuthFromWorkOS() {
  const { loading, user } = useAuth();
  const { getAccessToken, refresh } = useAccessToken();
  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (!user) return null;
      if (forceRefreshToken) return (await refresh()) ?? null;
      return (await getAccessToken()) ?? null;
    },
    [user, refresh, getAccessToken],
  );
  return useMemo(
    () => ({ isLoading: loading, isAuthenticated: !!user, fetchAccessToken }),
    [loading, user, fetchAccessToken],
  );
}

/** The router's `InnerWrap`: AuthKitProvider uses TanStack Router hooks, so it renders inside the router. */
export function AuthProviders({ children }: { children: ReactNode }) {
  return (
    <AuthKitProvider>
      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromWorkOS}>
        {children}
        <AuthDiagnosticsOverlay api={api.authDiagnostics} />
      </ConvexProviderWithAuth>
    </AuthKitProvider>
  );
}
