/**
 * Builds the `diagnose()` input from what the hook's small hooks hold. Pure: no React, no clock,
 * no globals, so each rule can be tested on its own.
 */
import { finding } from "../core/catalogue.js";
import type {
  AuthKitState,
  CodeExchangeCheck,
  ConvexAuthState,
  DiagnoseInput,
  Finding,
} from "../core/types.js";
import type { AuthKitSnapshot } from "./authkit.js";
import type { AuthLogSnapshot } from "./logger.js";
import type {
  AccessTokenState,
  AuthDiagnosticsHookOptions,
  ProbeResult,
  ServerReportState,
} from "./types.js";

/** `useConvexAuth()`'s answer, or `null` without a `ConvexProviderWithAuth`. */
export type ConvexAuthAnswer = { isLoading: boolean; isAuthenticated: boolean } | null;

/** What the AuthKit provider was given, as the hook's options name it. */
export type AuthKitSettings = Pick<
  AuthDiagnosticsHookOptions,
  "redirectUri" | "apiHostname" | "devMode" | "clientIdVariable"
> & { clientId: string | null };

/** Everything the input is built from. */
export interface DiagnoseSources {
  /** What the AuthKit adapter reported. */
  authKit: AuthKitSnapshot;
  /** What the app gave `<AuthKitProvider>`. */
  settings: AuthKitSettings;
  /** The latest `getAccessToken()` outcome. */
  accessToken: AccessTokenState;
  /** `useConvexAuth()`'s answer. */
  convexAuth: ConvexAuthAnswer;
  /** Whether a Convex client is in context (`useConvex()` answered). */
  clientPresent: boolean;
  /** Whether the WebSocket is connected (`null`: unknown yet). */
  connected: boolean | null;
  /** Whether a logger is wired, so an empty log means "nothing happened" rather than "not watched". */
  loggerWired: boolean;
  /** The logger's auth history. */
  log: Pick<AuthLogSnapshot, "events" | "serverErrors" | "refetchFailed" | "noToken">;
  /** The `diagnoseAuth` subscription. */
  server: ServerReportState;
  /** The probe of the current token, if it answered. */
  probe: ProbeResult | null;
  /** The URL to judge (see {@link pageUrlForDiagnosis}). */
  pageUrl: string | null;
  /** The browser's check of the code exchange endpoint, once made (see `useCodeExchangeCheck`). */
  codeExchange?: CodeExchangeCheck | null;
  /** Findings made elsewhere (e.g. on the server that rendered the page), added as they are. */
  extraFindings?: readonly Finding[];
}

/**
 * The URL `diagnose()` should judge: the landing URL while it carried a `?code=` that is gone
 * from the current URL on the same page (AuthKit cleaned it up without signing anyone in),
 * else the current URL.
 */
export function pageUrlForDiagnosis(current: string | null, landing: string | null): string | null {
  if (current === null || landing === null || current === landing) return current;
  try {
    const now = new URL(current);
    const then = new URL(landing);
    if (now.origin !== then.origin || now.pathname !== then.pathname) return current;
    return then.searchParams.has("code") && !now.searchParams.has("code") ? landing : current;
  } catch {
    return current;
  }
}

/**
 * The token outcome to judge by. Once Convex got no token from the app (`noToken`), a token read
 * without `forceRefresh` does not tell what a refresh, which Convex asked for, gives: it counts as
 * still being read until the forced read (see `useAccessToken`) answers.
 */
export function judgedAccessToken(state: AccessTokenState, noToken: boolean): AccessTokenState {
  return noToken && state.state === "ok" && !state.forced
    ? { state: "pending", key: state.key }
    : state;
}

/** The token held, or `null` while none is (none read yet, pending, or the read failed). */
export function tokenOf(state: AccessTokenState): string | null {
  return state.state === "ok" ? state.token : null;
}

/** Whether Convex has settled on unauthenticated: the moment a held token is worth probing. */
export function isSettledUnauthenticated(convexAuth: ConvexAuthAnswer): boolean {
  return convexAuth !== null && !convexAuth.isLoading && !convexAuth.isAuthenticated;
}

