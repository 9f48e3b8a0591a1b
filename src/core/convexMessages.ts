/**
 * The exact error texts the Convex backend returns for auth failures, in one place so the
 * token checker (which predicts them) and the parser (which recognizes them) cannot drift.
 * Source: get-convex/convex-backend `crates/authentication/src/lib.rs`,
 * `crates/sync/src/state.rs` and the biscuit fork's `ValidationError` display.
 */

export const MSG = {
  payloadUnparsable:
    "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.",
  issuerMissing:
    "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.",
  noProviderRedacted: "No auth provider found matching the given token",
  noProvidersConfigured:
    "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.",
  noProviderPrefix:
    "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: ",
  kidMissing: "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
  kidRedacted:
    "Could not decode token. The JWT's 'kid' (key ID) header doesn't match any key in the provider's JWKS, or the JWT signature is invalid.",
  claimInvalid:
    "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.",
  oidcClaimInvalid:
    "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
  oidcUnparsable: "Could not parse as OIDC ID token. Token might not be an OIDC-compliant JWT.",
  jwksDataUrlInvalid:
    "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.",
  identityExpired: "Convex token identity expired",
} as const;

/** `No auth provider found…` listing providers in Convex's order, e.g. `[CustomJWT(issuer=…, app_id=none)]`. */
export function noProviderMessage(labels: string[], redact: boolean): string {
  if (redact) return MSG.noProviderRedacted;
  if (labels.length === 0) return MSG.noProvidersConfigured;
  return `${MSG.noProviderPrefix}[${labels.join(", ")}]`;
}

/** The customJwt decode failure (unknown kid, wrong alg or bad signature all give this). */
export function kidMessage(kid: string, redact: boolean): string {
  if (redact) return MSG.kidRedacted;
  return `Could not decode token. The JWT's 'kid' (key ID) header is '${kid}', does this key match any key in the provider's JWKS?`;
}

// The backend redacts the kid-less message by matching "The JWT is missing a 'kid'", which the
// message it builds ("JWT may be missing…") does not contain: production keeps the long form.
export function missingKidMessage(_redact: boolean): string {
  return MSG.kidMissing;
}

export function tokenExpiredMessage(seconds: number): string {
  return `Could not validate token: Token expired ${seconds} seconds ago`;
}

export function notYetValidMessage(seconds: number): string {
  return `Could not validate token: Token will be valid in ${seconds} seconds`;
}

export function jwksFetchErrorMessage(url: string, detail: string): string {
  return `Could not fetch JWKS from URL '${url}': ${detail}. Check that the URL is correct and accessible.`;
}

export function jwksStatusMessage(url: string, status: number, reason: string): string {
  return `Could not fetch JWKS from URL '${url}': HTTP ${status} ${reason}. Check that the URL is correct and accessible.`;
}

export function jwksContentTypeMessage(url: string, contentType: string): string {
  return `Invalid Content-Type '${contentType}' when fetching JWKS from '${url}'. Expected 'application/json' or 'application/jwk-set+json'.`;
}

export function jwksBodyMessage(url: string): string {
  return `Invalid JWKS response body from '${url}'. The response is not valid JSON or doesn't match the expected JWKS format.`;
}

/** OIDC discovery failure; an HTTP error status adds `: <status> <reason> <body>`. */
export function discoveryFailedMessage(issuer: string, status?: number, body?: string): string {
  const base = `Auth provider discovery of ${issuer} failed`;
  if (status === undefined) return base;
  return `${base}: ${status} ${REASON_PHRASES[status] ?? "Unknown"} ${body ?? ""}`;
}

/** HTTP reason phrases as Rust's `http::StatusCode::canonical_reason` gives them. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  201: "Created",
  202: "Accepted",
  204: "No Content",
};
