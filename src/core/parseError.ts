import { finding } from "./catalogue.js";
import { serverTextOfClientLog } from "./clientLog.js";
import { MSG } from "./convexMessages.js";
import { describeType } from "./jwt.js";
import type { EvidenceValue, Finding, FindingCode } from "./types.js";

/** Where an error text came from, as far as its shape tells. */
export type ErrorSource = "websocket" | "http" | "client-log" | "cli" | "authkit" | "unknown";

/** What {@link parseConvexAuthError} recognized in an error text. */
export interface ParsedError {
  code: FindingCode;
  recognized: boolean;
  source: ErrorSource;
  /** The Convex server's own message, unwrapped from client log lines or HTTP bodies. */
  convexMessage: string | null;
  details: {
    kid?: string;
    seconds?: number;
    providers?: string[];
    url?: string;
    envVar?: string;
    /** The text is the shortened form a production deployment sends. */
    redacted?: boolean;
    /** Convex's short error code (`NoAuthProvider`, `InvalidAuthHeader`, …) from an HTTP body. */
    convexCode?: string;
  };
  /** A ready-to-show finding: `CONVEX_REJECTED` for server texts, the specific code otherwise. */
  finding: Finding;
}

interface Rule {
  test: RegExp;
  code: FindingCode;
  details?: (m: RegExpExecArray) => ParsedError["details"];
}

// Order matters: the more specific texts first.
const CONVEX_RULES: Rule[] = [
  { test: /^Could not parse JWT payload\b/, code: "TOKEN_MALFORMED" },
  { test: /^Missing issuer claim \('iss'\)/, code: "ISSUER_MISSING" },
  {
    test: /^No auth provider found matching the given token \(no providers configured\)/,
    code: "NO_PROVIDERS",
  },
  {
    test: /^No auth provider found matching the given token\. Check that your JWT's issuer and audience match one of your configured providers: \[(.*)\]\s*$/s,
    code: "ISSUER_MISMATCH",
    details: (m) => ({ providers: splitProviders(m[1] ?? "") }),
  },
  {
    test: /^No auth provider found matching the given token\s*$/,
    code: "ISSUER_MISMATCH",
    details: () => ({ redacted: true }),
  },
  {
    test: /^Could not decode token\. The JWT's 'kid' \(key ID\) header is '(.*)', does this key match/s,
    code: "KEY_NOT_FOUND",
    details: (m) => ({ kid: m[1] ?? "" }),
  },
  {
    test: /^Could not decode token\. The JWT's 'kid' \(key ID\) header doesn't match any key/,
    code: "KEY_NOT_FOUND",
    details: () => ({ redacted: true }),
  },
  {
    test: /^Could not decode token\. (JWT may be|The JWT is) missing a 'kid'/,
    code: "KEY_ID_MISSING",
  },
  {
    test: /^Could not validate token: Token expired (-?\d+) seconds ago/,
    code: "TOKEN_EXPIRED",
    details: (m) => ({ seconds: Number(m[1]) }),
  },
  {
    test: /^Could not validate token: Token will be valid in (-?\d+) seconds/,
    code: "TOKEN_NOT_YET_VALID",
    details: (m) => ({ seconds: Number(m[1]) }),
  },
  { test: /^Could not validate token: The following claims are required/, code: "CLAIM_MISSING" },
  { test: /^Could not validate token:/, code: "CLAIM_MISSING" },
  { test: /^Could not verify token claim\./, code: "CLAIM_MISSING" },
  { test: /^Could not verify OIDC token claim\./, code: "SIGNATURE_INVALID" },
  { test: /^Could not parse as OIDC ID token\./, code: "CLAIM_MISSING" },
  {
    test: /^Auth provider discovery of (\S+) failed/,
    code: "OIDC_DISCOVERY_FAILED",
    details: (m) => ({ url: m[1] ?? "" }),
  },
  {
    test: /^Could not fetch JWKS from URL '([^']*)'/,
    code: "JWKS_UNAVAILABLE",
    details: (m) => ({ url: m[1] ?? "" }),
  },
  {
    test: /^Invalid Content-Type '.*' when fetching JWKS from '([^']*)'/,
    code: "JWKS_UNAVAILABLE",
    details: (m) => ({ url: m[1] ?? "" }),
  },
  {
    test: /^Invalid JWKS response body from '([^']*)'/,
    code: "JWKS_UNAVAILABLE",
    details: (m) => ({ url: m[1] ?? "" }),
  },
  { test: /^Invalid JWKS data URL\./, code: "JWKS_UNAVAILABLE" },
  { test: /^Invalid issuer: /, code: "ISSUER_MISMATCH" },
  { test: /^Missing audience claim \('aud'\)/, code: "AUDIENCE_MISSING" },
  { test: /^Invalid audience: /, code: "AUDIENCE_MISMATCH" },
  { test: /^Convex token identity expired/, code: "TOKEN_EXPIRED" },
  // The HTTP API's own header errors (convex-backend `crates/local_backend/src/authentication.rs:
  // 51-81`): a header that is not `Bearer …` is read as an admin key and refused as one; the
  // `Header must begin with \`bearer \`` text of `extract_bearer_token` is replaced there and
  // never reaches a client.
  { test: /^Invalid admin key\s*$/, code: "AUTH_HEADER_INVALID" },
  { test: /^Invalid authentication header\s*$/, code: "AUTH_HEADER_INVALID" },
  { test: /^Failed to parse header /, code: "AUTH_HEADER_INVALID" },
  // An error without ErrorMetadata (`crates/errors/src/lib.rs:1102`).
  {
    test: /^Your request couldn't be completed\. Try again later\.\s*$/,
    code: "CONVEX_INTERNAL_ERROR",
  },
];

