import {
  jwksBodyMessage,
  jwksContentTypeMessage,
  jwksFetchErrorMessage,
  jwksStatusMessage,
  MSG,
  REASON_PHRASES,
} from "./convexMessages.js";
import type { CachedDocument, DocumentCache, FetchFailure, FetchLike } from "./types.js";
import { discoveryUrl } from "./urls.js";

/** Fresh documents are reused for this long unless `Cache-Control: max-age` says less. */
export const DEFAULT_MAX_AGE_MS = 5 * 60_000;
/** Failures are remembered briefly so a burst of checks costs one request, yet a fix shows fast. */
const FAILURE_MAX_AGE_MS = 5_000;
const MAX_ENTRIES = 64;

/** A small in-memory {@link DocumentCache} with a bounded number of entries. */
export function createDocumentCache(): DocumentCache {
  const entries = new Map<string, CachedDocument>();
  return {
    get(url, now) {
      const hit = entries.get(url);
      if (!hit) return undefined;
      if (hit.expiresAt <= now) {
        entries.delete(url);
        return undefined;
      }
      return hit;
    },
    set(url, doc) {
      entries.delete(url);
      entries.set(url, doc);
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    },
    clear() {
      entries.clear();
    },
  };
}

/** The module-wide cache `checkToken` uses unless given its own. */
export const defaultDocumentCache: DocumentCache = createDocumentCache();

function maxAgeOf(response: Response): number {
  const cc = response.headers.get("cache-control") ?? "";
  if (/no-store|no-cache/i.test(cc)) return 0;
  const m = /max-age=(\d+)/i.exec(cc);
  return m ? Math.min(Number(m[1]) * 1000, DEFAULT_MAX_AGE_MS) : DEFAULT_MAX_AGE_MS;
}

// Convex accepts application/json and application/jwk-set+json, any case, with no charset
// parameter or exactly charset=utf-8.
function jwksContentTypeOk(header: string | null): boolean {
  if (header === null) return false;
  const [essence, ...params] = header.split(";").map((s) => s.trim());
  const type = (essence ?? "").toLowerCase();
  if (type !== "application/json" && type !== "application/jwk-set+json") return false;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) return false;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    // The charset parameter's value is case-insensitive (UTF-8 and utf-8 are both accepted).
    if (name === "charset" && value.toLowerCase() !== "utf-8") return false;
  }
  return true;
}

function decodeDataUrl(url: string): string | null {
  const comma = url.indexOf(",");
  if (comma < 0) return null;
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  try {
    if (/;base64$/i.test(meta)) {
      const binary = atob(data.replace(/\s/g, ""));
      return new TextDecoder("utf-8", { fatal: true }).decode(
        Uint8Array.from(binary, (c) => c.charCodeAt(0)),
      );
    }
    return decodeURIComponent(data);
  } catch {
    return null;
  }
}

// The fields each key type needs for Convex's JWK parser to accept the whole set.
const JWK_REQUIRED: Record<string, string[]> = {
  RSA: ["n", "e"],
  EC: ["crv", "x", "y"],
  oct: ["k"],
  OKP: ["crv", "x"],
};

function isJwks(body: unknown): boolean {
  if (
    typeof body !== "object" ||
    body === null ||
    !Array.isArray((body as { keys?: unknown }).keys)
  )
    return false;
  return (body as { keys: unknown[] }).keys.every((k) => {
    if (typeof k !== "object" || k === null) return false;
    const key = k as Record<string, unknown>;
    const required = JWK_REQUIRED[key.kty as string];
    return (
      required !== undefined &&
      required.every((f) => typeof key[f] === "string") &&
      (key.kid === undefined || typeof key.kid === "string")
    );
  });
}

/** A loaded JWKS, or the failure Convex would report for it. */
export type Loaded =
  { ok: true; body: unknown; text: string } | { ok: false; failure: FetchFailure };

async function loadJwks(
  url: string,
  fetchFn: FetchLike,
): Promise<{ result: Loaded; maxAge: number }> {
  const fail = (failure: FetchFailure) => ({
    result: { ok: false as const, failure },
    maxAge: FAILURE_MAX_AGE_MS,
  });
  let text: string;
  let maxAge = DEFAULT_MAX_AGE_MS;
  if (url.startsWith("data:")) {
    const decoded = decodeDataUrl(url);
    if (decoded === null) return fail({ kind: "data-url", message: MSG.jwksDataUrlInvalid });
    text = decoded;
  } else {
    let response: Response;
    try {
      response = await fetchFn(url, { headers: { accept: "application/json" } });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return fail({ kind: "network", message: jwksFetchErrorMessage(url, detail) });
    }
    if (response.status !== 200) {
      return fail({
        kind: "status",
        status: response.status,
        message: jwksStatusMessage(
          url,
          response.status,
          REASON_PHRASES[response.status] ?? "Unknown",
        ),
      });
    }
    const contentType = response.headers.get("content-type");
    if (!jwksContentTypeOk(contentType)) {
      return fail({
        kind: "content-type",
        contentType: contentType ?? "unknown",
        message: jwksContentTypeMessage(url, contentType ?? "unknown"),
      });
    }
    try {
      text = await response.text();
    } catch (e) {
      return fail({
        kind: "network",
        message: jwksFetchErrorMessage(url, e instanceof Error ? e.message : String(e)),
      });
    }
    maxAge = maxAgeOf(response);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail({ kind: "body", message: jwksBodyMessage(url) });
  }
  if (!isJwks(body)) return fail({ kind: "body", message: jwksBodyMessage(url) });
  return { result: { ok: true, body, text }, maxAge };
}

