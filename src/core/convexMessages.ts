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
  /** The body of an error without ErrorMetadata (convex-backend `crates/errors/src/lib.rs:1102`). */
  internalServerError: "Your request couldn't be completed. Try again later.",
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

/**
 * A non-200 JWKS response. Here the reason falls back to `Unknown`
 * (`canonical_reason().unwrap_or("Unknown")`, `crates/authentication/src/lib.rs:433-444`).
 */
export function jwksStatusMessage(url: string, status: number, reason: string): string {
  return `Could not fetch JWKS from URL '${url}': HTTP ${status} ${reason}. Check that the URL is correct and accessible.`;
}

export function jwksContentTypeMessage(url: string, contentType: string): string {
  return `Invalid Content-Type '${contentType}' when fetching JWKS from '${url}'. Expected 'application/json' or 'application/jwk-set+json'.`;
}

export function jwksBodyMessage(url: string): string {
  return `Invalid JWKS response body from '${url}'. The response is not valid JSON or doesn't match the expected JWKS format.`;
}

/**
 * OIDC discovery failure; a failed response adds `: <status> <body>`, the status written by
 * `http::StatusCode`'s `Display` (convex-backend `crates/authentication/src/lib.rs:218-220`), which
 * falls back to `<unknown status code>` (http 1.3.1 `src/status.rs:220-229`), not `Unknown`.
 */
export function discoveryFailedMessage(issuer: string, status?: number, body?: string): string {
  const base = `Auth provider discovery of ${issuer} failed`;
  if (status === undefined) return base;
  return `${base}: ${status} ${canonicalReason(status) ?? "<unknown status code>"} ${body ?? ""}`;
}

/**
 * The canonical reason phrases of the http crate 1.3.1 (convex-backend `Cargo.lock`),
 * `src/status.rs:327-515`, spelled as that table spells them (`Non Authoritative Information`,
 * `Payload Too Large`, `I'm a teapot`).
 */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: "Continue",
  101: "Switching Protocols",
  102: "Processing",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  207: "Multi-Status",
  208: "Already Reported",
  226: "IM Used",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Payload Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  418: "I'm a teapot",
  421: "Misdirected Request",
  422: "Unprocessable Entity",
  423: "Locked",
  424: "Failed Dependency",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates",
  507: "Insufficient Storage",
  508: "Loop Detected",
  510: "Not Extended",
  511: "Network Authentication Required",
};

/** `StatusCode::canonical_reason`: the phrase, or `undefined` for a code the table lacks. */
export function canonicalReason(status: number): string | undefined {
  return Object.hasOwn(REASON_PHRASES, status) ? REASON_PHRASES[status] : undefined;
}