/**
 * The line the Convex client logs when the server closes the WebSocket with a code other than
 * 1000, 1001, 1005 or 4040 (convex-js 1.48.0 `browser/sync/web_socket_manager.ts:477-501`): the
 * only trace of a discovery failure that maps to RateLimited, Overloaded, TooEarly or
 * MisdirectedRequest (close 1013), or of an internal error (close 1011).
 */
const CLOSE_LINE =
  /WebSocket closed with code (\d{4}): (AuthProviderDiscoveryFailed|InternalServerError)\b/;

const TOOL_RULES: Array<Rule & { source: ErrorSource }> = [
  { test: /WorkOSPlatformNotAuthorized/, code: "PLATFORM_NOT_AUTHORIZED", source: "cli" },
  {
    test: /Environment variable (\S+?) is used in auth config file but its value was not set/,
    code: "AUTH_CONFIG_ENV_UNSET",
    source: "cli",
    details: (m) => ({ envVar: m[1] ?? "" }),
  },
  { test: /Couldn't exchange code/, code: "CODE_EXCHANGE_FAILED", source: "authkit" },
  { test: /Missing refresh token/i, code: "REFRESH_TOKEN_MISSING", source: "authkit" },
  {
    test: /No access token available|LoginRequiredError/,
    code: "ACCESS_TOKEN_UNAVAILABLE",
    source: "authkit",
  },
  {
    test: /Timed out waiting to refresh the session|RefreshError/,
    code: "ACCESS_TOKEN_UNAVAILABLE",
    source: "authkit",
  },
];

function splitProviders(list: string): string[] {
  // Entries look like `CustomJWT(issuer=…, app_id=…)`; split on the ", " between closing and opening.
  return list.length === 0 ? [] : list.split(/(?<=\)), (?=(?:OIDC|CustomJWT)\()/);
}

// A provider Convex lists as requiring an audience on a WorkOS user_management issuer can never
// match a WorkOS token, so that is the likely cause behind an otherwise silent NoAuthProvider.
function refineNoProvider(providers: string[]): FindingCode {
  const audOnUserManagement = providers.some((p) =>
    /issuer=[^,]*\/user_management\/[^,]*, app_id=(?!none\))/.test(p),
  );
  return audOnUserManagement ? "AUDIENCE_MISSING" : "ISSUER_MISMATCH";
}

/** Longer texts are cut before matching: every known error is far shorter, and regexes stay cheap. */
const MAX_TEXT = 8_192;

/**
 * The JSON object that starts at `text[start]` (a `{`), found by bracket matching so whatever
 * follows it (a stack trace, a second line) is ignored; `null` when it is not one.
 */
