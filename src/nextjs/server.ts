/**
 * `convex-authkit-diagnostics/nextjs/server`: the server-rendered side of a Next.js app with
 * `@workos-inc/authkit-nextjs`. Server-only: it reads the request's session, env and headers and
 * asks the Convex deployment about the request's token, and hands the overlay a serializable
 * {@link NextServerReport} that holds no token and no secret.
 *
 * - {@link withAuthDiagnostics} wraps `withAuth()` in a layout, page or route handler.
 * - {@link withProxyDiagnostics} wraps `authkitMiddleware()` in `proxy.ts` (`middleware.ts`).
 *
 * Both are on only in development (`process.env.NODE_ENV === "development"`) unless
 * `enabled: true` is passed; switched off they cost nothing and change nothing.
 */
import "server-only";
import { getFunctionName, type FunctionReference } from "convex/server";
import { headers as nextHeaders } from "next/headers.js";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server.js";
import { decodeToken } from "../core/jwt.js";
import { parseConvexAuthError } from "../core/parseError.js";
import type { FindingCode, ServerReport, TokenCheck } from "../core/types.js";
import type { AuthDiagnosticsApi } from "../react/types.js";
import {
  AUTHKIT_PROXY_HEADER,
  AUTHKIT_REDIRECT_URI_HEADER,
  AUTHKIT_URL_HEADER,
  buildNextServerReport,
  isNotCoveredError,
  pageOf,
  PROXY_ERROR_HEADER,
  scrubError,
  type NextServerFacts,
  type NextServerReport,
  type ServerTokenVerdict,
  type WithAuthOutcome,
} from "./report.js";

export * from "./report.js";

/** The part of `withAuth()`'s answer the helper reads. */
export interface WithAuthResultLike {
  user: { id: string } | null;
  accessToken?: string | undefined;
}

/** A `Headers`-like object (what `headers()` from `next/headers` resolves to). */
export interface HeadersLike {
  get(name: string): string | null;
}

/** Options of {@link withAuthDiagnostics}. */
export interface WithAuthDiagnosticsOptions {
  /**
   * The app's re-exported functions (`api.authDiagnostics`): `diagnoseAuth` is run with the
   * request's token (as `fetchQuery` / `preloadQuery` would send it) and, when Convex rejects
   * it, `verifyToken` names the cause. Without it the token is not checked.
   */
  api?: AuthDiagnosticsApi | null;
  /** The deployment URL. Default `process.env.NEXT_PUBLIC_CONVEX_URL`. */
  convexUrl?: string | null;
  /** Default `process.env.NODE_ENV === "development"`. Off: `withAuth()` runs alone and `diagnostics` is `null`. */
  enabled?: boolean;
  /** The fetch used to reach the deployment. Default: global `fetch`. */
  fetch?: typeof fetch;
  /** Give up on the deployment after this long (ms). Default 3000. */
  timeoutMs?: number;
  /** The env to read. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The request's headers. Default `headers()` from `next/headers`. */
  headers?: () => Promise<HeadersLike> | HeadersLike;
  /** The server clock. Default `Date.now`. */
  now?: () => number;
}

/** What {@link withAuthDiagnostics} returns: `withAuth()`'s answer plus the report. */
export type WithAuthDiagnosed<T> = (T | { user: null; accessToken?: undefined }) & {
  /** The report for the overlay's `server` prop; `null` when the diagnostics are off. */
  diagnostics: NextServerReport | null;
};

const DEFAULT_TIMEOUT_MS = 3000;
/** How long Convex's answer for one token is reused (one page load runs the layout and the page). */
const VERDICT_TTL_MS = 5000;
const verdictCache = new Map<string, { at: number; verdict: ServerTokenVerdict }>();

function isDevelopment(): boolean {
  return process.env.NODE_ENV === "development";
}

