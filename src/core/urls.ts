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
 * The OIDC discovery document Convex fetches for an issuer:
 * `<issuer without trailing slashes>/.well-known/openid-configuration`.
 * @example discoveryUrl("https://auth.example.com/") // "https://auth.example.com/.well-known/openid-configuration"
 */
export function discoveryUrl(issuer: string): string {
  return `${trimTrailingSlashes(issuer)}/.well-known/openid-configuration`;
}
