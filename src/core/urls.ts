/**
 * URL rules shared by the checker, the allow-list of `verifyToken` and the doctor. The allow-list
 * only holds while every place builds the discovery URL the same way, so it is built here only.
 */

/** Parses `value` as an absolute URL; `null` for anything else (never throws). */
export function parseUrl(value: string | null | undefined): URL | null {
  if (typeof value !== "string" || value === "") return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Whether a URL string starts with an http(s) scheme. */
export function isHttpUrl(value: string): boolean {
  return value.startsWith("https://") || value.startsWith("http://");
}

/** Whether a host name is this machine (`localhost`, `127.0.0.1`, `[::1]`). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

/** Removes every trailing `/`, as Convex does before comparing issuers (written as a loop: linear). */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47) end--;
  return value.slice(0, end);
}

/**
 * The OIDC discovery document Convex fetches for an issuer: openidconnect's `IssuerUrl::join`
 * (rev 15a9c55 `src/types/mod.rs:306-312`) appends `.well-known/openid-configuration` after one
 * `/` (reusing a trailing one, keeping any others), and the request goes to that URL's
 * serialization (`src/discovery/mod.rs:343-349`); the joined text when it is not a URL.
 * @example discoveryUrl("https://auth.example.com/") // "https://auth.example.com/.well-known/openid-configuration"
 */
export function discoveryUrl(issuer: string): string {
  const joined = issuer.endsWith("/")
    ? `${issuer}.well-known/openid-configuration`
    : `${issuer}/.well-known/openid-configuration`;
  return parseUrl(joined)?.href ?? joined;
}
