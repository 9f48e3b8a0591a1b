import { base64url } from "jose";
import { readBiscuitHeader, SIGNATURE_ALGORITHMS, type BiscuitKey } from "./backendJose.js";
import { compareFindings, finding } from "./catalogue.js";
import { keyClientAgreement } from "./clientIds.js";
import {
  discoveryFailedMessage,
  kidMessage,
  missingKidMessage,
  MSG,
  noProviderMessage,
  notYetValidMessage,
  tokenExpiredMessage,
} from "./convexMessages.js";
import { dataUrlParts, defaultDocumentCache, discover, getJwks, type LimitHit } from "./fetcher.js";
import { customJwtIdentity } from "./identity.js";
import { eligibleKeys, oidcIdentity, parseOidcToken, typAllowed, type OidcKey } from "./oidc.js";
import { decodeToken, isCanonicalBase64url, type DecodedToken } from "./jwt.js";
import { issuerMatches, normalizeProviders } from "./providers.js";
import { discoveryUrl, parseUrl } from "./urls.js";
import { isNamedClientId, tokenClientId } from "./workos.js";
import type {
  CheckTokenOptions,
  EvidenceValue,
  Finding,
  FindingCode,
  NormalizedProvider,
  PredictedIdentity,
  TokenCheck,
  TokenCheckCode,
} from "./types.js";
import { TOKEN_CHECK_CODES } from "./types.js";

/** Convex's clock leeway for customJwt `exp`/`nbf`/`iat`, in seconds. */
export const LEEWAY_SECONDS = 5;

const OIDC_ALGORITHMS = new Set(["RS256", "EdDSA"]);

interface Context {
  providers: NormalizedProvider[];
  findings: Finding[];
  redact: boolean;
  /** See {@link CheckTokenOptions.fetchesAsConvex}. */
  fetchesAsConvex: boolean;
}

function result(
  ctx: Context,
  verdict: TokenCheck["verdict"],
  code: TokenCheckCode,
  evidence: Record<string, EvidenceValue>,
  extra: {
    provider?: NormalizedProvider | null;
    convexMessage?: string | null;
    convexCode?: string | null;
    identity?: PredictedIdentity | null;
    /** The catalogue wording of the primary finding. */
    variant?: string;
  } = {},
): TokenCheck {
  const findings = [finding(code, evidence, extra.variant), ...ctx.findings].sort(compareFindings);
  return {
    verdict,
    code,
    providerIndex: extra.provider ? extra.provider.index : null,
    convexMessage: extra.convexMessage ?? null,
    convexCode: extra.convexMessage ? (extra.convexCode ?? "InvalidAuthHeader") : null,
    identity: extra.identity ?? null,
    findings,
  };
}

/** The token's audiences as evidence: the list, or `null` when the token has no `aud`. */
function audienceEvidence(aud: string[] | undefined): EvidenceValue {
  return aud === undefined ? null : aud;
}

/** Explains, for each provider that does not match the token, why not. */
function explainMismatches(
  providers: NormalizedProvider[],
  iss: string,
  aud: string[] | undefined,
): Finding[] {
  const out: Finding[] = [];
  for (const p of providers) {
    let key: "issuer" | "audience-missing" | "audience-mismatch" | null = null;
    if (!issuerMatches(p.issuer ?? "", iss)) key = "issuer";
    else if (p.applicationID !== null && !(aud ?? []).includes(p.applicationID))
      key = aud === undefined ? "audience-missing" : "audience-mismatch";
    if (key === null) continue;
    const ev: Record<string, EvidenceValue> = {
      providerIndex: p.index,
      provider: p.label,
      providerIssuer: p.issuer,
      iss,
      applicationID: p.applicationID,
      aud: audienceEvidence(aud),
      mismatch: key,
    };
    const variant =
      key === "audience-missing" && audienceMissingVariant(p) === "legacy"
        ? "audience-missing-legacy"
        : key === "audience-missing" && p.kind === "oidc"
          ? "audience-missing-oidc"
          : key === "issuer"
            ? undefined
            : key;
    out.push(finding("PROVIDER_NOT_MATCHED", ev, variant));
  }
  return out;
}

type SignatureOutcome =
  | { ok: true }
  | {
      ok: false;
      code: TokenCheckCode;
      evidence: Record<string, EvidenceValue>;
      variant?: string;
      /** The backend panics at this step instead of answering (no error text). */
      panics?: boolean;
    };

const malformed = (detail: string, variant?: string): SignatureOutcome => ({
  ok: false,
  code: "TOKEN_MALFORMED",
  evidence: { detail },
  variant,
});

