import { compareFindings, finding } from "./catalogue.js";
import { checkToken } from "./checkToken.js";
import { CLIENT_ID_CODES, compareClientIds, keyNotFoundFinding } from "./clientIds.js";
import { decodeToken } from "./jwt.js";
import { parseConvexAuthError, rejectionFinding } from "./parseError.js";
import type {
  AuthProvider,
  DiagnoseInput,
  Diagnosis,
  EvidenceValue,
  FetchLike,
  Finding,
  NormalizedProvider,
  ServerReport,
  TokenCheck,
  TokenSummary,
} from "./types.js";
import { parseUrl } from "./urls.js";
import { isWorkOSClientId, tokenClientId } from "./workos.js";

/** Above this difference between the client's and the server's clock, `CLOCK_SKEW` is reported. */
export const CLOCK_SKEW_THRESHOLD_MS = 10_000;

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  /** Fetch for JWKS when the token is checked client-side; default `null` (no network: matching and time checks only). */
  fetch?: FetchLike | null;
}

/** Turns normalized providers (as `diagnoseAuth` reports them) back into `auth.config.ts` entries. */
export function toAuthProviders(providers: NormalizedProvider[]): AuthProvider[] {
  return providers.flatMap((p): AuthProvider[] => {
    if (p.kind === "oidc")
      return [{ domain: p.issuer ?? "", applicationID: p.applicationID ?? "" }];
    if (p.kind !== "customJwt") return [];
    return [
      {
        type: "customJwt",
        issuer: p.issuer ?? "",
        jwks: p.jwks ?? "",
        algorithm: (p.algorithm ?? "RS256") as "RS256" | "ES256",
        ...(p.applicationID !== null ? { applicationID: p.applicationID } : {}),
      },
    ];
  });
}

/** The providers a report lists that Convex would store (the ones `toAuthProviders` keeps). */
function usable(providers: NormalizedProvider[]): NormalizedProvider[] {
  return providers.filter((p) => p.kind === "oidc" || p.kind === "customJwt");
}

function isServerReport(server: DiagnoseInput["server"]): server is ServerReport {
  return (
    typeof server === "object" &&
    server !== null &&
    Array.isArray((server as ServerReport).providers)
  );
}

/** `?error=` and unexchanged `?code=` on the page, and a redirect URI on another origin. */
function pageFindings(input: DiagnoseInput): Finding[] {
  const page = parseUrl(input.pageUrl);
  if (!page) return [];
  const out: Finding[] = [];
  const error = page.searchParams.get("error");
  if (error) {
    // The wording is chosen by the `error` value; unknown values get the generic fix.
    // AuthKit's redirect URI is its `redirectUri` prop, or the page's origin by default.
    const redirectUri = input.authKit?.redirectUri || `${page.origin}/`;
    out.push(
      finding(
        "AUTHKIT_CALLBACK_ERROR",
        { error, description: page.searchParams.get("error_description"), redirectUri },
        error,
      ),
    );
  }
  const redirect = parseUrl(input.authKit?.redirectUri ?? null);
  if (redirect && redirect.origin !== page.origin) {
    out.push(
      finding("REDIRECT_URI_MISMATCH", {
        redirectUri: redirect.href,
        current: page.origin,
        expected: `${page.origin}${redirect.pathname}`,
      }),
    );
  }
  const signedIn = input.authKit?.userId != null;
  if (page.searchParams.has("code") && input.authKit && !input.authKit.isLoading && !signedIn) {
    const mismatch =
      redirect && redirect.origin !== page.origin
        ? "origin-mismatch"
        : redirect && redirect.pathname !== page.pathname
          ? "path-mismatch"
          : // AuthKit's default redirect URI is the page's own origin.
            "same-origin";
    out.push(
      unexchangedCode(
        input,
        {
          redirectOrigin: redirect?.origin ?? null,
          pageOrigin: page.origin,
          redirectPath: redirect?.pathname ?? null,
          pagePath: page.pathname,
          mismatch,
        },
        mismatch,
      ),
    );
  }
  return out;
}

/**
 * Why a code stayed unexchanged: `CODE_EXCHANGE_BLOCKED` when the browser's own check found
 * that the page cannot call the exchange endpoint at all (CORS, network), else
 * `CODE_EXCHANGE_FAILED` (a missing PKCE verifier or a refused code). Across origins the
 * verifier is missing whatever the endpoint says, so the check does not count there.
 */
