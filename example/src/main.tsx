import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
import {
  ConvexProvider,
  ConvexProviderWithAuth,
  ConvexReactClient,
  useConvexAuth,
} from "convex/react";
import {
  AuthDiagnosticsOverlay,
  createAuthDiagnosticsLogger,
} from "convex-authkit-diagnostics/react";
import { StrictMode, useCallback } from "react";
import { createRoot } from "react-dom/client";
import { api } from "./api";

const env = import.meta.env;

// Development only: `npm run demo` switches failure modes with a scenario picker. Vite replaces
// `import.meta.env.DEV` with `false` in production builds, so the picker is never bundled there.
const demoModule = import.meta.env.DEV && env.VITE_DEMO_CONTROL_URL ? await import("./demo") : null;
const demo = demoModule
  ? await demoModule.loadDemo(env.VITE_DEMO_CONTROL_URL!, {
      clientId: env.VITE_WORKOS_CLIENT_ID,
      redirectUri: env.VITE_WORKOS_REDIRECT_URI,
    })
  : null;
const clientId = demo ? demo.clientId : env.VITE_WORKOS_CLIENT_ID;
const redirectUri = demo ? demo.redirectUri : env.VITE_WORKOS_REDIRECT_URI;

// The logger forwards to the console like Convex's default one and captures auth errors.
const convex = new ConvexReactClient(env.VITE_CONVEX_URL ?? "https://example-123.convex.cloud", {
  logger: createAuthDiagnosticsLogger(),
});

// Hand AuthKit's token to Convex, honoring forceRefreshToken.
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

function ConvexAuthStatus() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  return <>{isLoading ? "loading" : isAuthenticated ? "authenticated" : "not authenticated"}</>;
}

function App({ convexAuth }: { convexAuth: boolean }) {
  const { user, signIn, signOut } = useAuth();
  return (
    <main style={{ fontFamily: "system-ui", padding: 24, ...(demo ? { marginLeft: 360 } : {}) }}>
      <h1>Convex + AuthKit</h1>
      <p data-testid="convex-auth">
        Convex: {convexAuth ? <ConvexAuthStatus /> : "no ConvexProviderWithAuth"}
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
const overlay = (
  <AuthDiagnosticsOverlay api={api.authDiagnostics} clientId={clientId} redirectUri={redirectUri} />
);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AuthKitProvider
      clientId={clientId}
      redirectUri={redirectUri}
      apiHostname={env.VITE_WORKOS_API_HOSTNAME}
      https={env.VITE_WORKOS_HTTPS !== undefined ? env.VITE_WORKOS_HTTPS !== "false" : undefined}
      port={port}
      devMode={
        env.VITE_WORKOS_DEV_MODE !== undefined ? env.VITE_WORKOS_DEV_MODE !== "false" : undefined
      }
    >
      {demo?.convexAuth === "none" ? (
        // The demo's "not wired" scenario: a plain ConvexProvider never hands Convex a token.
        <ConvexProvider client={convex}>
          <App convexAuth={false} />
          {overlay}
        </ConvexProvider>
      ) : (
        <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
          <App convexAuth />
          {overlay}
        </ConvexProviderWithAuth>
      )}
    </AuthKitProvider>
    {demoModule && demo && <demoModule.ScenarioPicker demo={demo} />}
  </StrictMode>,
);
