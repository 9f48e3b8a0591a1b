/**
 * Test harness: the REAL ConvexReactClient + ConvexProviderWithAuth driven by the fake sync
 * server, and a controllable AuthKit stand-in (a documented fake adapter) for the cases the real
 * AuthKitProvider cannot reach offline (loading forever, getAccessToken throwing on demand).
 */
import { ConvexProvider, ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import { anyApi } from "convex/server";
import { useCallback, useSyncExternalStore, type ReactNode } from "react";
import { createAuthDiagnosticsLogger, type AuthDiagnosticsLogger } from "../../src/react/logger.js";
import type { AuthKitAdapter, AuthKitSnapshot } from "../../src/react/authkit.js";
import { normalizeProviders } from "../../src/core/providers.js";
import type { ServerReport, EnvVarReport, Finding } from "../../src/core/types.js";
import {
  createFakeConvexServer,
  type AuthDecision,
  type FakeConvexServerOptions,
  type Json,
} from "../support/fakeConvexServer.js";
import { CLIENT_ID, docsConfig } from "../support/tokens.js";

export const api = anyApi.authDiagnostics as unknown as {
  diagnoseAuth: import("../../src/react/types.js").AuthDiagnosticsApi["diagnoseAuth"];
  verifyToken: NonNullable<import("../../src/react/types.js").AuthDiagnosticsApi["verifyToken"]>;
  reportDiagnosis: import("convex/server").FunctionReference<"mutation">;
};

/** A server report the way `diagnoseAuth` builds it, for a given auth config and env. */
export function serverReport(opts: {
  providers?: unknown[];
  env?: Partial<Record<string, string | null>>;
  identity?: Record<string, unknown> | null;
  serverTime?: number;
  clientFindings?: Finding[];
}): ServerReport {
  const providers = opts.providers ?? docsConfig();
  const set = normalizeProviders(providers);
  const envSpec = opts.env ?? { WORKOS_CLIENT_ID: CLIENT_ID };
  const env: EnvVarReport[] = Object.entries(envSpec).map(([name, value]) => ({
    name,
    set: value !== null && value !== undefined,
    value: name === "WORKOS_CLIENT_ID" ? (value ?? null) : null,
    length: name !== "WORKOS_CLIENT_ID" && value ? value.length : null,
  }));
  return {
    answer: "a test report",

    identity: opts.identity ?? null,
    providers: set.convexOrder,
    env,
    configFindings: [],
    clientFindings: opts.clientFindings ?? [],
    serverTime: opts.serverTime ?? Date.now(),
    convexUrl: null,
    version: "test",
  };
}

/** A controllable AuthKit: what `useAuth()` would say, changeable from the test. */
export function createFakeAuthKit(
  initial: Partial<AuthKitSnapshot> & { token?: string | (() => Promise<string>) } = {},
) {
  let calls = 0;
  let forcedCalls = 0;
  let tokenSource = initial.token;
  const make = (s: Partial<AuthKitSnapshot>): AuthKitSnapshot => ({
    status: "ready",
    isLoading: s.isLoading ?? false,
    user: s.user === undefined ? null : s.user,
    organizationId: s.organizationId ?? null,
    getAccessToken,
  });
  async function getAccessToken(options?: { forceRefresh?: boolean }): Promise<string> {
    calls++;
    if (options?.forceRefresh) forcedCalls++;
    if (typeof tokenSource === "function") return tokenSource();
    if (!tokenSource) throw Object.assign(new Error("No session"), { name: "LoginRequiredError" });
    return tokenSource;
  }
  let snapshot = make(initial);
  const listeners = new Set<() => void>();
  const subscribe = (l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  };
  const adapter: AuthKitAdapter = function useFakeAuthKit() {
    return useSyncExternalStore(subscribe, () => snapshot);
  };
  /** For ConvexProviderWithAuth, wired like the README shows (honors forceRefreshToken). */
  function useAuthForConvex() {
    const s = useSyncExternalStore(subscribe, () => snapshot);
    const get = s.getAccessToken;
    const fetchAccessToken = useCallback(
      async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
        try {
          return (await get!({ forceRefresh: forceRefreshToken })) ?? null;
        } catch {
          return null;
        }
      },
      [get],
    );
    return { isLoading: s.isLoading, isAuthenticated: s.user !== null, fetchAccessToken };
  }
  return {
    adapter,
    useAuthForConvex,
    set(next: Partial<AuthKitSnapshot> & { token?: string | (() => Promise<string>) }) {
      if ("token" in next) tokenSource = next.token;
      snapshot = make({ ...snapshot, ...next });
      for (const l of [...listeners]) l();
    },
    calls: () => calls,
    forcedCalls: () => forcedCalls,
  };
}

export interface Setup {
  client: ConvexReactClient;
  logger: AuthDiagnosticsLogger;
  server: ReturnType<typeof createFakeConvexServer>;
  authKit: ReturnType<typeof createFakeAuthKit>;
  Providers: (props: { children: ReactNode }) => ReactNode;
  close: () => Promise<void>;
}

/** Builds server + client + logger + AuthKit stand-in. `report` is what `diagnoseAuth` returns. */
export function setup(opts: {
  authKit?: Parameters<typeof createFakeAuthKit>[0];
  authenticate?: (token: string) => AuthDecision;
  report?: (args: Record<string, Json>, identity: unknown) => ServerReport;
  verifyToken?: FakeConvexServerOptions["actions"] extends infer A
    ? A extends Record<string, infer F>
      ? F
      : never
    : never;
  /** `false`: ConvexProviderWithAuth with a bridge that never gives a token; `"plain"`: a plain ConvexProvider. */
  withAuthProvider?: boolean | "plain";
  /** Handler for `authDiagnostics:reportDiagnosis`; each call's args are what the hook stored. */
  reportDiagnosis?: (args: Record<string, Json>) => Json;
}): Setup {
  const server = createFakeConvexServer({
    authenticate: opts.authenticate,
    queries: opts.report
      ? {
          "authDiagnostics:diagnoseAuth": (args, ctx) =>
            opts.report!(args, ctx.identity) as unknown as Json,
        }
      : {},
    actions: opts.verifyToken ? { "authDiagnostics:verifyToken": opts.verifyToken } : {},
    mutations: opts.reportDiagnosis
      ? { "authDiagnostics:reportDiagnosis": opts.reportDiagnosis }
      : {},
  });
  const logger = createAuthDiagnosticsLogger({ console: null });
  const client = new ConvexReactClient(server.url, {
    webSocketConstructor: server.WebSocket,
    logger,
    unsavedChangesWarning: false,
  });
  const authKit = createFakeAuthKit(opts.authKit);
  const Providers = ({ children }: { children: ReactNode }) =>
    opts.withAuthProvider === "plain" ? (
      <ConvexProvider client={client}>{children}</ConvexProvider>
    ) : opts.withAuthProvider === false ? (
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
    ) : (
      <ConvexProviderWithAuth client={client} useAuth={authKit.useAuthForConvex}>
        {children}
      </ConvexProviderWithAuth>
    );
  return { client, logger, server, authKit, Providers, close: () => client.close() };
}