function unexchangedCode(
  input: DiagnoseInput,
  evidence: Record<string, EvidenceValue>,
  mismatch: string,
): Finding {
  const check = input.codeExchange;
  if (check && check.outcome !== "answered" && mismatch !== "origin-mismatch") {
    const apiOrigin = parseUrl(check.endpoint)?.origin ?? check.endpoint;
    return finding(
      "CODE_EXCHANGE_BLOCKED",
      { origin: check.origin, endpoint: check.endpoint, apiOrigin },
      check.outcome === "unreachable" ? "unreachable" : undefined,
    );
  }
  return finding("CODE_EXCHANGE_FAILED", evidence, mismatch);
}

function authKitFindings(input: DiagnoseInput): Finding[] {
  const a = input.authKit;
  if (!a) return [];
  const out: Finding[] = [];
  if (a.isLoading) out.push(finding("AUTHKIT_LOADING"));
  else if (a.userId == null) out.push(finding("AUTHKIT_SIGNED_OUT"));
  if (typeof a.clientId === "string" && isUnsetValue(a.clientId)) {
    out.push(appClientIdMissing(input));
  }
  const tokenError = a.accessToken && !a.accessToken.ok ? a.accessToken : null;
  const transient = tokenError?.transient === true;
  // A failure that may pass says nothing yet about the session; any other means it ended.
  if (tokenError && !transient && a.userId != null) {
    out.push(finding("AUTHKIT_USER_STALE", { userId: a.userId }));
  }
  // Signed out, "login required" is the expected answer, not a problem.
  if (tokenError && (a.userId != null || tokenError.errorName !== "LoginRequiredError")) {
    const { errorName, errorMessage } = tokenError;
    out.push(
      finding(
        "ACCESS_TOKEN_UNAVAILABLE",
        { errorName, errorMessage, status: tokenError.status ?? null },
        transient ? "transient" : undefined,
      ),
    );
  }
  if (a.devMode === false && (a.apiHostname ?? "api.workos.com") === "api.workos.com") {
    out.push(finding("REFRESH_COOKIE_BLOCKED", { apiHostname: a.apiHostname ?? "api.workos.com" }));
  }
  return out;
}

/** `checkToken` findings that are details of its verdict, not causes of their own. */
const CHECK_DETAIL_CODES = new Set<Finding["code"]>(["TOKEN_UNVERIFIED", "PROVIDER_NOT_MATCHED"]);

/** A finding that can explain why Convex is not authenticated (not a note, not a confirmation). */
function isCause(f: Finding): boolean {
  return f.severity === "error" || f.severity === "warning";
}

/**
 * `CAUSE_UNKNOWN`: Convex says no and nothing known explains it. Lists what was checked and the
 * evidence that would settle it, so the answer is honest rather than calm.
 */
function causeUnknown(
  input: DiagnoseInput,
  report: ServerReport | null,
  check: TokenCheck | null,
): Finding {
  const checked: string[] = [];
  const missing: string[] = [];
  if (input.authKit) checked.push("AuthKit's state");
  if (input.pageUrl) checked.push("the page URL");
  if (check) checked.push(`the access token against the deployed providers (${check.verdict})`);
  else if (input.token || input.authKit?.accessToken?.ok) checked.push("the access token");
  if (report) checked.push("the deployment's report (`diagnoseAuth`)");
  if (input.serverErrors?.length) checked.push("the server's rejection text");
  if (!input.authKit)
    missing.push("AuthKit's state: render the diagnostics inside `<AuthKitProvider>`");
  if (!report) {
    missing.push(
      "the deployment's report: re-export `diagnoseAuth` from `convex/authDiagnostics.ts` and pass `api.authDiagnostics`",
    );
  }
  if (!input.serverErrors?.length) {
    missing.push(
      "the server's rejection text: pass `createAuthDiagnosticsLogger()` to `new ConvexReactClient(url, { logger })`",
    );
  }
  if (check?.verdict !== "rejected" && (input.token || input.authKit?.accessToken?.ok)) {
    missing.push("the server's own check of the token: re-export `verifyToken`");
  }
  if (missing.length === 0)
    missing.push("a copy of this report (`Copy report`) in a support thread");
  return finding("CAUSE_UNKNOWN", {
    checked: checked.length ? checked : ["nothing yet"],
    missing,
  });
}

/** What an unset env var looks like once a bundler has inlined it. */
function isUnsetValue(value: string): boolean {
  return value.trim() === "" || value === "undefined" || value === "null";
}

