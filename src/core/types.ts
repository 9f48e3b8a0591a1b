/**
 * Public types of the core engine. Everything the component, the React hook, the overlay and
 * the CLI exchange is defined here once.
 */
import type { WorkOSVariant } from "./workos.js";

/** An OIDC provider entry of `convex/auth.config.ts` (`{ domain, applicationID }`). */
export interface OidcProviderConfig {
  type?: undefined;
  domain: string;
  applicationID: string;
}

/** A custom JWT provider entry of `convex/auth.config.ts`. */
export interface CustomJwtProviderConfig {
  type: "customJwt";
  issuer: string;
  jwks: string;
  algorithm: "RS256" | "ES256";
  applicationID?: string;
}

/**
 * One entry of the `providers` array of `convex/auth.config.ts`, exactly as written there.
 * Values of other shapes are accepted everywhere (they become findings, never exceptions).
 */
export type AuthProvider = OidcProviderConfig | CustomJwtProviderConfig;

/** How bad a finding is. `ok` marks a positive confirmation (e.g. `TOKEN_ACCEPTED`). */
export type Severity = "error" | "warning" | "info" | "ok";

/** Evidence values are plain JSON scalars or string lists so every renderer can show them. */
export type EvidenceValue = string | number | boolean | null | string[];

/** A provider as Convex stores it after a push, plus what we could learn about it. */
export interface NormalizedProvider {
  /** Index in the `providers` array as written in `auth.config.ts`. */
  index: number;
  /** Position in the order Convex tries providers (0 = first). `null` if Convex would reject it at push. */
  convexOrder: number | null;
  kind: "oidc" | "customJwt" | "invalid";
  /** The issuer (customJwt) or domain (OIDC) as Convex stores it (`https://` added when scheme-less). */
  issuer: string | null;
  applicationID: string | null;
  jwks: string | null;
  algorithm: string | null;
  /** The WorkOS client ID this provider refers to (from its issuer or JWKS URL), if it is a WorkOS provider. */
  workosClientId: string | null;
  /** Which WorkOS issuer variant this is, if any. */
  workosVariant: WorkOSVariant | null;
  /** How Convex names it in the NoAuthProvider message, e.g. `CustomJWT(issuer=…, app_id=none)`. */
  label: string;
  /** Why Convex would refuse this provider at push time, if it would. */
  invalidReason: string | null;
}

/** One thing the engine noticed, with its catalogue text already filled in. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  title: string;
  /** Explanation specialized with the evidence. */
  message: string;
  /** What to do about it. */
  fix: string;
  docs: string | null;
  /** Facts behind the finding. Never contains a raw token, signature or secret. */
  evidence: Record<string, EvidenceValue>;
}

/** Stable codes `checkToken` returns as its primary reason. */
export const TOKEN_CHECK_CODES = [
  "TOKEN_ACCEPTED",
  "TOKEN_MALFORMED",
  "ISSUER_MISSING",
  "NO_PROVIDERS",
  "ISSUER_MISMATCH",
  "AUDIENCE_MISSING",
  "AUDIENCE_MISMATCH",
  "JWKS_UNAVAILABLE",
  "OIDC_DISCOVERY_FAILED",
  "KEY_ID_MISSING",
  "KEY_NOT_FOUND",
  "ALGORITHM_MISMATCH",
  "SIGNATURE_INVALID",
  "TOKEN_EXPIRED",
  "TOKEN_NOT_YET_VALID",
  "CLAIM_MISSING",
  "MULTIPLE_AUDIENCES",
  "TOKEN_UNVERIFIED",
] as const;
export type TokenCheckCode = (typeof TOKEN_CHECK_CODES)[number];

