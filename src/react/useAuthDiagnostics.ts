"use client";
import { useConvex, useConvexAuth } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { diagnose } from "../core/diagnose.js";
import { finding } from "../core/catalogue.js";
import { redactClaims } from "../core/render.js";
import type {
  AuthKitState,
  ConvexAuthState,
  DiagnoseInput,
  Diagnosis,
  FetchLike,
  ServerReport,
  TokenCheck,
} from "../core/types.js";
import {
  unavailable,
  useAuthKitReactDefault,
  type AuthKitAdapter,
  type AuthKitSnapshot,
} from "./authkit.js";
import {
  EMPTY_AUTH_LOG,
  getDefaultAuthDiagnosticsLogger,
  subscribeDefaultAuthDiagnosticsLogger,
  type AuthDiagnosticsLogger,
  type AuthLogSnapshot,
} from "./logger.js";

/**
 * The functions the app re-exports from `convex/authDiagnostics.ts` (`api.authDiagnostics`).
 * Only `diagnoseAuth` is required.
 */
export interface AuthDiagnosticsApi {
  /** `diagnoseAuth` query: `{ clientId? }` → {@link ServerReport}. */
  diagnoseAuth:
    | FunctionReference<"query", "public", { clientId?: string }, ServerReport>
    | FunctionReference<"query", "public", any, any>;
  /** `verifyToken` action: `{ token }` → {@link TokenCheck}; used for the one probe of a rejected token. */
  verifyToken?:
    | FunctionReference<"action", "public", { token: string }, TokenCheck>
    | FunctionReference<"action", "public", any, any>;
  [other: string]: unknown;
}

/** Options of {@link useAuthDiagnostics}. */
export interface AuthDiagnosticsHookOptions {
  /** How to read AuthKit. Default: `useAuth()` from `@workos-inc/authkit-react`, loaded lazily. */
  authKit?: AuthKitAdapter;
  /** The WorkOS client ID the app signs in with (the `clientId` of `<AuthKitProvider>`). */
  clientId?: string | null;
  /** The `redirectUri` given to `<AuthKitProvider>`. */
  redirectUri?: string | null;
  /** The `apiHostname` given to `<AuthKitProvider>` (default `api.workos.com`). */
  apiHostname?: string | null;
  /** The `devMode` given to `<AuthKitProvider>`; `undefined` = AuthKit's default. */
  devMode?: boolean | null;
  /** The logger passed to `ConvexReactClient`. Default: the last one `createAuthDiagnosticsLogger()` made. */
  logger?: AuthDiagnosticsLogger | null;
  /**
   * How to learn the exact reason when Convex is unauthenticated while AuthKit has a token
   * (one probe per token): `"auto"` (default) uses `verifyToken` when the api has it, else HTTP;
   * `"action"`, `"http"`, or `false` for none.
   */
  probe?: "auto" | "action" | "http" | false;
  /** The fetch for the HTTP probe. Default: global `fetch`. */
  fetch?: typeof fetch;
  /** Fetch for JWKS when the token is checked in the browser. Default `null` (the server's `verifyToken` does it). */
  jwksFetch?: FetchLike | null;
  /** Turn everything off (no token reads, no queries). Default `true`. */
  enabled?: boolean;
  /**
   * Store each new diagnosis (codes, headline, decoded claims without signature, user agent) with
   * the `reportDiagnosis` mutation, so it can be read in the dashboard's Data tab. Needs
   * `reports: { enabled: true }` in the server's `AuthDiagnostics` options. Default `false`.
   */
  report?: boolean;
}

/** Live facts behind a diagnosis, for display. Never holds the raw token. */
export interface AuthDiagnosticsFacts {
  authKit: {
    status: AuthKitSnapshot["status"];
    reason: string | null;
    isLoading: boolean;
    userId: string | null;
    organizationId: string | null;
  };
  /** The access token outcome without the token itself. */
  accessToken: {
    state: "none" | "pending" | "ok" | "error";
    errorName?: string;
    errorMessage?: string;
  };
  convex: ConvexAuthState & { present: boolean };
  server: {
    state: "pending" | "ok" | "error" | "skipped";
    error?: string;
    report?: ServerReport;
    receivedAt?: number;
  };
  serverErrors: readonly string[];
  probe: {
    state: "none" | "pending" | "done";
    via?: "action" | "http";
    verdict?: string;
    message?: string | null;
  };
  pageUrl: string | null;
  clientTime: number;
}

