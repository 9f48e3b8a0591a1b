import {
  jwksBodyMessage,
  jwksContentTypeMessage,
  jwksFetchErrorMessage,
  jwksStatusMessage,
  MSG,
  canonicalReason,
} from "./convexMessages.js";
import { readBiscuitJwkSet, type BiscuitKey } from "./backendJose.js";
import { readOidcJwks, readProviderMetadata, type OidcKey } from "./oidc.js";
import { parseJson } from "./serdeJson.js";
import type { CachedDocument, DocumentCache, FetchFailure, FetchLike } from "./types.js";
import { discoveryUrl, parseUrl } from "./urls.js";

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

/**
 * Limits on every request the checker makes. The Convex backend itself sets none: its HTTP
 * client has no request or connect timeout and reads the whole body (convex-backend
 * `crates/common/src/http/fetch.rs:71-96`, `crates/http_client/src/lib.rs:110-153`). So when a
 * limit cuts a request short, the checker cannot know what Convex would see and answers
 * "unverified" instead of predicting a failure Convex would not have.
 */
export const FETCH_LIMITS = {
  /** Per request, body included. */
  timeoutMs: 10_000,
  /** A JWKS or discovery document larger than this is not read (real ones are a few KB). */
  maxDocumentBytes: 1_048_576,
  /**
   * How much of an error response's body is read and quoted in a predicted discovery message.
   * Convex quotes the whole body; the prediction is exact up to this many characters.
   */
  maxErrorBodyChars: 4_096,
} as const;

/** Why a request was not made or not completed: the checker's own limit, not Convex's. */
export class FetchLimitError extends Error {
  override readonly name = "FetchLimitError";
  constructor(
    readonly reason: "timeout" | "too-large" | "refused",
    message: string,
  ) {
    super(message);
  }
}

/** Whether `e` is a {@link FetchLimitError} (by name, so it holds across bundles and realms). */
export function isFetchLimitError(e: unknown): e is FetchLimitError {
  return e instanceof Error && e.name === "FetchLimitError" && "reason" in e;
}

/**
 * Reads at most `maxBytes` of `response`'s body. `truncated` says there was more; with
 * `failIfLarger` that is a {@link FetchLimitError} instead. The rest of the body is cancelled.
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  failIfLarger: boolean,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const declared = Number(response.headers.get("content-length"));
  if (failIfLarger && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchLimitError("too-large", `the response declares ${declared} bytes`);
  }
  if (!response.body)
    return { bytes: new Uint8Array(await response.arrayBuffer()), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  if (truncated && failIfLarger)
    throw new FetchLimitError("too-large", `the response is larger than ${maxBytes} bytes`);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes, truncated };
}

/**
 * Runs one request and its body read under {@link FETCH_LIMITS}.timeoutMs: the fetch gets an
 * abort signal, and a fetch that ignores it is raced against the same deadline.
 */
