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

// `useConvexAuth()`'s answer as data attributes, in development only, so the demo's end-to-end
// tests can compare it with the overlay's verdict at any moment.
const convexStateAttributes = (state: string) =>
  import.meta.env.DEV ? { "data-convex-state": state } : {};

function ConvexAuthStatus() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const state = isLoading ? "loading" : isAuthenticated ? "authenticated" : "not authenticated";
  return <span {...convexStateAttributes(state)}>{state}</span>;
}

function App({ convexAuth }: { convexAuth: boolean }) {
  const { user, signIn, signOut } = useAuth();
  return (
    <main style={{ fontFamily: "system-ui", padding: 24 }}>
      <h1>Convex + AuthKit</h1>
      <p data-testid="convex-auth">
        Convex:{" "}
        {convexAuth ? (
          <ConvexAuthStatus />
        ) : (
          // Without ConvexProviderWithAuth the client never gets a token: never authenticated.
          <span {...convexStateAttributes("no ConvexProviderWithAuth")}>
            no ConvexProviderWithAuth
          </span>
        )}
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

// What the app gives <AuthKitProvider>; the overlay gets the same, so it can judge them.
const authKitSettings = {
  clientId,
  redirectUri,
  apiHostname: env.VITE_WORKOS_API_HOSTNAME,
  https: env.VITE_WORKOS_HTTPS !== undefined ? env.VITE_WORKOS_HTTPS !== "false" : undefined,
  port: env.VITE_WORKOS_PORT ? Number(env.VITE_WORKOS_PORT) : undefined,
  devMode:
    env.VITE_WORKOS_DEV_MODE !== undefined ? env.VITE_WORKOS_DEV_MODE !== "false" : undefined,
};
const overlay = <AuthDiagnosticsOverlay api={api.authDiagnostics} {...authKitSettings} />;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AuthKitProvider
      {...authKitSettings}
      // An unset VITE_WORKOS_CLIENT_ID reaches AuthKit as `undefined`, as in any Vite app.
      clientId={clientId as string}
    >
      {demo?.convexAuth === "none" ? (
        // The demo's "not wired" scenario: a plain ConvexProvider never hands Convex a token.
        <ConvexProvider client={convex}>
          <App convexAuth={false} />
          {overlay}
        </ConvexProvider>
      ) : (
        <ConvexProviderWithAuth
          client={convex}
          useAuth={
            demoModule && demo?.convexAuth === "late-token"
              ? demoModule.useAuthWithLateToken
              : useAuthFromAuthKit
          }
        >
          <App convexAuth />
          {overlay}
        </ConvexProviderWithAuth>
      )}
    </AuthKitProvider>
    {demoModule && demo && <demoModule.ScenarioPicker demo={demo} />}
  </StrictMode>,
);
