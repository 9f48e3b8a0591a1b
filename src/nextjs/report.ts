/**
 * The server-rendered side of a Next.js app, as data: what the server knew when it rendered a
 * page (`NextServerFacts`), the findings that follow from it and the serializable report handed to
 * the overlay (`NextServerReport`). Pure: no Next.js, no `process.env`, no I/O, so the rules are
 * tested directly and both the server helper and the client overlay can import it.
 *
 * Nothing here holds a token or a secret: the token's verdict and expiry, never the token; the
 * cookie password's length, never the password; page URLs without their query (a `?code=` is a
 * credential).
 */
import { finding } from "../core/catalogue.js";
import { parseConvexAuthError } from "../core/parseError.js";
import { redactSecrets } from "../core/secrets.js";
import type { Finding, FindingCode } from "../core/types.js";
import { parseUrl } from "../core/urls.js";

/** The request header the proxy wrapper sets when AuthKit's proxy threw (its redacted message). */
export const PROXY_ERROR_HEADER = "x-convex-authkit-diagnostics-proxy-error";
/** The request header AuthKit's proxy sets on every request it handled. */
export const AUTHKIT_PROXY_HEADER = "x-workos-middleware";
/** The request header AuthKit's proxy sets to the page's full URL. */
export const AUTHKIT_URL_HEADER = "x-url";
/** The request header AuthKit's proxy sets when it was given a `redirectUri` option. */
export const AUTHKIT_REDIRECT_URI_HEADER = "x-redirect-uri";
/** How `report.kind` marks a Next.js server report. */
export const NEXT_REPORT_KIND = "convex-authkit-diagnostics/nextjs";
/** The length AuthKit for Next.js requires of `WORKOS_COOKIE_PASSWORD`. */
export const MIN_COOKIE_PASSWORD_LENGTH = 32;

/** What `withAuth()` gave the server, without the token. */
export type WithAuthOutcome =
  | {
      ok: true;
      /** The signed-in user's id, or `null`. */
      userId: string | null;
      /** Whether `withAuth()` returned an access token. */
      hasToken: boolean;
      /** Seconds until the token's `exp` by the server's clock; `null` without a token or `exp`. */
      expiresInSeconds: number | null;
    }
  | {
      ok: false;
      /** The redacted error text. */
      error: string;
      /** The error is AuthKit's "isn't covered by the AuthKit middleware". */
      notCovered: boolean;
    };

/** Convex's answer to the token the server sends (`fetchQuery` / `preloadQuery` with it). */
export interface ServerTokenVerdict {
  /** `not-checked`: no token, no deployment URL, or the check was switched off. */
  verdict: "accepted" | "rejected" | "unreachable" | "not-checked";
  /** Convex's own text when it rejected the token, or why the deployment was unreachable. */
  message: string | null;
  /** The cause `verifyToken` named (a `TokenCheckCode`), when it ran. */
  cause: FindingCode | null;
  /** The subject Convex saw when it accepted the token. */
  subject: string | null;
  /**
   * What `diagnoseAuth({ clientId })` reported about the deployment (config lint, client IDs
   * compared with `WORKOS_CLIENT_ID`), so the page's first paint already names them; `null`
   * when it was not asked or did not answer.
   */
  deployment: { configFindings: Finding[]; clientFindings: Finding[] } | null;
}

/** Everything the server helper learned for one request. */
export interface NextServerFacts {
  /** The page (origin and path; the query is dropped) as the proxy recorded it, or `null`. */
  page: string | null;
  /** Whether AuthKit's proxy ran for this request (`x-workos-middleware`). */
  proxyRan: boolean;
  /** The redacted error AuthKit's proxy threw, as the proxy wrapper recorded it. */
  proxyError: string | null;
  /** `WORKOS_CLIENT_ID` of the Next.js server (public). */
  clientId: string | null;
  /** The redirect URI in effect: the proxy's `redirectUri` option, else `NEXT_PUBLIC_WORKOS_REDIRECT_URI`. */
  redirectUri: string | null;
  /** Which of the two `redirectUri` came from. */
  redirectUriSource: "proxy" | "env";
  /** `WORKOS_COOKIE_PASSWORD`'s length, `null` when unset. */
  cookiePasswordLength: number | null;
  /** What `withAuth()` gave. */
  withAuth: WithAuthOutcome;
  /** Convex's answer to the server's token. */
  convex: ServerTokenVerdict;
}

/**
 * The serializable summary the server hands to the overlay (a prop of a client component).
 * Holds no token and no secret.
 */
export interface NextServerReport extends NextServerFacts {
  kind: typeof NEXT_REPORT_KIND;
  /** Server clock, ms since the epoch. */
  generatedAt: number;
  /** The Next.js-specific findings, most important first (the overlay merges them in). */
  findings: Finding[];
}

/** `origin + pathname` of a URL; `null` when it is not one. Drops the query and the fragment. */
export function pageOf(url: string | null | undefined): string | null {
  const parsed = parseUrl(url ?? null);
  return parsed ? `${parsed.origin}${parsed.pathname}` : null;
}

/**
 * An error text safe to show: JWTs, API keys and the given secret values redacted, and every
 * URL cut to origin and path (a `?code=` or `?state=` is a credential).
 */
