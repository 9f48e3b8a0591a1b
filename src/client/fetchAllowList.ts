import type { FetchLike, NormalizedProvider } from "../core/index.js";
import { discoveryUrl, isHttpUrl } from "../core/urls.js";

export { discoveryUrl };

/** A fetch that refuses every URL not derived from the auth config, and says which it allowed. */
export interface AllowListFetch extends FetchLike {
  /** URLs this fetch will request (grows by the `jwks_uri` of allowed OIDC discovery documents). */
  readonly allowed: ReadonlySet<string>;
}

/**
 * Wraps `base` so it only ever requests URLs named by the auth config: each customJwt provider's
 * `jwks`, each OIDC provider's discovery document, and the `jwks_uri` those documents name.
 * Anything else (a URL taken from a token's `iss` or `jku`, from function arguments, …) is
 * refused before any request is made, so a token cannot make the server call a host of its choosing.
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
  const guarded = async (
    url: string,
    init?: { headers?: Record<string, string> },
  ): Promise<Response> => {
    if (!allowed.has(url)) {
      throw new TypeError("refused: the URL is not a JWKS or discovery URL of the auth config");
    }
    const response = await base(url, init);
    if (discovery.has(url) && response.status === 200) {
      try {
        const meta = (await response.clone().json()) as { jwks_uri?: unknown };
        if (typeof meta.jwks_uri === "string" && isHttpUrl(meta.jwks_uri))
          allowed.add(meta.jwks_uri);
      } catch {
        // Not JSON: the checker reports the discovery failure itself.
      }
    }
    return response;
  };
  return Object.assign(guarded, { allowed: allowed as ReadonlySet<string> });
}
