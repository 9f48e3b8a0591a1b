import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
import { ConvexProviderWithAuth, ConvexReactClient, useConvexAuth } from "convex/react";
import { AuthDiagnosticsOverlay, createAuthDiagnosticsLogger } from "convex-authkit-diagnostics/react";
import { StrictMode, useCallback } from "react";
import { createRoot } from "react-dom/client";
import { api } from "./api";

const env = import.meta.env;

// The logger forwards to the console like Convex's default one and captures auth errors.
const convex = new ConvexReactClient(env.VITE_CONVEX_URL ?? "https://example-123.convex.cloud", {
  logger: createAuthDiagnosticsLogger(),
});

// Hand AuthKit's token to Convex, honouring forceRefreshToken.
function useAuthFromAuthKit() {
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

function App() {
  const { user, signIn, signOut } = useAuth();
  const { isLoading, isAuthenticated } = useConvexAuth();
  return (
    <main style={{ fontFamily: "system-ui", padding: 24 }}>
      <h1>Convex + AuthKit</h1>
      <p data-testid="convex-auth">
        Convex: {isLoading ? "loading" : isAuthenticated ? "authenticated" : "not authenticated"}
      </p>
      {user ? (
        <button type="button" onClick={() => signOut()}>
          Sign out {user.email}
        </button>
      ) : (
        <button type="button" onClick={() => void signIn()}>
          Sign in
        </button>
      )}
    </main>
  );
}

const port = env.VITE_WORKOS_PORT ? Number(env.VITE_WORKOS_PORT) : undefined;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AuthKitProvider
      clientId={env.VITE_WORKOS_CLIENT_ID}
      redirectUri={env.VITE_WORKOS_REDIRECT_URI}
      apiHostname={env.VITE_WORKOS_API_HOSTNAME}
      https={env.VITE_WORKOS_HTTPS !== undefined ? env.VITE_WORKOS_HTTPS !== "false" : undefined}
      port={port}
      devMode={env.VITE_WORKOS_DEV_MODE !== undefined ? env.VITE_WORKOS_DEV_MODE !== "false" : undefined}
    >
      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
        <App />
        <AuthDiagnosticsOverlay
          api={api.authDiagnostics}
          clientId={env.VITE_WORKOS_CLIENT_ID}
          redirectUri={env.VITE_WORKOS_REDIRECT_URI}
        />
      </ConvexProviderWithAuth>
    </AuthKitProvider>
  </StrictMode>,
);