/** The number of significant bits of a big-endian unsigned integer. */
function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

const customJwtKeys = new WeakMap<BiscuitKey, Promise<CryptoKey>>();

/**
 * The public key biscuit builds from a JWK (`src/jws/compact.rs:198-203`), imported for WebCrypto
 * with nothing but the key material: biscuit never reads `use`, `key_ops` or `ext`, so unlike
 * jose's `importJWK` they must not change the verdict. An EC key becomes the raw point
 * `0x04 ‖ x ‖ y` verified as P-256 whatever its `crv` says (`src/jwk.rs:371-380`, ring
 * `ECDSA_P256_SHA256_FIXED` at `src/jwa.rs:384`).
 */
function customJwtKey(jwk: BiscuitKey, alg: "RS256" | "ES256"): Promise<CryptoKey> {
  let key = customJwtKeys.get(jwk);
  if (!key) {
    const m = jwk.material;
    key =
      alg === "RS256"
        ? crypto.subtle.importKey(
            "jwk",
            { kty: "RSA", n: m.n, e: m.e, alg: "RS256", ext: true },
            { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
            false,
            ["verify"],
          )
        : crypto.subtle.importKey(
            "raw",
            Uint8Array.from([4, ...base64url.decode(m.x!), ...base64url.decode(m.y!)]),
            { name: "ECDSA", namedCurve: "P-256" },
            false,
            ["verify"],
          );
    customJwtKeys.set(jwk, key);
  }
  return key;
}

/**
 * Convex's customJwt decode step, in the order of biscuit's `decode_with_jwks` (rev 05bdaab
 * `src/jws/compact.rs:142-214`): three parts, the signature part's base64url, the header, its
 * `kid`, the first key with that `kid`, the algorithm rules, the key type, then the signature.
 */
async function verifySignature(
  token: string,
  decoded: DecodedToken,
  keys: BiscuitKey[],
  expectedAlg: string,
  jwksUrl: string,
): Promise<SignatureOutcome> {
  const parts = token.split(".");
  if (parts.length !== 3) return malformed(`the token has ${parts.length} parts, not 3`);
  if (!isCanonicalBase64url(parts[2]!)) {
    return malformed("the signature part is not canonical base64url");
  }
  const header = readBiscuitHeader(decoded.headerNode);
  if (!header.ok) return malformed(header.detail, "header-unreadable");
  const { alg, kid } = header;
  if (kid === null) return { ok: false, code: "KEY_ID_MISSING", evidence: {} };
  // `JWKSet::find` (biscuit `src/jwk.rs:661-664`): the first key whose `kid` equals exactly.
  const jwk = keys.find((k) => k.kid === kid);
  const kids = keys.map((k) => k.kid ?? "(no kid)");
  if (!jwk) return { ok: false, code: "KEY_NOT_FOUND", evidence: { kid, jwks: jwksUrl, kids } };
  const mismatch = (
    expected: string,
    why: "jwk-not-signing" | "jwk-alg" | "configured" | "key-type" | "key-type-panic",
    extra: Record<string, EvidenceValue> = {},
  ): SignatureOutcome => ({
    ok: false,
    code: "ALGORITHM_MISMATCH",
    evidence: { kid, alg, expectedAlg: expected, ...extra },
    variant: why === "configured" ? undefined : why,
    panics: why === "key-type-panic",
  });
  let useAlg: string;
  if (jwk.alg !== null) {
    if (!SIGNATURE_ALGORITHMS.has(jwk.alg))
      return mismatch(jwk.alg, "jwk-not-signing", { jwkAlg: jwk.alg });
    if (alg !== jwk.alg) return mismatch(jwk.alg, "jwk-alg", { jwkAlg: jwk.alg });
    if (expectedAlg !== jwk.alg)
      return mismatch(expectedAlg, "configured", { configured: expectedAlg, jwkAlg: jwk.alg });
    useAlg = jwk.alg;
  } else {
    if (expectedAlg !== alg)
      return mismatch(expectedAlg, "configured", { configured: expectedAlg, jwkAlg: null });
    useAlg = expectedAlg;
  }
  // Convex configures only RS256 or ES256 (`crates/common/src/auth.rs:85-98`), and the algorithm
  // used always equals the configured one here.
  const verifyAlg = useAlg === "ES256" ? "ES256" : "RS256";
  // An OKP key has no verification secret (`UnsupportedKeyAlgorithm`, compact.rs:202). An `oct`
  // key with any public-key algorithm, or an RSA key with ES256, reaches `unreachable!()` in
  // `verify_public_key` (biscuit `src/jwa.rs:422, 448`): a panic, which aborts a release build.
  if (jwk.kty === "OKP") return mismatch(useAlg, "key-type", { kty: jwk.kty });
  if (jwk.kty === "oct" || (jwk.kty === "RSA" && verifyAlg === "ES256"))
    return mismatch(useAlg, "key-type-panic", { kty: jwk.kty });
  // An EC key with RS256 is handed to ring's RSA verifier, which cannot parse it.
  if (jwk.kty === "EC" && verifyAlg === "RS256")
    return mismatch(useAlg, "key-type", { kty: jwk.kty });
  if (jwk.kty === "RSA") {
    // ring's `RSA_PKCS1_2048_8192_SHA256` (biscuit `src/jwa.rs:416`) takes moduli of 2048 to
    // 8192 bits; biscuit passes `n` without leading zero bytes (`to_bytes_be`, jwa.rs:425).
    const bits = bitLength(base64url.decode(jwk.material.n!));
    if (bits < 2048 || bits > 8192)
      return {
        ok: false,
        code: "SIGNATURE_INVALID",
        evidence: { kid, jwks: jwksUrl, bits },
        variant: "key-size",
      };
  }
  let key: CryptoKey;
  try {
    key = await customJwtKey(jwk, verifyAlg);
  } catch {
    return mismatch(useAlg, "key-type", { kty: jwk.kty });
  }
  const valid = await crypto.subtle
    .verify(
      verifyAlg === "RS256"
        ? { name: "RSASSA-PKCS1-v1_5" }
        : { name: "ECDSA", hash: { name: "SHA-256" } },
      key,
      // Uint8Array.from: bytes of this realm, which WebCrypto accepts under jsdom too.
      Uint8Array.from(base64url.decode(parts[2]!)),
      Uint8Array.from(new TextEncoder().encode(`${parts[0]}.${parts[1]}`)),
    )
    .catch(() => false);
  if (!valid) return { ok: false, code: "SIGNATURE_INVALID", evidence: { kid, jwks: jwksUrl } };
  return { ok: true };
}

/** Convex's time checks (5 s leeway, exp → nbf → iat), on whole seconds like the backend. */
function timeCheck(
  decoded: DecodedToken,
  nowMs: number,
): { code: TokenCheckCode; message: string; evidence: Record<string, EvidenceValue> } | null {
  const now = Math.floor(nowMs / 1000);
  const { exp, nbf, iat } = decoded.claims;
  if (exp !== undefined && now - exp > LEEWAY_SECONDS) {
    return {
      code: "TOKEN_EXPIRED",
      message: tokenExpiredMessage(now - exp),
      evidence: { seconds: now - exp, exp },
    };
  }
  if (nbf !== undefined && nbf - now > LEEWAY_SECONDS) {
    return {
      code: "TOKEN_NOT_YET_VALID",
      message: notYetValidMessage(nbf - now),
      evidence: { seconds: nbf - now, claim: "nbf" },
    };
  }
  if (iat !== undefined && iat - now > LEEWAY_SECONDS) {
    return {
      code: "TOKEN_NOT_YET_VALID",
      message: notYetValidMessage(iat - now),
      evidence: { seconds: iat - now, claim: "iat" },
    };
  }
  return null;
}

/**
 * The wording of `AUDIENCE_MISSING` for the provider whose issuer the token matched: whether
 * removing `applicationID` is the fix depends on it. WorkOS's client-scoped issuers
 * (`…/user_management/<clientId>`) never put `aud` in access tokens, so the `applicationID` is
 * the mistake; on the `https://api.workos.com/` issuer the Convex docs keep `applicationID`,
 * so the token is what lacks `aud`; an OIDC provider cannot drop `applicationID` at all.
 */
function audienceMissingVariant(
  p: NormalizedProvider,
): "oidc" | "user-management" | "legacy" | undefined {
  if (p.kind === "oidc") return "oidc";
  if (
    p.workosVariant === "user_management" ||
    p.workosVariant === "sso" ||
    p.workosVariant === "convex"
  )
    return "user-management";
  if (p.workosVariant === "legacy") return "legacy";
  return undefined;
}

function closestMiss(
  providers: NormalizedProvider[],
  iss: string,
  aud: string[] | undefined,
): { code: TokenCheckCode; provider: NormalizedProvider | null } {
  const sameIssuer = providers.find((p) => issuerMatches(p.issuer ?? "", iss));
  if (!sameIssuer) return { code: "ISSUER_MISMATCH", provider: null };
  return {
    code: aud === undefined ? "AUDIENCE_MISSING" : "AUDIENCE_MISMATCH",
    provider: sameIssuer,
  };
}

/**
 * Predicts exactly what the Convex backend does with `token` given the `providers` of
 * `convex/auth.config.ts`: the verdict, the real cause, the provider Convex picks, the exact
 * error text and the identity `ctx.auth.getUserIdentity()` would return. Never throws.
 *
 * @example
 * const check = await checkToken(accessToken, authConfig.providers);
 * if (check.verdict === "rejected") console.log(check.code, check.convexMessage);
 */
export async function checkToken(
  token: unknown,
  providers: unknown,
  options: CheckTokenOptions = {},
): Promise<TokenCheck> {
  try {
    return await checkTokenUnsafe(token, providers, options);
  } catch (e) {
    // Defence in depth: an unexpected failure is reported, never thrown into the caller.
    const ctx: Context = { providers: [], findings: [], redact: false, fetchesAsConvex: false };
    return result(ctx, "rejected", "TOKEN_MALFORMED", {
      detail: `unexpected input (${e instanceof Error ? e.message : String(e)})`,
    });
  }
}

async function checkTokenUnsafe(
  token: unknown,
  providers: unknown,
  options: CheckTokenOptions,
): Promise<TokenCheck> {
  const now =
    typeof options.now === "number" && Number.isFinite(options.now) ? options.now : Date.now();
  const redact = options.redactErrors === true;
  const transport = options.transport === "http" ? "http" : "websocket";
  const cache = options.cache ?? defaultDocumentCache;
  const fetchFn =
    options.fetch === undefined
      ? typeof fetch === "function"
        ? fetch.bind(globalThis)
        : null
      : options.fetch;

  const set = normalizeProviders(providers, options.providerIndexes);
  const ctx: Context = {
    providers: set.convexOrder,
    findings: [...set.findings],
    redact,
    fetchesAsConvex: options.fetchesAsConvex === true,
  };

  // Over HTTP the token arrives as `Authorization: Bearer <token>`, which can only hold visible
  // ASCII, and `extract_bearer_token` trims what follows `Bearer ` (convex-backend
  // `crates/authentication/src/lib.rs:116`, called from `crates/local_backend/src/
  // authentication.rs:70`). The WebSocket's `Authenticate` message carries the token as is.
  if (transport === "http" && typeof token === "string")
    token = token.replace(/^[ \t]+|[ \t]+$/g, "");
  const decoded = decodeToken(token);
  if (!decoded.ok && decoded.outOfRange) {
    // The routing parse (convex-backend `crates/authentication/src/lib.rs:166-173`) reaches
    // biscuit's `from_timestamp_opt(..).unwrap()` (biscuit `src/lib.rs:727-730`) before any
    // provider is looked at; a release build aborts on the panic (`Cargo.toml:270-273`). No
    // error text reaches the client: the request or the WebSocket simply fails.
    return result(
      ctx,
      "rejected",
      "TOKEN_MALFORMED",
      { detail: decoded.detail, claim: decoded.outOfRange.claim, value: decoded.outOfRange.value },
      { variant: "time-out-of-range" },
    );
  }
  if (!decoded.ok) {
    return result(
      ctx,
      "rejected",
      "TOKEN_MALFORMED",
      { detail: decoded.detail },
      { convexMessage: MSG.payloadUnparsable },
    );
  }
  const { claims } = decoded.token;
  const iss = claims.iss;
  if (iss === undefined)
    return result(ctx, "rejected", "ISSUER_MISSING", {}, { convexMessage: MSG.issuerMissing });

  const aud = claims.aud;
  const provider = set.convexOrder.find(
    (p) =>
      (p.applicationID === null || (aud ?? []).includes(p.applicationID)) &&
      issuerMatches(p.issuer ?? "", iss),
  );
  ctx.findings.push(...explainMismatches(set.convexOrder, iss, aud));

  if (!provider) {
    const labels = set.convexOrder.map((p) => p.label);
    const convexMessage = noProviderMessage(labels, redact);
    if (set.convexOrder.length === 0) {
      return result(
        ctx,
        "rejected",
        "NO_PROVIDERS",
        {},
        { convexMessage, convexCode: "NoAuthProvider" },
      );
    }
    const miss = closestMiss(set.convexOrder, iss, aud);
    const evidence: Record<string, EvidenceValue> = {
      iss,
      aud: audienceEvidence(aud),
      issuers: set.convexOrder.map((p) => p.issuer ?? ""),
      providers: labels,
      // The WorkOS client the token's issuer names, so the fix can spell out the docs' provider.
      clientId: tokenClientId(iss),
    };
    if (miss.provider)
      Object.assign(evidence, {
        providerIndex: miss.provider.index,
        applicationID: miss.provider.applicationID,
      });
    // A WorkOS token whose client the providers do not name, while they name another WorkOS
    // client: the client IDs differ, and adding the token's issuer would be the wrong fix.
    const otherClient =
      miss.code === "ISSUER_MISMATCH" && evidence.clientId
        ? set.convexOrder
            .map((p) => p.workosClientId)
            .find((id): id is string => isNamedClientId(id) && id !== evidence.clientId)
        : undefined;
    if (otherClient) evidence.serverClientId = otherClient;
    return result(ctx, "rejected", miss.code, evidence, {
      convexMessage,
      convexCode: "NoAuthProvider",
      variant:
        miss.code === "AUDIENCE_MISSING" && miss.provider
          ? audienceMissingVariant(miss.provider)
          : otherClient
            ? "other-client"
            : undefined,
    });
  }

  const picked = { provider };
  const base: Record<string, EvidenceValue> = {
    providerIndex: provider.index,
    provider: provider.label,
  };

  if (provider.kind === "oidc") {
    if (fetchFn === null) return unverified(ctx, decoded.token, now, base, provider);
    return checkOidc(
      ctx,
      token as string,
      decoded.token,
      provider,
      fetchFn,
      cache,
      now,
      transport,
      base,
    );
  }

  // customJwt: JWKS first, then decode with it, then time, then required claims.
  const jwksUrl = provider.jwks ?? "";
  if (fetchFn === null && dataUrlParts(jwksUrl) === null)
    return unverified(ctx, decoded.token, now, base, provider);
  const jwks = await getJwks(
    jwksUrl,
    fetchFn ?? (() => Promise.reject(new Error("fetch disabled"))),
    cache,
    now,
  );
  if (!jwks.ok && "limit" in jwks)
    return unverified(ctx, decoded.token, now, base, provider, jwks.limit);
  if (!jwks.ok && jwks.failure.unreachable && !ctx.fetchesAsConvex)
    return unreachable(ctx, decoded.token, now, base, provider, jwksUrl, jwks.failure.message);
  if (!jwks.ok) {
    return result(
      ctx,
      "rejected",
      "JWKS_UNAVAILABLE",
      { ...base, jwks: jwksUrl, detail: jwks.failure.message },
      { ...picked, convexMessage: jwks.failure.message },
    );
  }
  const sig = await verifySignature(
    token as string,
    decoded.token,
    jwks.keys,
    provider.algorithm ?? "RS256",
    jwksUrl,
  );
  if (!sig.ok) {
    // Whatever step failed, the message names the `kid` of a header biscuit can read, and only
    // then (convex-backend `crates/authentication/src/lib.rs:290-315`: `unverified_header().ok()`).
    // A header it cannot read, such as `{"alg":"EdDSA","kid":"k1"}`, gets the missing-kid text,
    // which production redaction leaves alone (lib.rs:48-62 looks for "The JWT is missing").
    const header = readBiscuitHeader(decoded.token.headerNode);
    const kid = header.ok ? header.kid : null;
    const convexMessage = sig.panics
      ? null
      : kid === null
        ? missingKidMessage(redact)
        : kidMessage(kid, redact);
    // A missing `kid` with one client ID on both sides is not a client-ID mix-up.
    const agreed =
      sig.code === "KEY_NOT_FOUND" ? keyClientAgreement({ issuer: iss, jwks: jwksUrl }) : null;
    return result(
      ctx,
      "rejected",
      sig.code,
      { ...base, ...sig.evidence, ...agreed },
      { ...picked, convexMessage, variant: agreed ? "same-client" : sig.variant },
    );
  }
  const time = timeCheck(decoded.token, now);
  if (time)
    return result(
      ctx,
      "rejected",
      time.code,
      { ...base, ...time.evidence },
      { ...picked, convexMessage: time.message },
    );

  const missing = ["sub", "exp"].filter((c) => claims[c as "sub" | "exp"] === undefined);
  if (missing.length > 0) {
    return result(
      ctx,
      "rejected",
      "CLAIM_MISSING",
      { ...base, required: ["sub", "exp"], missing },
      { ...picked, convexMessage: MSG.claimInvalid },
    );
  }
  if (transport === "websocket" && now >= claims.exp! * 1000) {
    const seconds = Math.floor(now / 1000) - claims.exp!;
    return result(
      ctx,
      "rejected",
      "TOKEN_EXPIRED",
      {
        ...base,
        seconds,
        exp: claims.exp!,
      },
      {
        ...picked,
        convexMessage: MSG.identityExpired,
        convexCode: "TokenExpired",
        variant: "websocket",
      },
    );
  }
  return result(ctx, "accepted", "TOKEN_ACCEPTED", base, {
    ...picked,
    identity: customJwtIdentity(iss, claims.sub!, decoded.token.payloadNode),
  });
}

/**
 * The verdict when keys were not fetched: fetching is off, or one of the checker's own limits
 * (timeout, size, allow-list) stopped a request whose outcome Convex would see differently.
 */
function unverified(
  ctx: Context,
  decoded: DecodedToken,
  now: number,
  base: Record<string, EvidenceValue>,
  provider: NormalizedProvider,
  limit?: LimitHit,
): TokenCheck {
  const time = timeCheck(decoded, now);
  if (time) ctx.findings.push(finding(time.code, { ...base, ...time.evidence }));
  if (!limit) return result(ctx, "unverified", "TOKEN_UNVERIFIED", base, { provider });
  return result(
    ctx,
    "unverified",
    "TOKEN_UNVERIFIED",
    { ...base, url: limit.url, reason: limit.reason, detail: limit.detail },
    { provider, variant: "fetch-limit" },
  );
}

/**
 * A key document the checker could not reach at all (no HTTP answer). Convex fetches from its
 * own servers, so that says nothing about what Convex sees: unverified, unless the fetch is
 * Convex's own (`fetchesAsConvex`).
 */
function unreachable(
  ctx: Context,
  decoded: DecodedToken,
  now: number,
  base: Record<string, EvidenceValue>,
  provider: NormalizedProvider,
  url: string,
  detail: string,
): TokenCheck {
  const time = timeCheck(decoded, now);
  if (time) ctx.findings.push(finding(time.code, { ...base, ...time.evidence }));
  return result(
    ctx,
    "unverified",
    "TOKEN_UNVERIFIED",
    { ...base, url, detail },
    { provider, variant: "unreachable" },
  );
}

/**
 * How a discovery failure with an HTTP status reaches each transport.
 * `ErrorMetadata::from_http_status_code` (convex-backend `crates/errors/src/lib.rs:757-771`)
 * gives the error its kind; HTTP answers with that kind's status (`lib.rs:712-733`). On the
 * WebSocket, `authentication_update_error` turns only Unauthenticated, Forbidden and BadRequest
 * into `AuthUpdateFailed` (`crates/sync/src/worker.rs:1335-1344`), which sends an `AuthError`
 * frame (`crates/local_backend/src/subs/mod.rs:275-301`); NotFound, RateLimited, Overloaded,
 * TooEarly and MisdirectedRequest send no frame and close the socket with code 1000 or 1013 and
 * the short message as reason (`crates/errors/src/lib.rs:676-708`).
 */
function discoveryStatusRoute(status: number | undefined): {
  httpStatus: number;
  closeCode: number | null;
} {
  if (status === 401) return { httpStatus: 401, closeCode: null };
  if (status === 403) return { httpStatus: 403, closeCode: null };
  if (status === 404) return { httpStatus: 404, closeCode: 1000 };
  if (status === 429) return { httpStatus: 429, closeCode: 1013 };
  if (status === 425) return { httpStatus: 425, closeCode: 1013 };
  if (status === 421) return { httpStatus: 421, closeCode: 1013 };
  if (status !== undefined && status >= 500 && status <= 599)
    return { httpStatus: 503, closeCode: 1013 };
  return { httpStatus: 400, closeCode: null };
}

const oidcVerifyKeys = new WeakMap<OidcKey, Promise<CryptoKey>>();

/**
 * openidconnect's signature check (`src/core/jwk/mod.rs:180-282`): RS256 with aws-lc's
 * `RSA_PKCS1_2048_8192_SHA256` (a modulus of 2048 to 8192 bits), EdDSA only with `crv: Ed25519`.
 * Keys are imported from their material alone, so jose's rules about `use` or `key_ops` play
 * no part.
 */
async function verifyOidcSignature(
  token: string,
  key: OidcKey,
  alg: "RS256" | "EdDSA",
): Promise<{ ok: true } | { ok: false; detail: string }> {
  const m = key.material;
  if (alg === "RS256") {
    if (m.n === undefined || m.e === undefined)
      return { ok: false, detail: "the RSA key lacks `n` or `e`" };
    const bits = bitLength(base64url.decode(m.n));
    if (bits < 2048 || bits > 8192)
      return { ok: false, detail: `the RSA key has ${bits} bits, outside 2048 to 8192` };
  } else if (m.crv !== "Ed25519" || m.x === undefined) {
    return { ok: false, detail: "the EdDSA key is not an Ed25519 key with `x`" };
  }
  let imported = oidcVerifyKeys.get(key);
  if (!imported) {
    imported =
      alg === "RS256"
        ? crypto.subtle.importKey(
            "jwk",
            { kty: "RSA", n: m.n, e: m.e, alg: "RS256", ext: true },
            { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
            false,
            ["verify"],
          )
        : crypto.subtle.importKey(
            "raw",
            Uint8Array.from(base64url.decode(m.x!)),
            { name: "Ed25519" },
            false,
            ["verify"],
          );
    oidcVerifyKeys.set(key, imported);
  }
  const parts = token.split(".");
  try {
    const valid = await crypto.subtle.verify(
      alg === "RS256" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "Ed25519" },
      await imported,
      Uint8Array.from(base64url.decode(parts[2]!)),
      Uint8Array.from(new TextEncoder().encode(`${parts[0]}.${parts[1]}`)),
    );
    return valid ? { ok: true } : { ok: false, detail: "the signature does not verify" };
  } catch {
    return { ok: false, detail: "the key cannot be used to verify" };
  }
}

async function checkOidc(
  ctx: Context,
  token: string,
  decoded: DecodedToken,
  provider: NormalizedProvider,
  fetchFn: NonNullable<CheckTokenOptions["fetch"]>,
  cache: NonNullable<CheckTokenOptions["cache"]>,
  now: number,
  transport: "websocket" | "http",
  base: Record<string, EvidenceValue>,
): Promise<TokenCheck> {
  const picked = { provider };
  const iss = decoded.claims.iss!;
  // `IssuerUrl::new(token_issuer)?` (convex-backend `crates/authentication/src/lib.rs:208`)
  // carries no ErrorMetadata: an `iss` that is not a URL (a scheme-less one the provider matched
  // through the added `https://`) is an internal error, HTTP 500 with Convex's generic body or
  // a WebSocket close 1011 `InternalServerError` (`crates/errors/src/lib.rs:1048-1064, 1102`).
  if (parseUrl(iss) === null) {
    return result(
      ctx,
      "rejected",
      "OIDC_DISCOVERY_FAILED",
      { ...base, iss, httpStatus: 500, closeCode: transport === "websocket" ? 1011 : null },
      {
        ...picked,
        variant: "issuer-not-url",
        ...(transport === "http"
          ? { convexMessage: MSG.internalServerError, convexCode: "InternalServerError" }
          : {}),
      },
    );
  }
  const discovery = await discover(iss, fetchFn, cache, now);
  if (!discovery.ok && discovery.limit)
    return unverified(ctx, decoded, now, base, provider, discovery.limit);
  if (!discovery.ok && discovery.unreachable && !ctx.fetchesAsConvex)
    return unreachable(ctx, decoded, now, base, provider, discoveryUrl(iss), discovery.detail);
  if (!discovery.ok) {
    const route = discoveryStatusRoute(discovery.status);
    const closes = transport === "websocket" && route.closeCode !== null;
    return result(
      ctx,
      "rejected",
      "OIDC_DISCOVERY_FAILED",
      {
        ...base,
        url: discoveryUrl(iss),
        detail: discovery.detail,
        httpStatus: route.httpStatus,
        closeCode: closes ? route.closeCode : null,
        ...(discovery.bodyTruncated ? { bodyTruncated: true } : {}),
      },
      {
        ...picked,
        variant: closes ? "websocket-close" : undefined,
        ...(closes
          ? {}
          : {
              // Convex quotes the whole body; a long one is cut here, and marked with `…`.
              convexMessage:
                discoveryFailedMessage(iss, discovery.status, discovery.body) +
                (discovery.bodyTruncated ? "…" : ""),
              convexCode: "AuthProviderDiscoveryFailed",
            }),
      },
    );
  }
  const claims = decoded.claims;
  const missing = (["iss", "aud", "exp", "iat", "sub"] as const).filter(
    (c) => claims[c] === undefined,
  );
  if (missing.length > 0) {
    return result(
      ctx,
      "rejected",
      "CLAIM_MISSING",
      {
        ...base,
        required: ["iss", "aud", "exp", "iat", "sub"],
        missing,
      },
      { ...picked, convexMessage: MSG.oidcUnparsable },
    );
  }
  // `CoreIdTokenWithCustomClaims::from_str` (convex-backend `crates/authentication/src/lib.rs:
  // 261-266`): anything it cannot read gets the "Could not parse as OIDC ID token" text.
  const parsed = parseOidcToken(token, decoded.payloadNode);
  if (!parsed.ok) {
    return result(
      ctx,
      "rejected",
      "TOKEN_MALFORMED",
      { ...base, detail: parsed.detail },
      { ...picked, convexMessage: MSG.oidcUnparsable, variant: "oidc-unparsable" },
    );
  }
  const idToken = parsed.token;
  const fail = (code: TokenCheckCode, evidence: Record<string, EvidenceValue>, variant?: string) =>
    result(
      ctx,
      "rejected",
      code,
      { ...base, ...evidence },
      { ...picked, convexMessage: MSG.oidcClaimInvalid, convexCode: "Unauthenticated", variant },
    );
  // The verifier's order (openidconnect `src/verification/mod.rs:222-457, 783-863`).
  const { header } = idToken;
  if (header.typ !== null && !typAllowed(header.typ))
    return fail(
      "TOKEN_MALFORMED",
      { detail: `its \`typ\` is \`${header.typ}\`, not JWT or JOSE` },
      "oidc-header",
    );
  if (header.cty !== null)
    return fail("TOKEN_MALFORMED", { detail: "it has a `cty` member" }, "oidc-header");
  if (header.crit)
    return fail("TOKEN_MALFORMED", { detail: "it has a `crit` member" }, "oidc-header");
  const expectedAlg = [...OIDC_ALGORITHMS];
  if (header.algKind === "enc")
    return fail("ALGORITHM_MISMATCH", { alg: header.alg, expectedAlg }, "oidc");
  if (idToken.iss !== discovery.issuer)
    return fail("ISSUER_MISMATCH", {
      iss,
      issuers: [discovery.issuer],
      aud: audienceEvidence(claims.aud),
    });
  const appId = provider.applicationID ?? "";
  if (!idToken.aud.includes(appId))
    return fail("AUDIENCE_MISMATCH", {
      iss,
      applicationID: provider.applicationID,
      aud: idToken.aud,
    });
  // Audiences other than the client ID must pass `other_aud_verifier_fn`, which Convex leaves
  // at its default `|_| false` (`src/verification/mod.rs:162, 355-366`): `["app","app"]` passes.
  if (idToken.aud.some((a) => a !== appId)) return fail("MULTIPLE_AUDIENCES", { aud: idToken.aud });
  // RS256 and EdDSA only (convex-backend `crates/authentication/src/lib.rs:252-257`).
  if (header.algKind === "none" || !OIDC_ALGORITHMS.has(header.alg))
    return fail("ALGORITHM_MISMATCH", { alg: header.alg, expectedAlg }, "oidc");
  const alg = header.alg as "RS256" | "EdDSA";
  const candidates = eligibleKeys(discovery.keys, header.kid, alg);
  const kids = discovery.keys.map((k) => k.kid ?? "(no kid)");
  if (candidates.length === 0) return fail("KEY_NOT_FOUND", { kid: header.kid, kids }, "oidc");
  // More than one eligible key is `AmbiguousKeyId`, a rejection, not a trial of each
  // (`src/verification/mod.rs:459-491`).
  if (candidates.length > 1)
    return fail(
      "KEY_NOT_FOUND",
      { kid: header.kid, kids, eligible: candidates.length },
      "oidc-ambiguous",
    );
  const signature = await verifyOidcSignature(token, candidates[0]!, alg);
  if (!signature.ok)
    return fail("SIGNATURE_INVALID", { kid: header.kid, detail: signature.detail }, "oidc");
  // `cur_time >= exp`, no leeway, `now` in whole seconds (`src/verification/mod.rs:826-833`;
  // convex-backend `crates/authentication/src/lib.rs:153-157, 260`). Unlike biscuit's rounded
  // value, this `exp` is floored to seconds plus nanoseconds (`src/helpers.rs:423-437`), so
  // `exp: 1000.4` is still valid at 1000.
  const nowS = Math.floor(now / 1000);
  const { secs, nanos } = idToken.exp;
  if (nowS > secs || (nowS === secs && nanos === 0))
    return fail("TOKEN_EXPIRED", { seconds: nowS - secs, exp: secs }, "oidc");
  return result(ctx, "accepted", "TOKEN_ACCEPTED", base, {
    ...picked,
    identity: oidcIdentity(idToken),
  });
}

/** Whether a finding code is one of the token verdict codes `checkToken` returns. */
export function isTokenCheckCode(code: FindingCode): code is TokenCheckCode {
  return (TOKEN_CHECK_CODES as readonly string[]).includes(code);
}