/** What {@link useAuthDiagnosticsDetails} returns. */
export interface AuthDiagnosticsDetails {
  /** `null` until the first diagnosis is ready (it is computed asynchronously). */
  diagnosis: Diagnosis | null;
  facts: AuthDiagnosticsFacts;
  /** Re-reads the access token and re-runs the diagnosis. */
  recheck: () => void;
}

const SESSION_KEY = "convex-authkit-diagnostics:session";
/** A random id this browser tab keeps, so a signed-out user can find their own stored reports. */
function reportSessionId(): string | undefined {
  try {
    const existing = sessionStorage.getItem(SESSION_KEY);
    if (existing) return existing;
    const id = crypto.randomUUID();
    sessionStorage.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return undefined;
  }
}

const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** The Convex client's error for an action whose connection closed before it answered. */
const ACTION_LOST = /Connection lost while action was in flight/;
const errorName = (e: unknown) => (e instanceof Error ? e.name || "Error" : typeof e);

type TokenState =
  | { state: "none" }
  | { state: "pending"; key: string }
  | { state: "ok"; key: string; token: string; exp: number | null; sid: string | null }
  | { state: "error"; key: string; errorName: string; errorMessage: string };

/** Reads the `sid` and `exp` claims without verifying (memory only; jose). */
function peekToken(token: string): { exp: number | null; sid: string | null } {
  try {
    decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    return {
      exp: typeof claims.exp === "number" ? claims.exp : null,
      sid: typeof claims.sid === "string" ? claims.sid : null,
    };
  } catch {
    return { exp: null, sid: null };
  }
}

function useLogger(
  explicit: AuthDiagnosticsLogger | null | undefined,
): AuthDiagnosticsLogger | null {
  const registered = useSyncExternalStore(
    subscribeDefaultAuthDiagnosticsLogger,
    getDefaultAuthDiagnosticsLogger,
    () => null,
  );
  return explicit === undefined ? registered : explicit;
}

const noopSubscribe = () => () => {};
const emptyLog = () => EMPTY_AUTH_LOG;

/** Calls the adapter hook, turning a throw into an `unavailable` snapshot. */
function useAuthKitSnapshot(adapter: AuthKitAdapter): AuthKitSnapshot {
  try {
    return adapter();
  } catch (e) {
    return unavailable(`The AuthKit adapter threw: ${describeError(e)}`);
  }
}

function useConvexAuthSafe(): { isLoading: boolean; isAuthenticated: boolean } | null {
  try {
    return useConvexAuth();
  } catch {
    // No ConvexProviderWithAuth above: the client never gets a token.
    return null;
  }
}

type ConvexClientLike = ReturnType<typeof useConvex> | undefined;

function useConnected(client: ConvexClientLike): boolean | null {
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setGraceOver(true), 5000);
    return () => clearTimeout(t);
  }, []);
  const subscribe = useCallback(
    (cb: () => void) => {
      if (!client || typeof client.subscribeToConnectionState !== "function") return () => {};
      try {
        return client.subscribeToConnectionState(cb);
      } catch {
        return () => {};
      }
    },
    [client],
  );
  const get = useCallback(() => {
    try {
      return client ? client.connectionState().isWebSocketConnected : null;
    } catch {
      return null;
    }
  }, [client]);
  const connected = useSyncExternalStore(subscribe, get, () => null);
  if (connected === null) return null;
  // A socket that is still opening is not "unreachable" yet.
  return connected ? true : graceOver ? false : null;
}

type ServerState = AuthDiagnosticsFacts["server"];

/** A server answer is used only if it has the `ServerReport` shape (an older server may differ). */
function isServerReport(value: unknown): value is ServerReport {
  const r = value as Partial<ServerReport> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    Array.isArray(r.providers) &&
    Array.isArray(r.env) &&
    Array.isArray(r.configFindings) &&
    Array.isArray(r.clientFindings) &&
    typeof r.serverTime === "number"
  );
}

