/**
 * What we know about WorkOS URLs and IDs, in one place: client IDs, the issuer variants WorkOS
 * signs access tokens with, and the JWKS URL. Every surface (config lint, `diagnose()`, the
 * component's client-ID comparison, the doctor, the error parser) asks this module.
 *
 * Issuer variants:
 * - `user_management`: `https://<host>/user_management/<clientId>` (AuthKit access tokens; no `aud`)
 * - `sso`, `convex`: `https://<host>/sso/<clientId>`, `https://<host>/convex/<clientId>`
 * - `legacy`: `https://api.workos.com/` (tokens carry `aud: <clientId>`)
 * - `custom-domain`: any other issuer whose JWKS is a WorkOS `/sso/jwks/<clientId>` URL on another host
 */
import { parseUrl } from "./urls.js";

/** WorkOS's API host. */
export const WORKOS_API_HOST = "api.workos.com";

/** The issuer variants of WorkOS access tokens (see the module comment). */
export const WORKOS_VARIANTS = [
  "user_management",
  "sso",
  "convex",
  "legacy",
  "custom-domain",
] as const;
export type WorkOSVariant = (typeof WORKOS_VARIANTS)[number];

/** Issuer variants whose path names the client: `/<variant>/<clientId>`. */
const CLIENT_SCOPED_ISSUER = /^\/(user_management|sso|convex)\/([^/]+)\/?$/;
const JWKS_PATH = /^\/sso\/jwks\/([^/]+)\/?$/;
const CLIENT_ID = /^client_[0-9A-Za-z]{8,64}$/;

/** Values that stand for "no client ID" when a config was evaluated with an unset env var. */
const PLACEHOLDER_CLIENT_IDS = new Set(["undefined", "null", ""]);

/**
 * Whether `value` has the shape of a WorkOS client ID (`client_` and 8–64 letters or digits).
 * @example isWorkOSClientId("client_01JQS0H68GH4Q0CGBWVAEX0PRY") // true
 */
export function isWorkOSClientId(value: string): boolean {
  return CLIENT_ID.test(value);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The client-scoped variant and client ID an issuer URL names, e.g. `…/user_management/client_…`. */
export function clientScopedIssuer(
  issuer: string | null | undefined,
): { variant: "user_management" | "sso" | "convex"; clientId: string } | null {
  const url = parseUrl(issuer);
  const match = url ? CLIENT_SCOPED_ISSUER.exec(url.pathname) : null;
  if (!match) return null;
  return {
    variant: match[1] as "user_management" | "sso" | "convex",
    clientId: decodeSegment(match[2]!),
  };
}

/** The client ID a WorkOS JWKS URL (`…/sso/jwks/<clientId>`) names. */
export function jwksClientId(jwks: string | null | undefined): string | null {
  const url = parseUrl(jwks);
  const match = url ? JWKS_PATH.exec(url.pathname) : null;
  return match ? decodeSegment(match[1]!) : null;
}

/** The WorkOS client ID a token belongs to, read from its `iss` (client-scoped variants only). */
export function tokenClientId(iss: unknown): string | null {
  return typeof iss === "string" ? (clientScopedIssuer(iss)?.clientId ?? null) : null;
}

/** Whether a provider's client ID is a real one rather than what an unset env var evaluates to. */
export function isNamedClientId(id: string | null): id is string {
  return id !== null && !PLACEHOLDER_CLIENT_IDS.has(id);
}

/**
 * Which WorkOS client and issuer variant a provider refers to, from its stored issuer and JWKS URL.
 * A WorkOS-protocol issuer on another host (a local test issuer) with a root path counts as `legacy`.
 */
export function recognizeWorkOS(
  issuer: string | null,
  jwks: string | null,
): { workosClientId: string | null; workosVariant: WorkOSVariant | null } {
  const scoped = clientScopedIssuer(issuer);
  if (scoped) return { workosClientId: scoped.clientId, workosVariant: scoped.variant };
  const iss = parseUrl(issuer);
  const keys = parseUrl(jwks);
  const keysClient = jwksClientId(jwks);
  const rootPath = iss !== null && (iss.pathname === "/" || iss.pathname === "");
  if (iss && rootPath && iss.hostname === WORKOS_API_HOST) {
    return { workosClientId: keysClient, workosVariant: "legacy" };
  }
  if (iss && keys && keysClient) {
    if (iss.host === keys.host && rootPath)
      return { workosClientId: keysClient, workosVariant: "legacy" };
    if (iss.host !== keys.host)
      return { workosClientId: keysClient, workosVariant: "custom-domain" };
  }
  return { workosClientId: null, workosVariant: null };
}

/** The issuer of a client-scoped variant on WorkOS's API host. */
export function workosIssuer(
  variant: "user_management" | "sso" | "convex",
  clientId: string,
): string {
  return `https://${WORKOS_API_HOST}/${variant}/${clientId}`;
}

/** WorkOS's legacy issuer. */
export const WORKOS_LEGACY_ISSUER = `https://${WORKOS_API_HOST}/`;

/** WorkOS's JWKS URL for a client. */
export function workosJwksUrl(clientId: string): string {
  return `https://${WORKOS_API_HOST}/sso/jwks/${clientId}`;
}