/** `ENV_MISSING` for the client ID the app gives AuthKit, naming the deployment's when known. */
function appClientIdMissing(input: DiagnoseInput): Finding {
  const report = isServerReport(input.server) ? input.server : null;
  const deployed = report?.env.find((e) => e.name === "WORKOS_CLIENT_ID")?.value ?? null;
  return finding(
    "ENV_MISSING",
    {
      name: input.authKit?.clientIdVariable ?? "VITE_WORKOS_CLIENT_ID",
      place: "local",
      value: deployed ?? "<your WorkOS client ID>",
    },
    "app-client-id",
  );
}

function summarize(token: string, clientTime: number): TokenSummary | null {
  const decoded = decodeToken(token);
  if (!decoded.ok) return null;
  const exp = decoded.token.claims.exp;
  return {
    header: decoded.token.header,
    claims: decoded.token.payload,
    expiresInSeconds: exp === undefined ? null : exp - Math.floor(clientTime / 1000),
  };
}

/** The app's and the deployment's client IDs, as far as they are known. */
function knownClientIds(
  input: DiagnoseInput,
  report: ServerReport | null,
): { appClientId: string | null; deploymentClientId: string | null } {
  const env = report?.env.find((e) => e.name === "WORKOS_CLIENT_ID");
  return {
    appClientId: input.authKit?.clientId ?? null,
    deploymentClientId: env?.set ? env.value : null,
  };
}

/**
 * A customJwt `KEY_NOT_FOUND` reworded with what only `diagnose()` knows (the app's and the
 * deployment's client IDs): when every client ID agrees, the `same-client` wording. Other
 * findings, and the OIDC variants (no `jwks` evidence), are returned as they are.
 */
function withKeyClientFacts(
  f: Finding,
  input: DiagnoseInput,
  report: ServerReport | null,
  summary: TokenSummary | null,
): Finding {
  // ISSUER_MISMATCH's fix spells out the docs' provider for the client: the token's issuer
  // names it, else the app signs in with it.
  if (f.code === "ISSUER_MISMATCH" && !f.evidence.clientId) {
    const appClientId = input.authKit?.clientId;
    const clientId =
      tokenClientId(summary?.claims.iss) ??
      (appClientId && isWorkOSClientId(appClientId) ? appClientId : null);
    const iss =
      f.evidence.iss ?? (typeof summary?.claims.iss === "string" ? summary.claims.iss : null);
    return clientId || iss ? finding("ISSUER_MISMATCH", { ...f.evidence, iss, clientId }) : f;
  }
  if (f.code !== "KEY_NOT_FOUND" || typeof f.evidence.jwks !== "string") return f;
  const { clientId: _c, clientIdSources: _s, ...evidence } = f.evidence;
  return keyNotFoundFinding(evidence, {
    issuer: summary?.claims.iss,
    jwks: f.evidence.jwks,
    ...knownClientIds(input, report),
  });
}

/** The JWKS URL of the provider a token check picked, from the providers it was checked against. */
function pickedJwks(
  check: TokenCheck | null,
  providers: AuthProvider[] | undefined,
  indexes: number[] | undefined,
): string | null {
  if (check?.providerIndex == null || !providers) return null;
  const at = indexes ? indexes.indexOf(check.providerIndex) : check.providerIndex;
  const p = providers[at] as { type?: unknown; jwks?: unknown } | undefined;
  return p?.type === "customJwt" && typeof p.jwks === "string" ? p.jwks : null;
}

const NO_MATCH_CODES = new Set([
  "ISSUER_MISMATCH",
  "AUDIENCE_MISSING",
  "AUDIENCE_MISMATCH",
  "NO_PROVIDERS",
]);

/** Client ↔ server comparisons: env, client IDs, whether the deployed config accepts this app's tokens. */
function serverFindings(
  input: DiagnoseInput,
  report: ServerReport,
  summary: TokenSummary | null,
  check: TokenCheck | null,
): Finding[] {
  const clientId = input.authKit?.clientId ?? tokenClientId(summary?.claims.iss);
  // Without the app's client ID the server's own comparison (made with the `clientId` the hook
  // passed to diagnoseAuth, if any) is the best there is; with it, the same rule runs here.
  if (!clientId) return [...report.configFindings, ...report.clientFindings];
  const env = report.env.find((e) => e.name === "WORKOS_CLIENT_ID");
  const compared = compareClientIds({
    appClientId: clientId,
    // Set but withheld (the server hides a value that is not a client ID, e.g. an API key, and
    // says so with DEPLOYMENT_CLIENT_ID_INVALID): unknown here, never "unset".
    deploymentClientId: env === undefined ? undefined : !env.set ? null : (env.value ?? undefined),
    providers: report.providers,
    // Provider URLs built from that withheld value carry the redaction marker instead of an ID.
    isUnknownClientId: (id) => id.startsWith("[redacted"),
    noProviderMatched: check !== null && NO_MATCH_CODES.has(check.code),
  });
  const serverOwn = report.clientFindings.filter(
    (f) => !(CLIENT_ID_CODES as readonly string[]).includes(f.code),
  );
  return [...report.configFindings, ...serverOwn, ...compared];
}