/** Every finding code. Token codes come first; the rest are client, server, config and CLI codes. */
export const FINDING_CODES = [
  ...TOKEN_CHECK_CODES,
  // per-provider explanation attached by checkToken
  "PROVIDER_NOT_MATCHED",
  // client / AuthKit
  "AUTHKIT_LOADING",
  "AUTHKIT_SIGNED_OUT",
  "AUTHKIT_CALLBACK_ERROR",
  "CODE_EXCHANGE_FAILED",
  "REDIRECT_URI_MISMATCH",
  "ACCESS_TOKEN_UNAVAILABLE",
  "AUTHKIT_USER_STALE",
  "REFRESH_COOKIE_BLOCKED",
  "AUTHKIT_UNAVAILABLE",
  // client <-> server
  "NO_TOKEN_SENT",
  "CLIENT_ID_MISMATCH",
  "CLIENT_ID_INVALID",
  "CONFIG_NOT_DEPLOYED",
  "ENV_MISSING",
  "CLOCK_SKEW",
  "CONVEX_UNREACHABLE",
  "CONVEX_AUTH_PENDING",
  "CONVEX_REJECTED",
  "FORCE_REFRESH_IGNORED",
  "IDENTITY_MISMATCH",
  "CONVEX_GOT_NO_TOKEN",
  "CAUSE_UNKNOWN",
  "SERVER_REPORT_UNAVAILABLE",
  "AUTHENTICATED",
  // config lint
  "CONFIG_INVALID",
  "CONFIG_PLACEHOLDER",
  "CONFIG_AUDIENCE_NEVER_SENT",
  "CONFIG_JWKS_CLIENT_MISMATCH",
  "CONFIG_UNSUPPORTED_ALGORITHM",
  "CONFIG_HTTP_ISSUER",
  "CONFIG_NO_WORKOS_PROVIDER",
  "CONFIG_WORKOS_AS_OIDC",
  "CONFIG_ISSUER_VARIANT_MISSING",
  // CLI / tooling errors
  "PLATFORM_NOT_AUTHORIZED",
  "AUTH_CONFIG_ENV_UNSET",
  "AUTH_CONFIG_UNREADABLE",
  "DEPLOYMENT_ENV_UNAVAILABLE",
  "PROJECT_FILE_UNREADABLE",
  "REFRESH_TOKEN_MISSING",
  "COOKIE_PASSWORD_TOO_SHORT",
  "REDIRECT_URI_INVALID",
  "UNKNOWN_ERROR_TEXT",
  "NOT_ENOUGH_DATA",
  // HTTP API errors around authentication
  "AUTH_HEADER_INVALID",
  "CONVEX_INTERNAL_ERROR",
  // client <-> server, appended
  "DEPLOYMENT_CLIENT_ID_INVALID",
  // client / AuthKit, added later
  "CODE_EXCHANGE_BLOCKED",
  // Next.js (@workos-inc/authkit-nextjs) and session-based AuthKit adapters
  "PROXY_NOT_COVERING",
  "AUTHKIT_SERVER_ERROR",
  "SERVER_TOKEN_REJECTED",
  // doctor: the project's tooling and WorkOS environment
  "NODE_TOO_OLD_FOR_CONVEX",
  "AUTHKIT_CONFIG_INVALID",
  "AUTHKIT_TEMPLATE_INVALID",
  "AUTHKIT_BUILD_ENV_UNSET",
  "AUTHKIT_PORT_MISMATCH",
  "AUTHKIT_REDIRECT_NOT_CONFIGURED",
  "AUTHKIT_CORS_ORIGIN_MISSING",
  "AUTHKIT_LOCAL_ENV_DIFFERS",
  "WORKOS_LIVE_UNAVAILABLE",
  "WORKOS_CLIENT_ID_FOREIGN",
  "WORKOS_REDIRECT_URI_NOT_REGISTERED",
  "WORKOS_CORS_ORIGIN_NOT_ALLOWED",
  "WORKOS_CONFIG_NOT_APPLIED",
  "WORKOS_JWKS_KID_NOT_SERVED",
  // doctor: the app's TypeScript build
  "AUTH_CONFIG_PROCESS_UNTYPED",
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** The minimal `fetch` checkToken needs; any WHATWG-compatible fetch fits. */
export type FetchLike = (
  url: string,
  init?: { headers?: Record<string, string> },
) => Promise<Response>;

/** Options of {@link checkToken}. */
export interface CheckTokenOptions {
  /** The clock to judge `exp`/`nbf`/`iat` by, in ms since the epoch. Default `Date.now()`. */
  now?: number;
  /** Used for JWKS URLs and OIDC discovery. Default: global `fetch`. `null`: never fetch. */
  fetch?: FetchLike | null;
  /** Predict the shortened message a production deployment returns. */
  redactErrors?: boolean;
  /**
   * `"websocket"` (default, what `ConvexReactClient` uses) or `"http"` (`/api/query` etc.).
   * They differ for a token within the 5 s leeway after `exp`: the WebSocket rejects it.
   */
  transport?: "websocket" | "http";
  /**
   * Each provider's position in `auth.config.ts`, when `providers` is not the whole file (e.g.
   * rebuilt from `diagnoseAuth`'s report): findings then number providers as the file does.
   */
  providerIndexes?: readonly number[];
  /** Cache for fetched JWKS / discovery documents. Default: a module-wide cache. */
  cache?: DocumentCache;
  /**
   * `true` when `fetch` goes out from the Convex deployment itself (as in `verifyToken`): a
   * URL that cannot be reached is then what Convex meets too, and the verdict is `rejected` with
   * Convex's text. Default `false`: the checker's network is not Convex's, so an unreachable
   * URL leaves the token `unverified` (`TOKEN_UNVERIFIED`, variant `unreachable`).
   */
  fetchesAsConvex?: boolean;
}

/** What `ctx.auth.getUserIdentity()` would return. */
export interface PredictedIdentity {
  tokenIdentifier: string;
  subject: string;
  issuer: string;
  [claim: string]: unknown;
}

/** The result of {@link checkToken}. */
export interface TokenCheck {
  verdict: "accepted" | "rejected" | "unverified";
  /** Primary reason; `TOKEN_ACCEPTED` when accepted. */
  code: TokenCheckCode;
  /** Index in the given `providers` of the provider Convex would pick. */
  providerIndex: number | null;
  /** The exact error text Convex would return; `null` when accepted. */
  convexMessage: string | null;
  /** The short error code Convex puts in HTTP 401 bodies (`NoAuthProvider`, `InvalidAuthHeader`, …). */
  convexCode: string | null;
  identity: PredictedIdentity | null;
  /** Everything noticed, most important first; includes why each provider did not match. */
  findings: Finding[];
}

/** A cache of fetched documents (JWKS and OIDC discovery), keyed by URL. */
export interface DocumentCache {
  get(url: string, now: number): CachedDocument | undefined;
  set(url: string, doc: CachedDocument): void;
  clear(): void;
}

/** A fetched document (or the failure to get it) plus when it stops being fresh. */
export interface CachedDocument {
  value: unknown;
  expiresAt: number;
}

/** Why a document could not be used, in Convex's terms. */
export interface FetchFailure {
  kind: "network" | "status" | "content-type" | "body" | "data-url";
  message: string;
  status?: number;
  contentType?: string;
  /** The request got no answer at all (DNS, connection, TLS) from where the checker runs. */
  unreachable?: boolean;
}

// ── diagnose() ─────────────────────────────────────────────────────────────────────────

/** An auth env var as the server reports it: presence always, the value only for public ones. */
export interface EnvVarReport {
  name: string;
  set: boolean;
  /** The value, only for public values such as `WORKOS_CLIENT_ID`; otherwise `null`. */
  value: string | null;
  /** Length of a secret value (never the value itself); `null` when unset or public. */
  length: number | null;
}

/** What the `diagnoseAuth` query returns: the server's side of the story. */
export interface ServerReport {
  /**
   * One line to read first in the dashboard or `npx convex run` (Convex shows fields in
   * alphabetical order, so it is named to come first): who the caller is, and the first config,
   * env or client-ID problem with its code (see `serverSummary`).
   */
  answer: string;
  /** `ctx.auth.getUserIdentity()` of the caller, or `null`. */
  identity: Record<string, unknown> | null;
  /** The app's `auth.config.ts` providers, normalized, in the order Convex tries them. */
  providers: NormalizedProvider[];
  env: EnvVarReport[];
  /** Lint of the providers (placeholders, `applicationID` WorkOS never satisfies, …). */
  configFindings: Finding[];
  /** Findings of comparing the caller's `clientId` with the deployment (`CLIENT_ID_MISMATCH`, …). */
  clientFindings: Finding[];
  /** Server clock, ms since the epoch. */
  serverTime: number;
  /** `process.env.CONVEX_CLOUD_URL` of the deployment, when known. */
  convexUrl: string | null;
  /** Version of convex-authkit-diagnostics on the server. */
  version: string;
}

/** Why `getAccessToken()` gave no token (AuthKit's error, as far as it tells). */
export interface AccessTokenFailure {
  ok: false;
  errorName: string;
  errorMessage: string;
  /**
   * Whether the failure may pass on its own (AuthKit's `RefreshError.isTransient`, a lock
   * timeout, a network error); `null` when unknown.
   */
  transient?: boolean | null;
  /** The HTTP status of a failed refresh (`RefreshError.status`), when AuthKit gave one. */
  status?: number | null;
}

/** The settings the app gives `<AuthKitProvider>`, as far as the diagnostics know them. */
export interface AuthKitSettings {
  /** The WorkOS client ID the app signs in with (the `clientId` of `<AuthKitProvider>`). */
  clientId?: string | null;
  /** The `redirectUri` given to `<AuthKitProvider>`. */
  redirectUri?: string | null;
  /** The `apiHostname` given to `<AuthKitProvider>` (default `api.workos.com`). */
  apiHostname?: string | null;
  /** The `devMode` given to `<AuthKitProvider>`; `undefined` = AuthKit's default. */
  devMode?: boolean | null;
  /** The `https` given to `<AuthKitProvider>` (default `true`). */
  https?: boolean | null;
  /** The `port` given to `<AuthKitProvider>` (default: the scheme's). */
  port?: number | null;
  /**
   * The env var the app reads its client ID from, for fixes (default `VITE_WORKOS_CLIENT_ID`;
   * `NEXT_PUBLIC_WORKOS_CLIENT_ID` or `WORKOS_CLIENT_ID` in Next.js apps).
   */
  clientIdVariable?: string | null;
}

/** AuthKit's state as the client sees it (from `useAuth()` or an adapter). */
export interface AuthKitState extends AuthKitSettings {
  isLoading: boolean;
  /** The signed-in user's id (`user.id`), or `null` when signed out. */
  userId: string | null;
  organizationId?: string | null;
  /** The outcome of the last `getAccessToken()` call. */
  accessToken?: { ok: true; token: string } | AccessTokenFailure | null;
}

/** `useConvexAuth()` plus what the captured client log revealed. */
export interface ConvexAuthState {
  isLoading: boolean;
  isAuthenticated: boolean;
  /** Whether the Convex client was ever handed a token (false: no `ConvexProviderWithAuth` wiring). */
  tokenSent?: boolean | null;
  /**
   * Whether the app's `fetchAccessToken` last gave the Convex client no token (the client logs
   * `refetching token failed` and treats it as a sign-out).
   */
  noTokenFromApp?: boolean | null;
  /** Whether the same token came back after `forceRefreshToken: true`. */
  sameTokenAfterForceRefresh?: boolean | null;
  /** Whether the WebSocket connection is up. */
  connected?: boolean | null;
  /**
   * Whether a `ConvexProviderWithAuth` (or a wrapper around it) is above, so Convex asks the
   * app's `fetchAccessToken` for tokens. With it, "no token sent" means that function returned none.
   */
  providerWithAuth?: boolean | null;
}

/** Everything `diagnose()` can use. Every part is optional. */
export interface DiagnoseInput {
  authKit?: AuthKitState | null;
  /** The access token (held in memory only; never rendered). */
  token?: string | null;
  /** The providers to check the token against (the app's `auth.config.ts`), if known client-side. */
  providers?: unknown;
  /** A finished `checkToken` result, when the caller already ran one (e.g. `verifyToken` on the server). */
  tokenCheck?: TokenCheck | null;
  /** The page URL (for `?error=` / `?code=` and redirect URI checks). */
  pageUrl?: string | null;
  convex?: ConvexAuthState | null;
  /** The server report from `diagnoseAuth`, or why it could not be read. */
  server?: ServerReport | { error: string } | null;
  /** Auth error texts the Convex client logged or the HTTP probe returned, oldest first. */
  serverErrors?: readonly string[];
  /** Client clock, ms since the epoch. Default `Date.now()`. */
  clientTime?: number;
  /** Client clock when the server report arrived (for clock skew); default `clientTime`. */
  serverReportReceivedAt?: number;
  /** Findings a shell computed itself (built with `finding()`), e.g. `AUTHKIT_UNAVAILABLE`. */
  extraFindings?: readonly Finding[];
  /** The browser's own check of AuthKit's code exchange endpoint, made after a code stayed unexchanged. */
  codeExchange?: CodeExchangeCheck | null;
}

/**
 * Whether the page can call AuthKit's code exchange endpoint at all: a request shaped like
 * AuthKit's (CORS, JSON) and, if that fails, a plain `no-cors` request to the same API origin.
 */
export interface CodeExchangeCheck {
  /** The page's origin, where both requests were made from. */
  origin: string;
  /** The endpoint AuthKit exchanges codes at (`https://api.workos.com/user_management/authenticate`). */
  endpoint: string;
  /**
   * `answered`: WorkOS answered the CORS request (whatever the status), so the exchange could be
   * made; `blocked`: it failed while the no-cors request got through (CORS refuses this origin);
   * `unreachable`: both failed (network, wrong host).
   */
  outcome: "answered" | "blocked" | "unreachable";
}

/** Decoded token facts safe to show: header and claims, never the signature. */
export interface TokenSummary {
  header: Record<string, unknown> | null;
  claims: Record<string, unknown>;
  /** Seconds until `exp` by the client clock (negative: expired). */
  expiresInSeconds: number | null;
}

/** The result of `diagnose()`: one headline and every finding, most likely root cause first. */
export interface Diagnosis {
  /** The most likely root cause and its fix. */
  headline: Finding;
  findings: Finding[];
  /** `true` when Convex is (or would be) authenticated and nothing is wrong. */
  ok: boolean;
  token: TokenSummary | null;
  tokenCheck: TokenCheck | null;
  generatedAt: number;
}
