import type { FetchLike, NormalizedProvider } from "../core/index.js";
import { FETCH_LIMITS, FetchLimitError, readCapped } from "../core/fetcher.js";
import { readProviderMetadata } from "../core/oidc.js";
import { discoveryUrl, isHttpUrl } from "../core/urls.js";

export { discoveryUrl };

/** A fetch that refuses every URL not derived from the auth config, and says which it allowed. */
export interface AllowListFetch extends FetchLike {
  /** URLs this fetch will request (grows by the `jwks_uri` of allowed OIDC discovery documents). */
  readonly allowed: ReadonlySet<string>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * Convex's HTTP client follows redirects with reqwest's default policy, at most 10
 * (convex-backend `crates/local_backend/src/lib.rs:226-230`, `Policy::default()`).
 */
const MAX_REDIRECTS = 10;

/**
 * Wraps `base` so it only ever requests URLs named by the auth config: each customJwt provider's
 * `jwks`, each OIDC provider's discovery document, and the `jwks_uri` those documents name.
 * Anything else (a URL taken from a token's `iss` or `jku`, from function arguments, …) is
 * refused before any request is made, so a token cannot make the server call a host of its
 * choosing. Redirects are not left to `base`: each hop is requested with `redirect: "manual"`
 * and followed only when its target is itself on the list (Convex follows every redirect, so a
 * redirect elsewhere makes the check unverifiable rather than a request outside the list).
 */
export function allowListFetch(
  providers: readonly NormalizedProvider[],
  base: FetchLike,
): AllowListFetch {
  const allowed = new Set<string>();
  const discovery = new Set<string>();
  for (const p of providers) {
    if (p.kind === "customJwt" && p.jwks !== null && isHttpUrl(p.jwks)) allowed.add(p.jwks);
    if (p.kind === "oidc" && p.issuer !== null) {
      const url = discoveryUrl(p.issuer);
      allowed.add(url);
      discovery.add(url);
    }
  }
  const refuse = (what: string) =>
    new FetchLimitError(
      "refused",
      `refused: ${what} is not a JWKS or discovery URL of the auth config`,
    );
  const guarded = async (
    url: string,
    init?: { headers?: Record<string, string> },
  ): Promise<Response> => {
    let current = url;
    for (let hops = 0; ; hops++) {
      if (!allowed.has(current))
        throw refuse(hops === 0 ? "the URL" : `the redirect target ${current}`);
      // A variable, not a literal: `FetchLike`'s init names only headers, WHATWG fetches take more.
      const manual = { ...init, redirect: "manual" as const };
      const response = await base(current, manual);
      // A fetch that followed a redirect anyway must not hand back a document from elsewhere.
      if (response.redirected && response.url !== "" && !allowed.has(response.url)) {
        await response.body?.cancel().catch(() => undefined);
        throw refuse(`the redirect target ${response.url}`);
      }
      const location = response.headers.get("location");
      if (REDIRECT_STATUSES.has(response.status) && location !== null) {
        await response.body?.cancel().catch(() => undefined);
        if (hops >= MAX_REDIRECTS) throw new TypeError("too many redirects");
        current = new URL(location, current).href;
        continue;
      }
      if (discovery.has(url) && response.status === 200) {
        // Read through the same size cap and parser as the checker.
        const { bytes, truncated } = await readCapped(
          response.clone(),
          FETCH_LIMITS.maxDocumentBytes,
          false,
        );
        const meta = truncated ? null : readProviderMetadata(bytes);
        if (meta?.ok && isHttpUrl(meta.jwksUri)) allowed.add(meta.jwksUri);
      }
      return response;
    }
  };
  return Object.assign(guarded, { allowed: allowed as ReadonlySet<string> });
}