/** `CONVEX_GOT_NO_TOKEN`, worded by what AuthKit says about the token now. */
function noTokenFromApp(input: DiagnoseInput): Finding {
  const token = input.authKit?.accessToken;
  if (token && !token.ok) {
    const { errorName, errorMessage } = token;
    const status = token.status ?? null;
    return finding("CONVEX_GOT_NO_TOKEN", { errorName, errorMessage, status }, "refresh-failed");
  }
  // AuthKit has a token now that Convex found none: it arrived after Convex asked.
  if (token?.ok || input.token) return finding("CONVEX_GOT_NO_TOKEN", {}, "pending");
  return finding("CONVEX_GOT_NO_TOKEN");
}

function clockFindings(
  input: DiagnoseInput,
  report: ServerReport | null,
  clientTime: number,
): Finding[] {
  if (!report) return [];
  const receivedAt = input.serverReportReceivedAt ?? clientTime;
  const skewMs = receivedAt - report.serverTime;
  if (Math.abs(skewMs) <= CLOCK_SKEW_THRESHOLD_MS) return [];
  return [
    finding(
      "CLOCK_SKEW",
      { seconds: Math.round(Math.abs(skewMs) / 1000), skewMs },
      skewMs > 0 ? undefined : "behind",
    ),
  ];
}