/** The AuthKit part: the adapter's snapshot, the provider settings and the token outcome. */
export function authKitStateOf(
  authKit: AuthKitSnapshot,
  settings: AuthKitSettings,
  accessToken: AccessTokenState,
): AuthKitState {
  return {
    isLoading: authKit.status === "ready" ? authKit.isLoading : false,
    userId: authKit.user?.id ?? null,
    organizationId: authKit.organizationId ?? null,
    clientId: settings.clientId,
    clientIdVariable: settings.clientIdVariable ?? null,
    redirectUri: settings.redirectUri ?? null,
    apiHostname: settings.apiHostname ?? null,
    devMode: settings.devMode ?? null,
    accessToken:
      accessToken.state === "ok"
        ? { ok: true, token: accessToken.token }
        : accessToken.state === "error"
          ? {
              ok: false,
              errorName: accessToken.errorName,
              errorMessage: accessToken.errorMessage,
              transient: accessToken.transient ?? null,
              status: accessToken.status ?? null,
            }
          : null,
  };
}

/**
 * The Convex part. Without `ConvexProviderWithAuth` but with a client, the client never got a
 * token: unauthenticated, nothing sent. Without a client there is nothing to say.
 */
export function convexStateOf(
  s: Pick<DiagnoseSources, "convexAuth" | "clientPresent" | "connected" | "loggerWired" | "log">,
  token: string | null,
): ConvexAuthState | null {
  const { convexAuth, connected, log } = s;
  if (!convexAuth)
    return s.clientPresent
      ? {
          isLoading: false,
          isAuthenticated: false,
          tokenSent: false,
          connected,
          providerWithAuth: false,
        }
      : null;
  return {
    providerWithAuth: true,
    isLoading: convexAuth.isLoading,
    isAuthenticated: convexAuth.isAuthenticated,
    // Only claim "no token sent" when the logger is wired and saw nothing at all.
    tokenSent: convexAuth.isAuthenticated
      ? true
      : s.loggerWired && log.events.length === 0 && !convexAuth.isLoading && token
        ? false
        : null,
    noTokenFromApp: !convexAuth.isAuthenticated && log.noToken ? true : null,
    sameTokenAfterForceRefresh: log.refetchFailed && token !== null ? true : null,
    connected,
  };
}

/** The server part: the report, or why it could not be read; `null` while pending or skipped. */
export function serverInputOf(server: ServerReportState): DiagnoseInput["server"] {
  if (server.state === "ok") return server.report!;
  if (server.state === "error") return { error: server.error! };
  return null;
}

/** The logger's server error texts, then the HTTP probe's (the action's verdict travels as `tokenCheck`). */
export function serverErrorsOf(
  log: Pick<AuthLogSnapshot, "serverErrors">,
  probe: ProbeResult | null,
): string[] {
  return probe?.via === "http" && probe.message
    ? [...log.serverErrors, probe.message]
    : [...log.serverErrors];
}

/** The whole `diagnose()` input, without the clock (the caller adds `clientTime` when it runs). */
export function buildDiagnoseInput(s: DiagnoseSources): DiagnoseInput {
  const accessToken = judgedAccessToken(s.accessToken, s.log.noToken);
  const token = tokenOf(accessToken);
  return {
    authKit:
      s.authKit.status === "ready" ? authKitStateOf(s.authKit, s.settings, accessToken) : null,
    token,
    pageUrl: s.pageUrl,
    convex: convexStateOf(s, token),
    server: serverInputOf(s.server),
    serverReportReceivedAt: s.server.state === "ok" ? s.server.receivedAt : undefined,
    tokenCheck: s.probe?.via === "action" ? s.probe.check : null,
    serverErrors: serverErrorsOf(s.log, s.probe),
    extraFindings: [
      ...(s.authKit.status === "unavailable"
        ? [finding("AUTHKIT_UNAVAILABLE", { reason: s.authKit.reason ?? "unknown reason" })]
        : []),
      ...(s.extraFindings ?? []),
    ],
    codeExchange: s.codeExchange ?? null,
  };
}