function leadingJsonObject(text: string, start: number): Record<string, unknown> | null {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      try {
        const value: unknown = JSON.parse(text.slice(start, i + 1));
        return typeof value === "object" && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

// `String(err)` of a `ConvexHttpClient` rejection is `Error: <body>` (convex-js 1.48.0
// `browser/http_client.ts:331-333`: `throw new Error(await response.text())`); a browser console
// shows it as `Uncaught (in promise) Error: <body>`.
const ERROR_PREFIX = /^(?:Uncaught (?:\(in promise\) )?)?(?:\w*Error: )?(?=\{)/;

/** Unwraps client log lines, HTTP bodies and WebSocket frames down to the server's own message. */
function unwrap(text: string): {
  inner: string;
  source: ErrorSource;
  convexCode?: string;
  closeCode?: number;
} {
  const trimmed = text.trim();
  const prefix = ERROR_PREFIX.exec(trimmed);
  if (prefix) {
    const body = leadingJsonObject(trimmed, prefix[0].length);
    // A WebSocket `AuthError` frame (convex-js `browser/sync/protocol.ts:307-315`), as copied
    // from the browser's network panel.
    if (body && body.type === "AuthError" && typeof body.error === "string") {
      return { inner: body.error, source: "websocket" };
    }
    // An HTTP error body `{"code": short, "message": long}` (convex-backend
    // `crates/common/src/http/mod.rs:441-468`).
    if (body && typeof body.message === "string") {
      return {
        inner: body.message,
        source: "http",
        ...(typeof body.code === "string" ? { convexCode: body.code } : {}),
      };
    }
  }
  const logged = serverTextOfClientLog(trimmed);
  if (logged) return { inner: logged.text, source: "client-log" };
  const closed = CLOSE_LINE.exec(trimmed);
  if (closed) {
    return {
      inner: closed[2]!,
      source: "client-log",
      convexCode: closed[2]!,
      closeCode: Number(closed[1]),
    };
  }
  return { inner: trimmed, source: "websocket" };
}

/**
 * Maps any Convex auth error text (long or redacted, a client log line, an HTTP 401 body) and the
 * WorkOS / AuthKit / CLI errors around it to a catalogue code plus the details in it.
 *
 * @example
 * parseConvexAuthError('Failed to authenticate: "No auth provider found matching the given token", check your server auth config')
 * // → { code: "ISSUER_MISMATCH", source: "client-log", details: { redacted: true }, … }
 */
export function parseConvexAuthError(input: unknown): ParsedError {
  if (typeof input !== "string" || input.trim() === "") {
    return unknown(typeof input === "string" ? "" : describeType(input));
  }
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  for (const rule of TOOL_RULES) {
    const m = rule.test.exec(text);
    if (!m) continue;
    const details = rule.details?.(m) ?? {};
    const evidence: Record<string, EvidenceValue> = {
      ...(details.envVar ? { name: details.envVar } : {}),
      text: text.slice(0, 300),
    };
    return {
      code: rule.code,
      recognized: true,
      source: rule.source,
      convexMessage: null,
      details,
      finding: finding(rule.code, evidence),
    };
  }
  const { inner, source, convexCode, closeCode } = unwrap(text);
  if (closeCode !== undefined) {
    // Only the short reason reaches the client; the long text stays on the server.
    const code: FindingCode =
      inner === "AuthProviderDiscoveryFailed" ? "OIDC_DISCOVERY_FAILED" : "CONVEX_INTERNAL_ERROR";
    return {
      code,
      recognized: true,
      source,
      convexMessage: null,
      details: { convexCode: inner },
      finding: rejectionFinding(`WebSocket closed with code ${closeCode}: ${inner}`, code),
    };
  }
  for (const rule of CONVEX_RULES) {
    const m = rule.test.exec(inner);
    if (!m) continue;
    const details: ParsedError["details"] = {
      ...(rule.details?.(m) ?? {}),
      ...(convexCode ? { convexCode } : {}),
    };
    let code = rule.code;
    if (code === "ISSUER_MISMATCH" && details.providers) code = refineNoProvider(details.providers);
    if (inner === MSG.noProviderRedacted) details.redacted = true;
    return {
      code,
      recognized: true,
      source,
      convexMessage: inner,
      details,
      finding: rejectionFinding(inner, code),
    };
  }
  return unknown(text);
}

/**
 * The `CONVEX_REJECTED` finding for a server text. Its fix is the fix of the cause: the finding
 * `checkToken` made for it (with its evidence) when there is one, else the cause's catalogue fix.
 */
export function rejectionFinding(serverMessage: string, cause: FindingCode | Finding): Finding {
  const causeFinding = typeof cause === "string" ? finding(cause) : cause;
  const rejected = finding("CONVEX_REJECTED", { serverMessage, cause: causeFinding.code });
  return { ...rejected, fix: causeFinding.fix };
}

function unknown(text: string): ParsedError {
  return {
    code: "UNKNOWN_ERROR_TEXT",
    recognized: false,
    source: "unknown",
    convexMessage: null,
    details: {},
    finding: finding("UNKNOWN_ERROR_TEXT", { text: text.slice(0, 300) }),
  };
}