function convexFindings(
  input: DiagnoseInput,
  report: ServerReport | null,
  summary: TokenSummary | null,
  check: TokenCheck | null,
  jwks: string | null,
): Finding[] {
  const c = input.convex;
  const out: Finding[] = [];
  const hasToken = Boolean(input.token) || (input.authKit?.accessToken?.ok ?? false);
  const lastError = input.serverErrors?.length
    ? input.serverErrors[input.serverErrors.length - 1]
    : undefined;
  if (c?.isAuthenticated) {
    const sub = summary?.claims.sub;
    out.push(finding("AUTHENTICATED", { subject: typeof sub === "string" ? sub : null }));
    const serverSubject = report?.identity?.subject;
    const clientSubject = input.authKit?.userId ?? (typeof sub === "string" ? sub : null);
    if (typeof serverSubject === "string" && clientSubject && serverSubject !== clientSubject) {
      out.push(finding("IDENTITY_MISMATCH", { clientSubject, serverSubject }));
    }
    return out;
  }
  if (c && c.connected === false) out.push(finding("CONVEX_UNREACHABLE"));
  // The token the app holds is one Convex rejects (the token check, or the deployment's probe):
  // a round in which the client sent no token (its refetch after the rejection) is then not the
  // cause, and "Convex got no token from the app" would blame a token bridge that works. Seen
  // under `next dev`, where the rejection text can reach another logger than the overlay's.
  const rejectedNow = check?.verdict === "rejected";
  if (c && c.noTokenFromApp && !rejectedNow) out.push(noTokenFromApp(input));
  if (c && hasToken && c.tokenSent === false && !rejectedNow)
    // With ConvexProviderWithAuth in place, its fetchAccessToken returned no token.
    out.push(
      c.providerWithAuth ? finding("CONVEX_GOT_NO_TOKEN", {}, "pending") : finding("NO_TOKEN_SENT"),
    );
  if (lastError !== undefined) {
    const parsed = parseConvexAuthError(lastError);
    if (parsed.convexMessage !== null) {
      const cause = check && check.verdict === "rejected" ? check.code : parsed.code;
      const causeFinding =
        check?.findings.find((f) => f.code === cause) ??
        // Only the server's text names the kid yet: word it with the client IDs known here.
        (cause === "KEY_NOT_FOUND"
          ? finding("KEY_NOT_FOUND", { kid: parsed.details.kid ?? null, jwks })
          : cause === "ISSUER_MISMATCH"
            ? finding("ISSUER_MISMATCH")
            : undefined);
      out.push(
        rejectionFinding(
          parsed.convexMessage,
          causeFinding ? withKeyClientFacts(causeFinding, input, report, summary) : cause,
        ),
      );
    } else {
      out.push(parsed.finding);
    }
  } else if (c && c.isLoading && hasToken && c.tokenSent !== false) {
    out.push(finding("CONVEX_AUTH_PENDING"));
  }
  if (c?.sameTokenAfterForceRefresh) out.push(finding("FORCE_REFRESH_IGNORED"));
  return out;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Combines everything known about a sign-in (AuthKit state, token, page URL, Convex auth state,
 * the server report, captured server errors, clocks) into ranked findings with one headline:
 * the most likely root cause and its fix. Every input is optional; never throws.
 *
 * @example
 * const diagnosis = await diagnose({ authKit, token, convex: { isLoading, isAuthenticated }, server: report });
 * console.log(diagnosis.headline.title, diagnosis.headline.fix);
 */
export async function diagnose(
  input: DiagnoseInput = {},
  options: DiagnoseOptions = {},
): Promise<Diagnosis> {
  let clientTime = Date.now();
  try {
    // Even reading the input may throw (getters, proxies): everything happens inside the try.
    const given: DiagnoseInput = typeof input === "object" && input !== null ? { ...input } : {};
    if (typeof given.clientTime === "number" && Number.isFinite(given.clientTime))
      clientTime = given.clientTime;
    return await diagnoseUnsafe(
      { ...given, clientTime },
      typeof options === "object" && options !== null ? { ...options } : {},
      clientTime,
    );
  } catch (e) {
    const f = finding("NOT_ENOUGH_DATA", { detail: e instanceof Error ? e.message : String(e) });
    return {
      headline: f,
      findings: [f],
      ok: false,
      token: null,
      tokenCheck: null,
      generatedAt: clientTime,
    };
  }
}

async function diagnoseUnsafe(
  input: DiagnoseInput,
  options: DiagnoseOptions,
  clientTime: number,
): Promise<Diagnosis> {
  const report = isServerReport(input.server) ? input.server : null;
  const token =
    typeof input.token === "string" && input.token
      ? input.token
      : input.authKit?.accessToken?.ok
        ? input.authKit.accessToken.token
        : null;
  // Judge the token by the server's clock when we know it, against the deployed providers.
  const skewMs = report ? report.serverTime - (input.serverReportReceivedAt ?? clientTime) : 0;
  const summary = token ? summarize(token, clientTime + skewMs) : null;
  let check = input.tokenCheck ?? null;
  // The report's providers are a subset of auth.config.ts: keep the file's numbering.
  const deployed = input.providers === undefined && report ? usable(report.providers) : null;
  const providers = input.providers ?? (deployed ? toAuthProviders(deployed) : undefined);
  const providerIndexes = deployed?.map((p) => p.index);
  if (!check && token && providers !== undefined) {
    check = await checkToken(token, providers, {
      fetch: options.fetch ?? null,
      now: clientTime + skewMs,
      providerIndexes,
    });
  }

  const findings: Finding[] = [
    ...pageFindings(input),
    ...authKitFindings(input),
    // Per-provider mismatches stay in `tokenCheck` (the overlay's provider table shows them).
    ...(check
      ? check.findings
          .filter((f) => !CHECK_DETAIL_CODES.has(f.code))
          .map((f) => withKeyClientFacts(f, input, report, summary))
      : []),
    ...(report ? serverFindings(input, report, summary, check) : []),
    ...(input.server && !report
      ? [
          finding("SERVER_REPORT_UNAVAILABLE", {
            error: String((input.server as { error?: unknown }).error ?? "unknown error"),
          }),
        ]
      : []),
    ...clockFindings(input, report, clientTime),
    ...convexFindings(
      input,
      report,
      summary,
      check,
      pickedJwks(check, Array.isArray(providers) ? providers : undefined, providerIndexes),
    ),
    ...(input.extraFindings ?? []),
  ];
  const convex = input.convex;
  const refused = convex != null && !convex.isLoading && !convex.isAuthenticated;
  if (refused && !findings.some(isCause)) findings.push(causeUnknown(input, report, check));
  const ranked = dedupe(findings).sort(compareFindings);
  // A confirmed success outranks informational notes, but never a problem; while Convex says no,
  // only a cause may headline (causeUnknown above guarantees there is one).
  const headline =
    ranked.find(isCause) ??
    ranked.find((f) => f.code === "AUTHENTICATED") ??
    ranked[0] ??
    finding("NOT_ENOUGH_DATA");
  const ok =
    !refused &&
    !ranked.some((f) => f.severity === "error") &&
    (ranked.some((f) => f.code === "AUTHENTICATED") || check?.verdict === "accepted");
  return {
    headline,
    findings: ranked.length ? ranked : [headline],
    ok,
    token: summary,
    tokenCheck: check,
    generatedAt: clientTime,
  };
}