export async function boundedRequest<T>(
  fetchFn: FetchLike,
  url: string,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new FetchLimitError(
        "timeout",
        `no complete answer from ${url} within ${FETCH_LIMITS.timeoutMs / 1000} s`,
      );
      controller.abort(error);
      reject(error);
    }, FETCH_LIMITS.timeoutMs);
  });
  // Passed as a variable: `FetchLike`'s init names only headers, yet WHATWG fetches take these.
  const init = { headers: { accept: "application/json" }, signal: controller.signal };
  try {
    return await Promise.race([fetchFn(url, init).then(read), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function maxAgeOf(response: Response): number {
  const cc = response.headers.get("cache-control") ?? "";
  if (/no-store|no-cache/i.test(cc)) return 0;
  const m = /max-age=(\d+)/i.exec(cc);
  return m ? Math.min(Number(m[1]) * 1000, DEFAULT_MAX_AGE_MS) : DEFAULT_MAX_AGE_MS;
}

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const isToken = (c: string | undefined) => c !== undefined && TCHAR.test(c);

/**
 * A media type parsed like the `mime` crate 0.3.17 does (`src/parse.rs:111-305`): no whitespace
 * in the type or before `;`, spaces (only) allowed before a parameter name and after a quoted
 * value, a trailing `;` accepted, a parameter without `=` refused. The type and parameter names
 * are case-insensitive; `null` when mime refuses the text.
 */
export function parseMediaType(
  s: string,
): { essence: string; params: Array<[string, string]> } | null {
  let i = 0;
  // top-level type, then `/` (not first)
  while (i < s.length && isToken(s[i])) i++;
  if (i === 0 || s[i] !== "/") return null;
  i++;
  const subStart = i;
  while (i < s.length && isToken(s[i])) i++;
  const essence = s.slice(0, i).toLowerCase();
  if (i === s.length) return { essence, params: [] };
  if (s[i] !== ";" || i === subStart) return null;
  i++;
  const params: Array<[string, string]> = [];
  while (i < s.length) {
    if (s[i] === " ") {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < s.length && isToken(s[i])) i++;
    if (i === s.length || s[i] !== "=" || i === nameStart) return null;
    const name = s.slice(nameStart, i).toLowerCase();
    i++;
    let value: string;
    if (s[i] === '"') {
      const valueStart = ++i;
      // Any byte from 0x20 except DEL, the first `"` after at least one character closing it.
      for (;;) {
        if (i === s.length) return null;
        const c = s.charCodeAt(i);
        if (c === 0x22 && i > valueStart) break;
        if (c <= 31 || c === 127) return null;
        i++;
      }
      value = s.slice(valueStart, i);
      i++;
      while (s[i] === " ") i++;
      if (i < s.length) {
        if (s[i] !== ";") return null;
        i++;
      }
    } else {
      const valueStart = i;
      while (i < s.length && isToken(s[i])) i++;
      if (i < s.length) {
        if (s[i] !== ";" || i === valueStart) return null;
        value = s.slice(valueStart, i);
        i++;
      } else value = s.slice(valueStart, i);
    }
    params.push([name, value]);
  }
  return { essence, params };
}

// http's `HeaderValue::to_str` accepts visible ASCII and tab only.
const VISIBLE_ASCII = /^[\t\x20-\x7e]*$/;

/**
 * The Content-Type check of convex-backend's `fetch_jwks` (`crates/authentication/src/lib.rs:
 * 445-472`): the header must be visible ASCII, parse as a media type, have the essence
 * `application/json` or `application/jwk-set+json` (any case), and a first `charset` parameter
 * that is absent or `utf-8` (any case; mime compares charset values case-insensitively,
 * `src/lib.rs:456-462, 548-557`, and `get_param` returns the first match, `src/lib.rs:200-203`).
 */
function jwksContentTypeOk(header: string | null): boolean {
  if (header === null || !VISIBLE_ASCII.test(header)) return false;
  const mime = parseMediaType(header);
  if (!mime) return false;
  if (mime.essence !== "application/json" && mime.essence !== "application/jwk-set+json")
    return false;
  const charset = mime.params.find(([name]) => name === "charset");
  return charset === undefined || charset[1].toLowerCase() === "utf-8";
}

/** The Content-Type as the JWKS message quotes it: `unknown` when missing or not visible ASCII. */
function quotedContentType(header: string | null): string {
  return header !== null && VISIBLE_ASCII.test(header) ? header : "unknown";
}

/**
 * The part of `url` after `data:` when Convex's `DataUrl::process` (data-url 0.3.1,
 * `src/lib.rs:54-69, 120-150`) takes it for a data URL: leading and trailing characters up to
 * U+0020 ignored, tab/LF/CR skipped, the scheme in any case, and a `,` before any `#`.
 * `null` when it is not one (Convex then requests it over HTTP).
 */
export function dataUrlParts(url: string): { header: string; body: string } | null {
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  const trimmed = url.slice(start);
  let i = 0;
  let matched = 0;
  while (matched < 5 && i < trimmed.length) {
    const c = trimmed[i++]!;
    if (c === "\t" || c === "\n" || c === "\r") continue;
    if ((matched < 4 ? c.toLowerCase() : c) !== "data:"[matched]) return null;
    matched++;
  }
  if (matched < 5) return null;
  let end = trimmed.length;
  while (end > i && trimmed.charCodeAt(end - 1) <= 0x20) end--;
  const rest = trimmed.slice(i, end);
  for (let j = 0; j < rest.length; j++) {
    if (rest[j] === ",") return { header: rest.slice(0, j), body: rest.slice(j + 1) };
    if (rest[j] === "#") return null;
  }
  return null;
}

/**
 * The body bytes of a data URL, decoded as data-url 0.3.1 does (`src/lib.rs:152-269`): a
 * header ending in `;base64` (any case, spaces allowed before `base64`) means forgiving base64
 * (what `atob` implements); the body is percent-decoded first (a malformed `%` stays as is),
 * tab/LF/CR are dropped, and decoding stops at `#`. `null` when the base64 is invalid, which
 * is the only failure Convex reports as an invalid data URL.
 */
function decodeDataUrl(parts: { header: string; body: string }): Uint8Array | null {
  const header = parts.header.replace(/[\t\n\r]/g, "").replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
  const base64 = /; *base64$/i.test(header);
  const input = new TextEncoder().encode(parts.body);
  const out: number[] = [];
  const hex = (b: number | undefined) =>
    b === undefined
      ? -1
      : b >= 48 && b <= 57
        ? b - 48
        : (b | 32) >= 97 && (b | 32) <= 102
          ? (b | 32) - 87
          : -1;
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b === 0x23) break;
    if (b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b === 0x25) {
      const h = hex(input[i + 1]);
      const l = hex(input[i + 2]);
      if (h >= 0 && l >= 0) {
        out.push(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out.push(b);
  }
  if (!base64) return Uint8Array.from(out);
  try {
    let latin1 = "";
    for (let i = 0; i < out.length; i += 8192)
      latin1 += String.fromCharCode(...out.slice(i, i + 8192));
    const binary = atob(latin1);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * A URL as `http::Uri`'s `Display` writes it (scheme, authority, then path and query, with `/`
 * for an empty path).
 */
export function uriDisplay(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)([^#]*)/.exec(url);
  if (!m) return url;
  const rest = m[2]!;
  return m[1]! + (rest.startsWith("/") ? rest : `/${rest}`);
}

/** A fetch the checker's own limits stopped (see {@link FETCH_LIMITS}). */
export interface LimitHit {
  reason: FetchLimitError["reason"];
  url: string;
  detail: string;
}

/**
 * A loaded JWKS (its keys as Convex's JWT library reads them), the failure Convex would report,
 * or a limit of the checker that stopped the request.
 */
export type Loaded =
  | { ok: true; keys: BiscuitKey[] }
  | { ok: false; failure: FetchFailure }
  | { ok: false; limit: LimitHit };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The keys of a JWKS body, parsed as convex-backend does (`crates/authentication/src/lib.rs:
 * 280-289`): serde_json over the raw bytes (a byte-order mark or invalid UTF-8 fails it), then
 * biscuit's `JWKSet`, where one key it cannot read fails the whole set.
 */
export function parseJwksBody(bytes: Uint8Array): BiscuitKey[] | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const parsed = parseJson(text);
  return parsed.ok ? readBiscuitJwkSet(parsed.node) : null;
}

async function loadJwks(
  url: string,
  fetchFn: FetchLike,
): Promise<{ result: Loaded; maxAge: number }> {
  const fail = (failure: FetchFailure) => ({
    result: { ok: false as const, failure },
    maxAge: FAILURE_MAX_AGE_MS,
  });
  let bytes: Uint8Array;
  let maxAge = DEFAULT_MAX_AGE_MS;
  const dataUrl = dataUrlParts(url);
  if (dataUrl) {
    const decoded = decodeDataUrl(dataUrl);
    if (decoded === null) return fail({ kind: "data-url", message: MSG.jwksDataUrlInvalid });
    bytes = decoded;
  } else {
    type Read =
      | { failure: FetchFailure }
      | { bytes: Uint8Array; maxAge: number }
      | { limit: FetchLimitError };
    let read: Read;
    try {
      read = await boundedRequest<Read>(fetchFn, url, async (response) => {
        // Convex's HTTP client turns any 407 into a transport error before the status is looked
        // at (convex-backend `crates/http_client/src/lib.rs:131-134`).
        if (response.status === 407) {
          await response.body?.cancel().catch(() => undefined);
          return {
            failure: {
              kind: "network",
              message: jwksFetchErrorMessage(url, `Request to ${uriDisplay(url)} forbidden`),
            },
          };
        }
        if (response.status !== 200) {
          await response.body?.cancel().catch(() => undefined);
          return {
            failure: {
              kind: "status",
              status: response.status,
              message: jwksStatusMessage(
                url,
                response.status,
                canonicalReason(response.status) ?? "Unknown",
              ),
            },
          };
        }
        const contentType = response.headers.get("content-type");
        if (!jwksContentTypeOk(contentType)) {
          await response.body?.cancel().catch(() => undefined);
          const quoted = quotedContentType(contentType);
          return {
            failure: {
              kind: "content-type",
              contentType: quoted,
              message: jwksContentTypeMessage(url, quoted),
            },
          };
        }
        const body = await readCapped(response, FETCH_LIMITS.maxDocumentBytes, true);
        return { bytes: body.bytes, maxAge: maxAgeOf(response) };
      });
    } catch (e) {
      if (isFetchLimitError(e)) read = { limit: e };
      else {
        const detail = e instanceof Error ? e.message : String(e);
        return fail({
          kind: "network",
          message: jwksFetchErrorMessage(url, detail),
          unreachable: true,
        });
      }
    }
    if ("failure" in read) return fail(read.failure);
    if ("limit" in read)
      return {
        result: {
          ok: false,
          limit: { reason: read.limit.reason, url, detail: read.limit.message },
        },
        maxAge: 0,
      };
    bytes = read.bytes;
    maxAge = read.maxAge;
  }
  const keys = parseJwksBody(bytes);
  if (keys === null) return fail({ kind: "body", message: jwksBodyMessage(url) });
  return { result: { ok: true, keys }, maxAge };
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

/** Result of OIDC discovery: the metadata and its keys, or the failure Convex would report. */
export type DiscoveryResult =
  | { ok: true; issuer: string; keys: OidcKey[] }
  | {
      ok: false;
      status?: number;
      body?: string;
      /** The body was longer than {@link FETCH_LIMITS}.maxErrorBodyChars and is cut there. */
      bodyTruncated?: boolean;
      detail: string;
      /** Set when the checker's own limit stopped the request (nothing to predict). */
      limit?: LimitHit;
      /** The request got no answer at all (DNS, connection, TLS) from where the checker runs. */
      unreachable?: boolean;
    };

type Failure = Omit<Extract<DiscoveryResult, { ok: false }>, "ok">;

// `String::from_utf8_lossy` in the discovery message (`crates/authentication/src/lib.rs:220`):
// invalid bytes become U+FFFD and a byte-order mark stays.
const lossy = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * openidconnect's `check_content_type` (`src/http_utils.rs:13-43`): no Content-Type passes;
 * otherwise the text before the first `;`, lower-cased and not trimmed, must be one of
 * `essences` (and the header visible ASCII).
 */
function oidcContentTypeOk(header: string | null, essences: readonly string[]): boolean {
  if (header === null) return true;
  if (!VISIBLE_ASCII.test(header)) return false;
  const semi = header.indexOf(";");
  return essences.includes((semi < 0 ? header : header.slice(0, semi)).toLowerCase());
}

/**
 * GETs one document of the discovery flow (`src/discovery/mod.rs:343-377`,
 * `src/types/jwks.rs:132-162`): its bytes, or the failure. A non-200 status, and a 200 whose
 * Content-Type is wrong, are `DiscoveryError::Response(status, body)`, which Convex renders
 * with the status and the body; every other failure renders without them.
 */
/** An error response's body as the discovery message quotes it, cut at the limit. */
async function errorBody(response: Response): Promise<{ body: string; bodyTruncated: boolean }> {
  const max = FETCH_LIMITS.maxErrorBodyChars;
  // Four bytes per character at most, so the cut never lands inside the characters kept.
  const { bytes, truncated } = await readCapped(response, max * 4, false);
  const text = lossy.decode(bytes);
  return text.length > max || truncated
    ? { body: text.slice(0, max), bodyTruncated: true }
    : { body: text, bodyTruncated: false };
}

async function getDocument(
  url: string,
  fetchFn: FetchLike,
  essences: readonly string[],
): Promise<{ ok: true; bytes: Uint8Array; response: Response } | { ok: false; failure: Failure }> {
  type Got = { ok: true; bytes: Uint8Array; response: Response } | { ok: false; failure: Failure };
  try {
    return await boundedRequest<Got>(fetchFn, url, async (response) => {
      if (response.status === 407) {
        // A transport error in Convex's HTTP client (`crates/http_client/src/lib.rs:131-134`),
        // so discovery fails without a status (`crates/authentication/src/lib.rs:232-239`).
        await response.body?.cancel().catch(() => undefined);
        return {
          ok: false,
          failure: { detail: `${url} answered HTTP 407, which Convex treats as a refused request` },
        };
      }
      if (response.status !== 200) {
        const detail = `${url} answered HTTP ${response.status}`;
        return {
          ok: false,
          failure: { status: response.status, ...(await errorBody(response)), detail },
        };
      }
      const contentType = response.headers.get("content-type");
      if (!oidcContentTypeOk(contentType, essences)) {
        const detail = `${url} answered with Content-Type \`${contentType ?? ""}\`, not ${essences.map((e) => `\`${e}\``).join(" or ")}`;
        return { ok: false, failure: { status: 200, ...(await errorBody(response)), detail } };
      }
      const { bytes } = await readCapped(response, FETCH_LIMITS.maxDocumentBytes, true);
      return { ok: true, bytes, response };
    });
  } catch (e) {
    if (isFetchLimitError(e))
      return {
        ok: false,
        failure: { detail: e.message, limit: { reason: e.reason, url, detail: e.message } },
      };
    const detail = `request to ${url} failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, failure: { detail, unreachable: true } };
  }
}

async function loadDiscovery(
  issuer: string,
  fetchFn: FetchLike,
): Promise<{ result: DiscoveryResult; maxAge: number }> {
  const fail = (failure: Failure) => ({
    result: { ok: false as const, ...failure },
    maxAge: failure.limit ? 0 : FAILURE_MAX_AGE_MS,
  });
  const url = discoveryUrl(issuer);
  if (parseUrl(url) === null)
    return fail({ detail: `\`${issuer}\` and the discovery path do not form a URL` });
  const discovered = await getDocument(url, fetchFn, ["application/json"]);
  if (!discovered.ok) return fail(discovered.failure);
  const meta = readProviderMetadata(discovered.bytes);
  if (!meta.ok) return fail({ detail: `${url}: ${meta.detail}` });
  // `IssuerUrl` equality is exact string equality (openidconnect `src/macros.rs:420-424`;
  // `src/discovery/mod.rs:384-392`).
  if (meta.issuer !== issuer) {
    return fail({
      detail: `the discovery document's issuer \`${meta.issuer}\` differs from the token's \`${issuer}\``,
    });
  }
  // The key set is requested at `jwks_uri` exactly as written (`JsonWebKeySetUrl`'s `Display`).
  const keysDoc = await getDocument(meta.jwksUri, fetchFn, [
    "application/json",
    "application/jwk-set+json",
  ]);
  if (!keysDoc.ok) return fail(keysDoc.failure);
  const keys = readOidcJwks(keysDoc.bytes);
  if (keys === null) return fail({ detail: `${meta.jwksUri} is not a JSON Web Key Set` });
  return {
    result: { ok: true, issuer: meta.issuer, keys },
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