function functionNameOf(ref: unknown): string | null {
  try {
    return ref ? getFunctionName(ref as FunctionReference<"query">) : null;
  } catch {
    return null;
  }
}

function useServerReport(
  client: ConvexClientLike,
  ref: AuthDiagnosticsApi["diagnoseAuth"] | undefined,
  clientId: string | null,
  enabled: boolean,
): ServerState {
  const [state, setState] = useState<ServerState>({ state: "pending" });
  const lastJson = useRef<string | null>(null);
  // Function references built with `anyApi` are new objects on every access: subscribe by name.
  const name = functionNameOf(ref);
  const refRef = useRef(ref);
  refRef.current = ref;
  useEffect(() => {
    if (!enabled) return;
    // Publishes only real changes, so a failing query cannot drive a render loop.
    const publish = (next: ServerState) => {
      const json = JSON.stringify(next.state === "ok" ? { ok: next.report } : next);
      if (json === lastJson.current) return;
      lastJson.current = json;
      setState(next);
    };
    if (!client) {
      publish({
        state: "error",
        error:
          "No Convex client: render the diagnostics inside `ConvexProvider` / `ConvexProviderWithAuth`.",
      });
      return;
    }
    if (!name) {
      publish({
        state: "error",
        error:
          "`api.diagnoseAuth` is missing: re-export it from `convex/authDiagnostics.ts` and pass `api.authDiagnostics`.",
      });
      return;
    }
    const args = clientId ? { clientId } : {};
    let unsubscribe = () => {};
    const read = () => {
      try {
        const value = watch.localQueryResult();
        if (value === undefined) return;
        if (!isServerReport(value)) {
          publish({
            state: "error",
            error:
              "`diagnoseAuth` returned something that is not a server report: is the server's convex-authkit-diagnostics the same version?",
          });
          return;
        }
        publish({ state: "ok", report: value, receivedAt: Date.now() });
      } catch (e) {
        publish({ state: "error", error: describeError(e) });
      }
    };
    let watch: ReturnType<NonNullable<ConvexClientLike>["watchQuery"]>;
    try {
      watch = client.watchQuery(refRef.current as FunctionReference<"query">, args);
      unsubscribe = watch.onUpdate(read);
      read();
    } catch (e) {
      publish({ state: "error", error: describeError(e) });
    }
    return () => unsubscribe();
  }, [client, name, clientId, enabled]);
  return enabled ? state : { state: "skipped" };
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
 * The full form of {@link useAuthDiagnostics}: the diagnosis plus the live facts behind it and
 * a `recheck` function. The overlay is built on it.
 */
export function useAuthDiagnosticsDetails(
  api: AuthDiagnosticsApi | null | undefined,
  options: AuthDiagnosticsHookOptions = {},
): AuthDiagnosticsDetails {
  const enabled = options.enabled ?? true;
  const clientId = options.clientId ?? null;

  // ── AuthKit ────────────────────────────────────────────────────────────────────────────
  const authKit = useAuthKitSnapshot(options.authKit ?? useAuthKitReactDefault);
  const getAccessTokenRef = useRef(authKit.getAccessToken);
  getAccessTokenRef.current = authKit.getAccessToken;
  const userId = authKit.user?.id ?? null;
  const organizationId = authKit.organizationId ?? null;

  // ── Convex ─────────────────────────────────────────────────────────────────────────────
  const client = useConvex() as ConvexClientLike;
  const convexAuth = useConvexAuthSafe();
  const connected = useConnected(client);
  const logger = useLogger(options.logger);
  const log: AuthLogSnapshot = useSyncExternalStore(
    logger ? logger.subscribe : noopSubscribe,
    logger ? logger.getSnapshot : emptyLog,
    emptyLog,
  );

  // ── the access token: once per user/session change and once per server rejection ─────
  const [tokenState, setTokenState] = useState<TokenState>({ state: "none" });
  const [recheckCount, setRecheckCount] = useState(0);
  const [expiryTick, setExpiryTick] = useState(0);
  const lastFetchKey = useRef<string | null>(null);
  const sessionKey = `${authKit.status}|${userId}|${organizationId}`;
  const fetchKey = `${sessionKey}|r${log.rejections}|c${recheckCount}|e${expiryTick}`;
  const canFetch =
    enabled &&
    authKit.status === "ready" &&
    !authKit.isLoading &&
    userId !== null &&
    typeof authKit.getAccessToken === "function";
  useEffect(() => {
    if (!canFetch) {
      lastFetchKey.current = null;
      setTokenState((s) => (s.state === "none" ? s : { state: "none" }));
      return;
    }
    if (lastFetchKey.current === fetchKey) return; // StrictMode re-runs effects: fetch once per key
    lastFetchKey.current = fetchKey;
    let live = true;
    setTokenState({ state: "pending", key: fetchKey });
    const get = getAccessTokenRef.current;
    Promise.resolve()
      .then(() => get!())
      .then(
        (token) => {
          if (!live && lastFetchKey.current !== fetchKey) return;
          if (typeof token === "string" && token)
            setTokenState({ state: "ok", key: fetchKey, token, ...peekToken(token) });
          else
            setTokenState({
              state: "error",
              key: fetchKey,
              errorName: "NoToken",
              errorMessage: "`getAccessToken()` returned no token.",
            });
        },
        (e: unknown) => {
          if (!live && lastFetchKey.current !== fetchKey) return;
          setTokenState({
            state: "error",
            key: fetchKey,
            errorName: errorName(e),
            errorMessage: describeError(e),
          });
        },
      );
    return () => {
      live = false;
    };
  }, [canFetch, fetchKey]);

  // Re-read once when the token we hold expires (AuthKit will have refreshed it by then).
  const heldExp = tokenState.state === "ok" ? tokenState.exp : null;
  useEffect(() => {
    if (heldExp === null) return;
    const ms = Math.min(Math.max(heldExp * 1000 - Date.now() + 1000, 1000), 2 ** 31 - 1);
    const t = setTimeout(() => setExpiryTick((n) => n + 1), ms);
    return () => clearTimeout(t);
  }, [heldExp]);

  const token = tokenState.state === "ok" ? tokenState.token : null;

  // ── the server report ──────────────────────────────────────────────────────────────────
  const server = useServerReport(client, api?.diagnoseAuth, clientId, enabled);

  // ── one probe of the token when Convex says no ─────────────────────────────────────────
  const [probe, setProbe] = useState<{
    token: string;
    via: "action" | "http";
    check?: TokenCheck;
    message?: string | null;
    verdict: string;
  } | null>(null);
  const probedToken = useRef<string | null>(null);
  const probeMode = options.probe ?? "auto";
  const fetchImpl = options.fetch;
  const rejectedNow = convexAuth !== null && !convexAuth.isLoading && !convexAuth.isAuthenticated;
  // `api` objects built with `anyApi` change identity on every render; effects read the latest.
  const apiRef = useRef(api);
  apiRef.current = api;
  useEffect(() => {
    if (!enabled || probeMode === false || !rejectedNow || !token || !client) return;
    if (probedToken.current === token) return;
    probedToken.current = token;
    const api = apiRef.current;
    const useAction = probeMode === "action" || (probeMode === "auto" && api?.verifyToken);
    const viaHttp = async () => {
      const f = fetchImpl ?? globalThis.fetch;
      if (typeof f !== "function" || !api?.diagnoseAuth) return;
      const res = await f(`${client.url.replace(/\/$/, "")}/api/query`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          path: getFunctionName(api.diagnoseAuth as FunctionReference<"query">),
          args: clientId ? { clientId } : {},
          format: "json",
        }),
      });
      let message: string | null = null;
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          code?: unknown;
          message?: unknown;
        } | null;
        message = typeof body?.message === "string" ? body.message : `HTTP ${res.status}`;
      }
      if (probedToken.current === token)
        setProbe({ token, via: "http", message, verdict: res.ok ? "accepted" : "rejected" });
    };
    void (async () => {
      try {
        if (useAction && api?.verifyToken) {
          try {
            const verify = () =>
              client.action(api.verifyToken as FunctionReference<"action">, {
                token,
              }) as Promise<TokenCheck>;
            let check: TokenCheck | undefined;
            // Convex closes the socket right after an auth error, and the client drops (does not
            // retry) an action in flight then: send it again on the next connection, twice at most.
            for (let attempt = 1; check === undefined; attempt++) {
              try {
                check = await verify();
              } catch (e) {
                if (attempt >= 3 || !ACTION_LOST.test(describeError(e))) throw e;
              }
            }
            if (probedToken.current === token)
              setProbe({
                token,
                via: "action",
                check,
                message: check.convexMessage,
                verdict: check.verdict,
              });
            return;
          } catch {
            if (probeMode === "action") return;
          }
        }
        await viaHttp();
      } catch {
        // The probe is a bonus; its failure leaves the other evidence standing.
      }
    })();
  }, [enabled, probeMode, rejectedNow, token, client, clientId, fetchImpl]);
  const probeForToken = probe && probe.token === token ? probe : null;

  // ── assemble the input ─────────────────────────────────────────────────────────────────
  const currentUrl = typeof window !== "undefined" && window.location ? window.location.href : null;
  // AuthKit removes `code` and `state` from the URL once it has handled the callback, whether the
  // exchange worked or not. The first render comes before AuthKit's effects, so keep that URL:
  // a code that was never exchanged stays visible until someone signs in.
  const [landingUrl] = useState(currentUrl);
  const signedInSeen = useRef(false);
  if (userId !== null) signedInSeen.current = true;
  const pageUrl = signedInSeen.current ? currentUrl : pageUrlForDiagnosis(currentUrl, landingUrl);
  const authKitState: AuthKitState = {
    isLoading: authKit.status === "ready" ? authKit.isLoading : false,
    userId,
    organizationId,
    clientId,
    redirectUri: options.redirectUri ?? null,
    apiHostname: options.apiHostname ?? null,
    devMode: options.devMode ?? null,
    accessToken:
      tokenState.state === "ok"
        ? { ok: true, token: tokenState.token }
        : tokenState.state === "error"
          ? { ok: false, errorName: tokenState.errorName, errorMessage: tokenState.errorMessage }
          : null,
  };
  const convexState: ConvexAuthState | null = convexAuth
    ? {
        isLoading: convexAuth.isLoading,
        isAuthenticated: convexAuth.isAuthenticated,
        // Only claim "no token sent" when the logger is wired and saw nothing at all.
        tokenSent: convexAuth.isAuthenticated
          ? true
          : logger && log.events.length === 0 && !convexAuth.isLoading && token
            ? false
            : null,
        sameTokenAfterForceRefresh: log.refetchFailed && token !== null ? true : null,
        connected,
      }
    : client
      ? { isLoading: false, isAuthenticated: false, tokenSent: false, connected }
      : null;
  const serverErrors =
    probeForToken?.via === "http" && probeForToken.message
      ? [...log.serverErrors, probeForToken.message]
      : [...log.serverErrors];
  const extraFindings =
    authKit.status === "unavailable"
      ? [finding("AUTHKIT_UNAVAILABLE", { reason: authKit.reason ?? "unknown reason" })]
      : [];

  const input: DiagnoseInput = {
    authKit: authKit.status === "ready" ? authKitState : null,
    token,
    pageUrl,
    convex: convexState,
    server:
      server.state === "ok"
        ? server.report!
        : server.state === "error"
          ? { error: server.error! }
          : null,
    serverReportReceivedAt: server.state === "ok" ? server.receivedAt : undefined,
    tokenCheck: probeForToken?.check ?? null,
    serverErrors,
    extraFindings,
  };
  // Content key: everything but the clock. Holding the token in it is fine (memory only).
  const inputKey = JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;

  // ── diagnose when the input changes; publish only when the diagnosis changes ───────────
  const [diagnosis, setDiagnosis] = useState<Diagnosis | null>(null);
  const diagnosisKey = useRef<string | null>(null);
  const runSeq = useRef(0);
  const jwksFetch = options.jwksFetch ?? null;
  useEffect(() => {
    if (!enabled) return;
    const seq = ++runSeq.current;
    const clientTime = Date.now();
    void diagnose({ ...inputRef.current, clientTime }, { fetch: jwksFetch }).then(
      (d) => {
        if (seq !== runSeq.current) return;
        const key = JSON.stringify({
          ...d,
          generatedAt: 0,
          token: d.token ? { ...d.token, expiresInSeconds: 0 } : null,
        });
        if (key === diagnosisKey.current) return;
        diagnosisKey.current = key;
        setDiagnosis(d);
      },
      () => {
        // diagnose() does not reject; nothing to surface if it ever did.
      },
    );
  }, [inputKey, enabled, jwksFetch]);

  // ── optional: store each distinct diagnosis on the server ─────────────────────────────
  const reportEnabled =
    enabled && options.report === true && Boolean(api?.reportDiagnosis) && Boolean(client);
  const lastReported = useRef<string | null>(null);
  useEffect(() => {
    if (!reportEnabled || !diagnosis || !client) return;
    const codes = diagnosis.findings.map((f) => f.code);
    const key = `${diagnosis.headline.code}|${codes.join(",")}`;
    if (lastReported.current === key) return; // one report per distinct outcome, not per render
    lastReported.current = key;
    const report = {
      headline: diagnosis.headline.code,
      codes,
      ok: diagnosis.ok,
      claims: diagnosis.token ? redactClaims(diagnosis.token.claims) : null,
      tokenHeader: diagnosis.token?.header ?? null,
      clientId,
      userAgent: typeof navigator !== "undefined" ? navigator.userAgent : null,
      clientTime: diagnosis.generatedAt,
      sessionId: reportSessionId(),
    };
    Promise.resolve()
      .then(() =>
        client.mutation(apiRef.current!.reportDiagnosis as FunctionReference<"mutation">, report),
      )
      .catch(() => {
        // Reporting is best effort: disabled on the server, rate-limited or offline.
      });
  }, [reportEnabled, diagnosis, client, clientId]);

  const recheck = useCallback(() => {
    probedToken.current = null;
    setRecheckCount((n) => n + 1);
  }, []);

  const facts = useMemo<AuthDiagnosticsFacts>(
    () => {
      const i = JSON.parse(inputKey) as DiagnoseInput;
      return {
        authKit: {
          status: authKit.status,
          reason: authKit.reason ?? null,
          isLoading: i.authKit?.isLoading ?? false,
          userId,
          organizationId,
        },
        accessToken:
          tokenState.state === "error"
            ? {
                state: "error",
                errorName: tokenState.errorName,
                errorMessage: tokenState.errorMessage,
              }
            : { state: tokenState.state },
        convex: {
          ...(i.convex ?? { isLoading: false, isAuthenticated: false }),
          present: convexAuth !== null,
        },
        server:
          server.state === "ok"
            ? { state: "ok", report: server.report, receivedAt: server.receivedAt }
            : server,
        serverErrors: i.serverErrors ?? [],
        probe: probeForToken
          ? {
              state: "done",
              via: probeForToken.via,
              verdict: probeForToken.verdict,
              message: probeForToken.message ?? null,
            }
          : { state: rejectedNow && token ? "pending" : "none" },
        pageUrl,
        clientTime: Date.now(),
      };
    },
    // Recomputed only when the content changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [inputKey, authKit.status, authKit.reason, tokenState.state],
  );

  return useMemo(() => ({ diagnosis, facts, recheck }), [diagnosis, facts, recheck]);
}

/**
 * Explains, live, why Convex says `isAuthenticated: false` (or confirms that all is well).
 * Reads AuthKit (through an adapter), the access token (decoded in memory only), `useConvexAuth()`,
 * the server's `diagnoseAuth` report, the rejection text captured by
 * {@link createAuthDiagnosticsLogger}, the page URL and both clocks, and hands them to the core
 * `diagnose()`. Returns `null` until the first diagnosis is ready; the returned object changes
 * only when the diagnosis does. Never throws into the app.
 *
 * @example
 * const diagnosis = useAuthDiagnostics(api.authDiagnostics, { clientId: import.meta.env.VITE_WORKOS_CLIENT_ID });
 * if (diagnosis && !diagnosis.ok) console.warn(diagnosis.headline.title, diagnosis.headline.fix);
 */
export function useAuthDiagnostics(
  api: AuthDiagnosticsApi | null | undefined,
  options?: AuthDiagnosticsHookOptions,
): Diagnosis | null {
  return useAuthDiagnosticsDetails(api, options).diagnosis;
}