/** `process.env`, with the public values spelled out so Next.js inlines them. */
function defaultEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    NEXT_PUBLIC_WORKOS_REDIRECT_URI: process.env.NEXT_PUBLIC_WORKOS_REDIRECT_URI,
    NEXT_PUBLIC_CONVEX_URL: process.env.NEXT_PUBLIC_CONVEX_URL,
  };
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One `POST <deployment>/api/<kind>` as the Convex HTTP clients send it. */
async function callConvex(
  kind: "query" | "action",
  url: string,
  ref: unknown,
  args: Record<string, unknown>,
  token: string | null,
  options: { fetch: typeof fetch; timeoutMs: number },
): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  const res = await options.fetch(`${url.replace(/\/+$/, "")}/api/${kind}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      path: getFunctionName(ref as FunctionReference<typeof kind>),
      args,
      format: "json",
    }),
    signal: AbortSignal.timeout(options.timeoutMs),
    cache: "no-store",
  });
  const body = (await res.json().catch(() => null)) as {
    status?: string;
    value?: unknown;
    message?: unknown;
    errorMessage?: unknown;
  } | null;
  if (res.ok && body?.status === "success") return { ok: true, value: body.value };
  const message =
    typeof body?.message === "string"
      ? body.message
      : typeof body?.errorMessage === "string"
        ? body.errorMessage
        : `HTTP ${res.status}`;
  return { ok: false, status: res.status, message };
}

/** The deployment's own findings from a `diagnoseAuth` answer, when it is a report. */
function deploymentOf(value: unknown): ServerTokenVerdict["deployment"] {
  const r = value as Partial<ServerReport> | null;
  return r && Array.isArray(r.configFindings) && Array.isArray(r.clientFindings)
    ? { configFindings: r.configFindings, clientFindings: r.clientFindings }
    : null;
}

/**
 * Convex's answer to `token` sent from the server: `diagnoseAuth({ clientId })` with it as the
 * bearer (what `fetchQuery` / `preloadQuery` send); on a rejection, `verifyToken` for the exact
 * cause and `diagnoseAuth` without the token for the deployment's report. Without a token, only
 * the report. Answers for the same token are reused for a few seconds.
 */
export async function checkServerToken(
  token: string | null,
  request: {
    api: AuthDiagnosticsApi | null | undefined;
    convexUrl: string | null;
    clientId: string | null;
    fetch: typeof fetch;
    timeoutMs: number;
    now: number;
  },
): Promise<ServerTokenVerdict> {
  const none: ServerTokenVerdict = {
    verdict: "not-checked",
    message: null,
    cause: null,
    subject: null,
    deployment: null,
  };
  const { api, convexUrl } = request;
  if (!convexUrl || !api?.diagnoseAuth) return none;
  const key = `${token ?? ""}|${convexUrl}|${request.clientId ?? ""}`;
  const cached = verdictCache.get(key);
  if (cached && request.now - cached.at < VERDICT_TTL_MS) return cached.verdict;
  const args = request.clientId ? { clientId: request.clientId } : {};
  const report = async () => {
    const answer = await callConvex("query", convexUrl, api.diagnoseAuth, args, null, request);
    return answer.ok ? deploymentOf(answer.value) : null;
  };
  let verdict: ServerTokenVerdict;
  try {
    if (!token) {
      verdict = { ...none, deployment: await report() };
    } else {
      const answer = await callConvex("query", convexUrl, api.diagnoseAuth, args, token, request);
      if (answer.ok) {
        const identity = (answer.value as { identity?: { subject?: unknown } | null } | null)
          ?.identity;
        verdict = {
          verdict: "accepted",
          message: null,
          cause: null,
          subject: typeof identity?.subject === "string" ? identity.subject : null,
          deployment: deploymentOf(answer.value),
        };
      } else if (answer.status === 401 || answer.status === 403) {
        const [cause, deployment] = await Promise.all([
          causeOf(token, answer.message, request),
          report().catch(() => null),
        ]);
        verdict = { ...none, verdict: "rejected", message: answer.message, cause, deployment };
      } else {
        verdict = { ...none, verdict: "unreachable", message: answer.message };
      }
    }
  } catch (e) {
    verdict = { ...none, verdict: "unreachable", message: describe(e) };
  }
  verdictCache.set(key, { at: request.now, verdict });
  for (const k of verdictCache.keys()) {
    if (verdictCache.size <= 50) break;
    verdictCache.delete(k);
  }
  return verdict;
}

/** The cause of a rejection: `verifyToken`'s code when it answers, else what Convex's text names. */
async function causeOf(
  token: string,
  message: string,
  request: Parameters<typeof checkServerToken>[1],
): Promise<FindingCode | null> {
  const { api, convexUrl } = request;
  if (api?.verifyToken && convexUrl) {
    try {
      const answer = await callConvex(
        "action",
        convexUrl,
        api.verifyToken,
        { token },
        null,
        request,
      );
      if (answer.ok && (answer.value as TokenCheck | null)?.verdict === "rejected")
        return (answer.value as TokenCheck).code;
    } catch {
      // The text below still names a cause.
    }
  }
  const parsed = parseConvexAuthError(message);
  return parsed.recognized ? parsed.code : null;
}

/**
 * Runs `withAuth()` and, when the diagnostics are on, learns what the server knows about this
 * request: whether AuthKit's proxy ran (and what it threw), the redirect URI in effect against
 * the page, `WORKOS_COOKIE_PASSWORD`'s length, `WORKOS_CLIENT_ID`, and Convex's verdict on the
 * token server-side queries send. Hand `diagnostics` to the overlay's `server` prop.
 *
 * Off (production by default), it is `withAuth()` and `diagnostics: null`. On, a `withAuth()`
 * that throws (the page is not covered by the proxy, or the proxy failed) answers `{ user: null }`
 * and the report names the cause, instead of the page failing without one.
 *
 * @example
 * // app/layout.tsx (a server component)
 * const { accessToken, diagnostics } = await withAuthDiagnostics(withAuth, { api: api.authDiagnostics });
 * <ConvexClientProvider expectAuth={!!accessToken} diagnostics={diagnostics}>…
 */
export async function withAuthDiagnostics<T extends WithAuthResultLike>(
  withAuth: () => Promise<T>,
  options: WithAuthDiagnosticsOptions = {},
): Promise<WithAuthDiagnosed<T>> {
  if (!(options.enabled ?? isDevelopment())) return { ...(await withAuth()), diagnostics: null };
  const env = options.env ?? defaultEnv();
  const now = (options.now ?? Date.now)();
  const cookiePassword = env.WORKOS_COOKIE_PASSWORD;
  const secrets = [cookiePassword, env.WORKOS_API_KEY].filter((s): s is string => !!s);

  let auth: T | { user: null; accessToken?: undefined };
  let outcome: WithAuthOutcome;
  try {
    auth = await withAuth();
    const token = auth.accessToken ?? null;
    const decoded = token ? decodeToken(token) : null;
    const exp = decoded?.ok ? decoded.token.claims.exp : undefined;
    outcome = {
      ok: true,
      userId: auth.user ? String(auth.user.id) : null,
      hasToken: token !== null,
      expiresInSeconds: typeof exp === "number" ? exp - Math.floor(now / 1000) : null,
    };
  } catch (e) {
    // Next.js control flow (redirect(), notFound(), dynamic rendering bail-outs) must go on.
    if (isNextControlFlow(e)) throw e;
    const text = describe(e);
    auth = { user: null };
    outcome = { ok: false, error: scrubError(text, secrets), notCovered: isNotCoveredError(text) };
  }

  let h: HeadersLike | null = null;
  try {
    h = await (options.headers ?? nextHeaders)();
  } catch {
    // Outside a request (e.g. at build time): no headers to read.
  }
  const proxyRan = Boolean(h?.get(AUTHKIT_PROXY_HEADER));
  const rawProxyError = proxyRan ? null : (h?.get(PROXY_ERROR_HEADER) ?? null);
  const proxyRedirect = h?.get(AUTHKIT_REDIRECT_URI_HEADER) ?? null;
  const clientId = env.WORKOS_CLIENT_ID || null;
  const facts: NextServerFacts = {
    page: pageOf(h?.get(AUTHKIT_URL_HEADER)),
    proxyRan,
    proxyError: rawProxyError === null ? null : scrubError(safeDecode(rawProxyError), secrets),
    clientId,
    redirectUri: proxyRedirect ?? (env.NEXT_PUBLIC_WORKOS_REDIRECT_URI || null),
    redirectUriSource: proxyRedirect ? "proxy" : "env",
    cookiePasswordLength: cookiePassword ? cookiePassword.length : null,
    withAuth: outcome,
    convex: await checkServerToken(auth.accessToken ?? null, {
      api: options.api,
      convexUrl: options.convexUrl ?? env.NEXT_PUBLIC_CONVEX_URL ?? null,
      clientId,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      now,
    }),
  };
  return { ...auth, diagnostics: buildNextServerReport(facts, now) };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Next.js signals redirects, 404s and dynamic rendering by throwing errors with a `digest`. */
function isNextControlFlow(e: unknown): boolean {
  const digest = (e as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === "string" &&
    (digest.startsWith("NEXT_REDIRECT") ||
      digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") ||
      digest === "NEXT_NOT_FOUND" ||
      digest === "DYNAMIC_SERVER_USAGE" ||
      digest.startsWith("BAILOUT_TO_CLIENT_SIDE_RENDERING"))
  );
}

/** A proxy (`proxy.ts`) or middleware (`middleware.ts`) function. */
export type ProxyFunction = (request: NextRequest, event: NextFetchEvent) => unknown;

/** Options of {@link withProxyDiagnostics}. */
export interface ProxyDiagnosticsOptions {
  /** Default `process.env.NODE_ENV === "development"`. Off, the proxy is returned unchanged. */
  enabled?: boolean;
}

/**
 * Wraps AuthKit's proxy so that, in development, a proxy that throws (a `WORKOS_COOKIE_PASSWORD`
 * shorter than 32 characters, a missing redirect URI, …) does not turn every page into a bare
 * "Internal Server Error": the error is still logged, the request goes on without a session, and
 * {@link withAuthDiagnostics} names the cause on the page.
 *
 * @example
 * // proxy.ts
 * export default withProxyDiagnostics(authkitMiddleware({ eagerAuth: true }));
 */
export function withProxyDiagnostics<P extends ProxyFunction>(
  proxy: P,
  options: ProxyDiagnosticsOptions = {},
): P {
  if (!(options.enabled ?? isDevelopment())) return proxy;
  const wrapped = async (request: NextRequest, event: NextFetchEvent) => {
    try {
      return await proxy(request, event);
    } catch (e) {
      console.error("[convex-authkit-diagnostics] AuthKit's proxy threw:", e);
      const requestHeaders = new Headers(request.headers);
      for (const name of [...requestHeaders.keys()])
        if (name.startsWith("x-convex-authkit-diagnostics-") || name.startsWith("x-workos-"))
          requestHeaders.delete(name);
      requestHeaders.set(PROXY_ERROR_HEADER, encodeURIComponent(scrubError(describe(e))));
      requestHeaders.set(AUTHKIT_URL_HEADER, request.url);
      return NextResponse.next({ request: { headers: requestHeaders } });
    }
  };
  return wrapped as P;
}