// Keyed per cache so checks that inject their own fetch and cache never share a request.
const inFlightByCache = new WeakMap<DocumentCache, Map<string, Promise<Loaded>>>();

/**
 * Fetches a JWKS with Convex's rules (`data:` URLs, status 200, JSON content type, JWKS shape),
 * through the cache. Concurrent requests for one URL share one fetch.
 */
export async function getJwks(
  url: string,
  fetchFn: FetchLike,
  cache: DocumentCache,
  now: number,
): Promise<Loaded> {
  const hit = cache.get(`jwks:${url}`, now);
  if (hit) return hit.value as Loaded;
  let inFlight = inFlightByCache.get(cache);
  if (!inFlight) inFlightByCache.set(cache, (inFlight = new Map()));
  const pending = inFlight.get(url);
  if (pending) return pending;
  const promise = loadJwks(url, fetchFn).then(({ result, maxAge }) => {
    if (maxAge > 0) cache.set(`jwks:${url}`, { value: result, expiresAt: now + maxAge });
    return result;
  });
  inFlight.set(url, promise);
  try {
    return await promise;
  } finally {
    inFlight.delete(url);
  }
}

/** Result of OIDC discovery: the metadata and its JWKS, or the failure Convex would report. */
export type DiscoveryResult =
  | { ok: true; issuer: string; jwks: unknown }
  | { ok: false; status?: number; body?: string; detail: string };

type Failure = Omit<Extract<DiscoveryResult, { ok: false }>, "ok">;

/** GETs one JSON document of the discovery flow: the parsed body, or why it is unusable. */
async function getJson(
  url: string,
  fetchFn: FetchLike,
): Promise<{ ok: true; body: unknown; response: Response } | { ok: false; failure: Failure }> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: "application/json" } });
  } catch (e) {
    const detail = `request to ${url} failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, failure: { detail } };
  }
  const text = await response.text().catch(() => "");
  if (response.status !== 200) {
    const detail = `${url} answered HTTP ${response.status}`;
    return { ok: false, failure: { status: response.status, body: text, detail } };
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown, response };
  } catch {
    return { ok: false, failure: { detail: `${url} did not return JSON` } };
  }
}

async function loadDiscovery(
  issuer: string,
  fetchFn: FetchLike,
): Promise<{ result: DiscoveryResult; maxAge: number }> {
  const url = discoveryUrl(issuer);
  const fail = (failure: Failure) => ({
    result: { ok: false as const, ...failure },
    maxAge: FAILURE_MAX_AGE_MS,
  });
  const discovered = await getJson(url, fetchFn);
  if (!discovered.ok) return fail(discovered.failure);
  const meta = (discovered.body ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof meta.issuer !== "string" || typeof meta.jwks_uri !== "string") {
    return fail({ detail: `${url} lacks \`issuer\` or \`jwks_uri\`` });
  }
  if (meta.issuer !== issuer) {
    return fail({
      detail: `the discovery document's issuer \`${meta.issuer}\` differs from the token's \`${issuer}\``,
    });
  }
  const keys = await getJson(meta.jwks_uri, fetchFn);
  if (!keys.ok) return fail(keys.failure);
  if (!isJwks(keys.body)) return fail({ detail: `${meta.jwks_uri} is not a JWKS` });
  return {
    result: { ok: true, issuer: meta.issuer, jwks: keys.body },
    maxAge: maxAgeOf(discovered.response),
  };
}

/** OIDC discovery at the token's issuer (as Convex does), cached like JWKS documents. */
export async function discover(
  issuer: string,
  fetchFn: FetchLike,
  cache: DocumentCache,
  now: number,
): Promise<DiscoveryResult> {
  const hit = cache.get(`oidc:${issuer}`, now);
  if (hit) return hit.value as DiscoveryResult;
  const { result, maxAge } = await loadDiscovery(issuer, fetchFn);
  if (maxAge > 0) cache.set(`oidc:${issuer}`, { value: result, expiresAt: now + maxAge });
  return result;
}