export function scrubError(text: string, secrets: readonly string[] = []): string {
  const cut = text.replace(/\bhttps?:\/\/[^\s'"`<>]+/g, (url) => pageOf(url) ?? url);
  return redactSecrets(cut, secrets).slice(0, 500);
}

/** AuthKit's words when `withAuth()` runs on a path its proxy did not handle. */
const NOT_COVERED = /isn't covered by the AuthKit middleware/;
/** AuthKit's words for a short or missing cookie password (proxy and iron-session). */
const COOKIE_PASSWORD = /cookie password|Password string too short/i;

/** Whether an error is AuthKit's "`withAuth` on a route the proxy does not cover". */
export function isNotCoveredError(text: string): boolean {
  return NOT_COVERED.test(text);
}

/**
 * `SERVER_TOKEN_REJECTED` with the fix of its cause (like `rejectionFinding` does for the
 * client's `CONVEX_REJECTED`): the cause `verifyToken` named, else the one Convex's text names.
 */
export function serverTokenFinding(serverMessage: string, cause: FindingCode | null): Finding {
  const code = cause ?? parseConvexAuthError(serverMessage).code;
  const rejected = finding("SERVER_TOKEN_REJECTED", { serverMessage, cause: code });
  return code === "UNKNOWN_ERROR_TEXT" ? rejected : { ...rejected, fix: finding(code).fix };
}

/** The path of a URL, without trailing slashes (`/` for the root). */
function pathOf(url: URL): string {
  return url.pathname.replace(/\/+$/, "") || "/";
}

/** The redirect URI against the page: unset, not a URL, another origin, or served by no route handler. */
function redirectFindings(facts: NextServerFacts): Finding[] {
  const name =
    facts.redirectUriSource === "proxy"
      ? "authkitMiddleware({ redirectUri })"
      : "NEXT_PUBLIC_WORKOS_REDIRECT_URI";
  if (facts.redirectUri === null) {
    return facts.redirectUriSource === "env"
      ? [
          finding(
            "ENV_MISSING",
            { name: "NEXT_PUBLIC_WORKOS_REDIRECT_URI", value: "http://localhost:3000/callback" },
            "local",
          ),
        ]
      : [];
  }
  const redirect = parseUrl(facts.redirectUri);
  if (!redirect) return [finding("REDIRECT_URI_INVALID", { name, value: facts.redirectUri })];
  const page = parseUrl(facts.page);
  if (!page) return [];
  if (redirect.origin !== page.origin) {
    return [
      finding(
        "REDIRECT_URI_MISMATCH",
        {
          redirectUri: redirect.href,
          current: page.origin,
          expected: `${page.origin}${redirect.pathname}`,
        },
        "next",
      ),
    ];
  }
  // A route handler (`handleAuth()`) answers the redirect URI with a redirect; this layout
  // rendering there means no route handler serves it (a 404 page, or a page file instead).
  const path = pathOf(redirect);
  if (pathOf(page) === path) {
    return [
      finding(
        "REDIRECT_URI_INVALID",
        { name, value: facts.redirectUri, path },
        path === "/" ? "next-root" : "next-no-route",
      ),
    ];
  }
  return [];
}

/** The findings that follow from what the server knew. Pure. */
export function nextServerFindings(facts: NextServerFacts): Finding[] {
  const out: Finding[] = [];
  const length = facts.cookiePasswordLength;
  if (length === null)
    out.push(
      finding(
        "ENV_MISSING",
        { name: "WORKOS_COOKIE_PASSWORD", value: "<openssl rand -base64 32>" },
        "local",
      ),
    );
  else if (length < MIN_COOKIE_PASSWORD_LENGTH)
    out.push(finding("COOKIE_PASSWORD_TOO_SHORT", { length }));
  if (facts.clientId === null)
    out.push(finding("ENV_MISSING", { name: "WORKOS_CLIENT_ID", value: "client_…" }, "local"));

  const page = parseUrl(facts.page);
  if (facts.proxyError !== null) {
    // A short cookie password is already named above, with its fix.
    if (!(COOKIE_PASSWORD.test(facts.proxyError) && out.length > 0))
      out.push(
        finding("AUTHKIT_SERVER_ERROR", {
          where: "AuthKit's proxy (`authkitMiddleware()`)",
          error: facts.proxyError,
        }),
      );
  } else if (!facts.proxyRan) {
    out.push(
      finding("PROXY_NOT_COVERING", {
        path: page ? pathOf(page) : null,
        error: facts.withAuth.ok ? null : facts.withAuth.error,
      }),
    );
  } else if (!facts.withAuth.ok && !facts.withAuth.notCovered) {
    out.push(
      finding("AUTHKIT_SERVER_ERROR", { where: "`withAuth()`", error: facts.withAuth.error }),
    );
  }

  out.push(...redirectFindings(facts));

  if (facts.convex.verdict === "rejected" && facts.convex.message !== null)
    out.push(serverTokenFinding(facts.convex.message, facts.convex.cause));
  const deployment = facts.convex.deployment;
  if (deployment) out.push(...deployment.configFindings, ...deployment.clientFindings);
  return out;
}

/** Builds the report the overlay receives. */
export function buildNextServerReport(facts: NextServerFacts, now: number): NextServerReport {
  return {
    kind: NEXT_REPORT_KIND,
    generatedAt: now,
    ...facts,
    findings: nextServerFindings(facts),
  };
}

/**
 * The report's findings for the page the browser shows. When the proxy did not run, the server
 * did not know the page's URL: the findings are rebuilt with the browser's (same pure rules).
 */
export function serverFindingsFor(report: NextServerReport | null, page: string | null): Finding[] {
  if (!report) return [];
  if (report.page !== null || page === null) return report.findings;
  return nextServerFindings({ ...report, page });
}

/** Whether a value is a {@link NextServerReport} (the overlay's prop may come from anywhere). */
export function isNextServerReport(value: unknown): value is NextServerReport {
  const r = value as Partial<NextServerReport> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    r.kind === NEXT_REPORT_KIND &&
    Array.isArray(r.findings) &&
    typeof r.generatedAt === "number"
  );
}
