import { CompactSign, exportJWK, generateKeyPair, type JWK } from "jose";
import type { FetchLike } from "../../src/core/types.js";

export const CLIENT_ID = "client_01JTESTCLIENT000000000000";
export const OTHER_CLIENT_ID = "client_01JOTHERCLIENT00000000000";
export const WORKOS_JWKS = (clientId = CLIENT_ID) => `https://api.workos.com/sso/jwks/${clientId}`;
export const USER_MANAGEMENT_ISS = (clientId = CLIENT_ID) =>
  `https://api.workos.com/user_management/${clientId}`;
export const LEGACY_ISS = "https://api.workos.com/";

/** The `auth.config.ts` the Convex AuthKit docs recommend. */
export function docsConfig(clientId = CLIENT_ID) {
  return [
    {
      type: "customJwt" as const,
      issuer: "https://api.workos.com/",
      algorithm: "RS256" as const,
      jwks: WORKOS_JWKS(clientId),
      applicationID: clientId,
    },
    {
      type: "customJwt" as const,
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: "RS256" as const,
      jwks: WORKOS_JWKS(clientId),
    },
  ];
}

/** The older docs' config: `applicationID` on both providers. */
export function olderDocsConfig(clientId = CLIENT_ID) {
  return docsConfig(clientId).map((p) => ({ ...p, applicationID: clientId }));
}

export interface TestKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(kid: string, alg: "RS256" | "ES256" = "RS256"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicJwk };
}

export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
export const NOW_S = Math.floor(NOW / 1000);

/** Signs a WorkOS-shaped access token; `claims` override the defaults, `undefined` removes one. */
export async function workosToken(
  key: TestKey,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const payload: Record<string, unknown> = {
    iss: USER_MANAGEMENT_ISS(),
    sub: "user_01JTESTUSER0000000000000",
    sid: "session_01JTESTSESSION000000000",
    org_id: "org_01JTESTORG00000000000000",
    role: "member",
    roles: ["member"],
    permissions: ["posts:read"],
    feature_flags: [],
    jti: "01JTESTJTI0000000000000000",
    iat: NOW_S - 60,
    exp: NOW_S + 240,
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  const hdr = { alg: key.alg, kid: key.kid, typ: "JWT", ...header };
  for (const [k, v] of Object.entries(hdr))
    if (v === undefined) delete (hdr as Record<string, unknown>)[k];
  // CompactSign signs any payload bytes, so tests can also produce tokens with odd claim types.
  // Uint8Array.from: under jsdom, TextEncoder's bytes come from another realm and jose rejects them.
  return new CompactSign(Uint8Array.from(new TextEncoder().encode(JSON.stringify(payload))))
    .setProtectedHeader(hdr as { alg: string })
    .sign(key.privateKey);
}

/** A fetch that serves JSON documents by URL and counts requests. */
export function fakeFetch(
  routes: Record<
    string,
    { status?: number; body: unknown; contentType?: string | null; cacheControl?: string }
  >,
): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (url: string) => {
    calls.push(url);
    const route = routes[url];
    if (!route) throw new TypeError(`fetch failed: no route for ${url}`);
    const headers = new Headers();
    if (route.contentType !== null)
      headers.set("content-type", route.contentType ?? "application/jwk-set+json");
    if (route.cacheControl) headers.set("cache-control", route.cacheControl);
    const body = typeof route.body === "string" ? route.body : JSON.stringify(route.body);
    // A byte body keeps Response from adding its own text/plain content type.
    return new Response(new TextEncoder().encode(body), { status: route.status ?? 200, headers });
  }) as FetchLike & { calls: string[] };
  fn.calls = calls;
  return fn;
}

export function jwksOf(...keys: TestKey[]) {
  return { keys: keys.map((k) => k.publicJwk) };
}
