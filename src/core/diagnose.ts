import {
  CALLBACK_ERROR_FIXES,
  CODE_EXCHANGE_REASONS,
  compareFindings,
  ENV_SET_FIXES,
  fillTemplate,
  finding,
} from "./catalogue.js";
import { checkToken } from "./checkToken.js";
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

/** Above this difference between the client's and the server's clock, `CLOCK_SKEW` is reported. */
export const CLOCK_SKEW_THRESHOLD_MS = 10_000;

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  /** Fetch for JWKS when the token is checked client-side; default `null` (no network: matching and time checks only). */
  fetch?: FetchLike | null;
}

function safeUrl(s: string | null | undefined): URL | null {
  if (!s) return null;
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/** Turns normalised providers (as `diagnoseAuth` reports them) back into `auth.config.ts` entries. */
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

function isServerReport(server: DiagnoseInput["server"]): server is ServerReport {
  return (
    typeof server === "object" &&
    server !== null &&
    Array.isArray((server as ServerReport).providers)
  );
}

/** `?error=` and unexchanged `?code=` on the page, and a redirect URI on another origin. */
function pageFindings(input: DiagnoseInput): Finding[] {
  const page = safeUrl(input.pageUrl);
  if (!page) return [];
  const out: Finding[] = [];
  const error = page.searchParams.get("error");
  if (error) {
    const description = page.searchParams.get("error_description");
    out.push(
      finding("AUTHKIT_CALLBACK_ERROR", {
        error,
        description: description ? ` (\`${description}\`)` : "",
        errorFix: CALLBACK_ERROR_FIXES[error] ?? CALLBACK_ERROR_FIXES.default!,
      }),
    );
  }
  const redirect = safeUrl(input.authKit?.redirectUri ?? null);
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
    const key: keyof typeof CODE_EXCHANGE_REASONS =
      redirect && redirect.origin !== page.origin
        ? "origin-mismatch"
        : redirect && redirect.pathname !== page.pathname
          ? "path-mismatch"
          : "verifier-missing";
    const ev: Record<string, EvidenceValue> = {
      redirectOrigin: redirect?.origin ?? null,
      pageOrigin: page.origin,
      redirectPath: redirect?.pathname ?? null,
      pagePath: page.pathname,
      mismatch: key,
    };
    ev.reason = fillTemplate(CODE_EXCHANGE_REASONS[key].reason, ev);
    ev.reasonFix = fillTemplate(CODE_EXCHANGE_REASONS[key].fix, ev);
    out.push(finding("CODE_EXCHANGE_FAILED", ev));
  }
  return out;
}

function authKitFindings(input: DiagnoseInput): Finding[] {
  const a = input.authKit;
  if (!a) return [];
  const out: Finding[] = [];
  if (a.isLoading) out.push(finding("AUTHKIT_LOADING"));
  else if (a.userId == null) out.push(finding("AUTHKIT_SIGNED_OUT"));
  const tokenError = a.accessToken && !a.accessToken.ok ? a.accessToken : null;
  if (tokenError && a.userId != null) {
    out.push(finding("AUTHKIT_USER_STALE", { userId: a.userId }));
    out.push(
      finding("ACCESS_TOKEN_UNAVAILABLE", {
        errorName: tokenError.errorName,
        errorMessage: tokenError.errorMessage,
      }),
    );
  } else if (tokenError && tokenError.errorName !== "LoginRequiredError") {
    out.push(
      finding("ACCESS_TOKEN_UNAVAILABLE", {
        errorName: tokenError.errorName,
        errorMessage: tokenError.errorMessage,
      }),
    );
  }
  if (a.devMode === false && (a.apiHostname ?? "api.workos.com") === "api.workos.com") {
    out.push(finding("REFRESH_COOKIE_BLOCKED", { apiHostname: a.apiHostname ?? "api.workos.com" }));
  }
  return out;
}

function summarise(token: string, clientTime: number): TokenSummary | null {
  const decoded = decodeToken(token);
  if (!decoded.ok) return null;
  const exp = decoded.token.claims.exp;
  return {
    header: decoded.token.header,
    claims: decoded.token.payload,
    expiresInSeconds: exp === undefined ? null : exp - Math.floor(clientTime / 1000),
  };
}

/** Which WorkOS client ID a token belongs to, read from its `iss`. */
function tokenClientId(summary: TokenSummary | null): string | null {
  const iss = summary?.claims.iss;
  if (typeof iss !== "string") return null;
  return /\/user_management\/([^/]+)\/?$/.exec(iss)?.[1] ?? null;
}

/** Client ↔ server comparisons: env, client IDs, whether the deployed config can accept this app's tokens. */
function serverFindings(
  input: DiagnoseInput,
  report: ServerReport,
  summary: TokenSummary | null,
  check: TokenCheck | null,
): Finding[] {
  const out: Finding[] = [...report.configFindings, ...report.clientFindings];
  const envClientId = report.env.find((e) => e.name === "WORKOS_CLIENT_ID");
  const has = (code: Finding["code"]) => out.some((f) => f.code === code);
  if (envClientId && !envClientId.set && !has("ENV_MISSING")) {
    out.push(
      finding("ENV_MISSING", {
        name: "WORKOS_CLIENT_ID",
        where: "on the Convex deployment",
        setFix: fillTemplate(ENV_SET_FIXES.deployment, { name: "WORKOS_CLIENT_ID" }),
      }),
    );
  }
  const clientId = input.authKit?.clientId ?? tokenClientId(summary);
  if (
    clientId &&
    !has("CLIENT_ID_MISMATCH") &&
    envClientId?.set &&
    envClientId.value &&
    envClientId.value !== clientId
  ) {
    out.push(
      finding("CLIENT_ID_MISMATCH", {
        clientId,
        serverClientId: envClientId.value,
        where: "`WORKOS_CLIENT_ID`",
      }),
    );
  }
  const rejectedForMatch =
    check &&
    ["ISSUER_MISMATCH", "AUDIENCE_MISSING", "AUDIENCE_MISMATCH", "NO_PROVIDERS"].includes(
      check.code,
    );
  const refersToClient =
    clientId !== null && report.providers.some((p) => p.workosClientId === clientId);
  const envAgrees = !envClientId?.set || envClientId.value === clientId;
  if (rejectedForMatch && clientId && !refersToClient && envAgrees && !has("CONFIG_NOT_DEPLOYED")) {
    const deployed = report.providers.map((p) => p.label);
    out.push(
      finding("CONFIG_NOT_DEPLOYED", {
        clientId,
        providers: deployed,
        envState: envClientId?.set ? "matches it" : "is not set",
      }),
    );
  }
  return out;
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
    finding("CLOCK_SKEW", {
      seconds: Math.round(Math.abs(skewMs) / 1000),
      direction: skewMs > 0 ? "ahead of" : "behind",
      skewMs,
    }),
  ];
}

function convexFindings(
  input: DiagnoseInput,
  report: ServerReport | null,
  summary: TokenSummary | null,
  check: TokenCheck | null,
): Finding[] {
  const c = input.convex;
  const out: Finding[] = [];
  const hasToken = Boolean(input.token) || (input.authKit?.accessToken?.ok ?? false);
  const lastError = input.serverErrors?.length
    ? input.serverErrors[input.serverErrors.length - 1]
    : undefined;
  if (c?.isAuthenticated) {
    const sub = summary?.claims.sub;
    out.push(
      finding("AUTHENTICATED", { subjectNote: typeof sub === "string" ? ` for \`${sub}\`` : "" }),
    );
    const serverSubject = report?.identity?.subject;
    const clientSubject = input.authKit?.userId ?? (typeof sub === "string" ? sub : null);
    if (typeof serverSubject === "string" && clientSubject && serverSubject !== clientSubject) {
      out.push(finding("IDENTITY_MISMATCH", { clientSubject, serverSubject }));
    }
    return out;
  }
  if (c && c.connected === false) out.push(finding("CONVEX_UNREACHABLE"));
  if (c && hasToken && c.tokenSent === false) out.push(finding("NO_TOKEN_SENT"));
  if (lastError !== undefined) {
    const parsed = parseConvexAuthError(lastError);
    if (parsed.convexMessage !== null) {
      const cause = check && check.verdict === "rejected" ? check.code : parsed.code;
      const evidence = check?.findings.find((f) => f.code === cause)?.evidence ?? {};
      out.push(rejectionFinding(parsed.convexMessage, cause, evidence));
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
  const summary = token ? summarise(token, clientTime) : null;

  // Judge the token by the server's clock when we know it, against the deployed providers.
  const skewMs = report ? report.serverTime - (input.serverReportReceivedAt ?? clientTime) : 0;
  let check = input.tokenCheck ?? null;
  if (!check && token) {
    const providers = input.providers ?? (report ? toAuthProviders(report.providers) : undefined);
    if (providers !== undefined)
      check = await checkToken(token, providers, {
        fetch: options.fetch ?? null,
        now: clientTime + skewMs,
      });
  }

  const findings: Finding[] = [
    ...pageFindings(input),
    ...authKitFindings(input),
    ...(check ? check.findings.filter((f) => f.code !== "TOKEN_UNVERIFIED") : []),
    ...(report ? serverFindings(input, report, summary, check) : []),
    ...(input.server && !report
      ? [
          finding("SERVER_REPORT_UNAVAILABLE", {
            error: String((input.server as { error?: unknown }).error ?? "unknown error"),
          }),
        ]
      : []),
    ...clockFindings(input, report, clientTime),
    ...convexFindings(input, report, summary, check),
    ...(input.extraFindings ?? []),
  ];
  const ranked = dedupe(findings).sort(compareFindings);
  // A confirmed success outranks informational notes, but never a problem.
  const headline =
    ranked.find((f) => f.severity === "error" || f.severity === "warning") ??
    ranked.find((f) => f.code === "AUTHENTICATED") ??
    ranked[0] ??
    finding("NOT_ENOUGH_DATA");
  const ok =
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
