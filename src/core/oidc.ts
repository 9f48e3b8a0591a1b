/**
 * The OIDC path of the Convex backend (`domain` + `applicationID` providers), which goes through
 * the openidconnect-rs fork convex-backend pins (get-convex/openidconnect-rs rev 15a9c55,
 * `Cargo.toml:147`, features `accept-rfc3339-timestamps` and no `accept-string-booleans`):
 * what it accepts as a discovery document, a key set, an ID token, and the identity it builds.
 */
import { base64url } from "jose";
import { mapEntries } from "./identity.js";
import { compareBytes } from "./providers.js";
import { defineMember, parseJson, type JsonNode, type JsonObject } from "./serdeJson.js";
import type { PredictedIdentity } from "./types.js";
import { parseUrl } from "./urls.js";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Parses a response body the way openidconnect does (`serde_path_to_error::deserialize` over a
 * `serde_json::Deserializer` that is never `end()`ed, `src/discovery/mod.rs:379-382`,
 * `src/types/jwks.rs:164-167`): whatever follows the first JSON value is never read.
 */
function parseLeadingJson(bytes: Uint8Array): JsonNode | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const whole = parseJson(text);
  if (whole.ok) return whole.node;
  // Find the end of the first value: the shortest prefix that parses (only worth trying at
  // the closing brackets, which is where an object or array value can end).
  for (let end = text.indexOf("}"); end >= 0; end = text.indexOf("}", end + 1)) {
    const prefix = parseJson(text.slice(0, end + 1));
    if (prefix.ok) return prefix.node;
  }
  return null;
}

// ── struct reading shared by the documents below ───────────────────────────────────────

type Rule = (v: JsonNode) => boolean;
const str: Rule = (v) => v.kind === "string";
const opt =
  (rule: Rule): Rule =>
  (v) =>
    v.kind === "null" || rule(v);
const strings: Rule = (v) => v.kind === "array" && v.items.every(str);
const bool: Rule = (v) => v.kind === "boolean";
/** A URL newtype (`src/macros.rs:334-336`): a string `Url::parse` accepts. */
const url: Rule = (v) => v.kind === "string" && parseUrl(v.value as string) !== null;
/** Validated: serde_json reads (not skips) this value, so its strict rules apply. */
const read =
  (rule: Rule): Rule =>
  (v) =>
    v.strictError === null && rule(v);

/**
 * Reads the members `rules` names like a derived struct: each at most once and of its type,
 * `required` ones present; other members are skipped unread (their values are not checked, but
 * every member name is read as a string).
 */
function readStruct(
  node: JsonObject,
  rules: Readonly<Record<string, Rule>>,
  required: readonly string[],
): Map<string, JsonNode> | null {
  if (node.keyError !== null) return null;
  const seen = new Map<string, JsonNode>();
  for (const [name, value] of node.entries) {
    if (!Object.hasOwn(rules, name)) continue;
    if (seen.has(name) || !read(rules[name]!)(value)) return null;
    seen.set(name, value);
  }
  return required.every((name) => seen.has(name)) ? seen : null;
}

// ── discovery document ─────────────────────────────────────────────────────────────────

/**
 * `CoreProviderMetadata` (`src/discovery/mod.rs:39-153`): `issuer` and `jwks_uri` are required
 * URLs; every other field it names must have its type when present (`null` counts as absent
 * for `Option` fields, not for the defaulted lists). It ends with a flattened member, so serde
 * reads the whole document.
 */
const METADATA: Readonly<Record<string, Rule>> = {
  issuer: url,
  authorization_endpoint: opt(url),
  token_endpoint: opt(url),
  userinfo_endpoint: opt(url),
  jwks_uri: url,
  registration_endpoint: opt(url),
  scopes_supported: opt(strings),
  response_types_supported: strings,
  response_modes_supported: opt(strings),
  grant_types_supported: opt(strings),
  acr_values_supported: opt(strings),
  subject_types_supported: strings,
  // `VecSkipError` lists: any array (elements that fail are skipped).
  id_token_signing_alg_values_supported: (v) => v.kind === "array",
  id_token_encryption_alg_values_supported: opt((v) => v.kind === "array"),
  id_token_encryption_enc_values_supported: opt((v) => v.kind === "array"),
  userinfo_signing_alg_values_supported: opt((v) => v.kind === "array"),
  userinfo_encryption_alg_values_supported: opt((v) => v.kind === "array"),
  userinfo_encryption_enc_values_supported: opt((v) => v.kind === "array"),
  request_object_signing_alg_values_supported: opt((v) => v.kind === "array"),
  request_object_encryption_alg_values_supported: opt((v) => v.kind === "array"),
  request_object_encryption_enc_values_supported: opt((v) => v.kind === "array"),
  token_endpoint_auth_methods_supported: opt(strings),
  token_endpoint_auth_signing_alg_values_supported: opt((v) => v.kind === "array"),
  display_values_supported: opt(strings),
  claim_types_supported: opt(strings),
  claims_supported: opt(strings),
  service_documentation: opt(url),
  claims_locales_supported: opt(strings),
  ui_locales_supported: opt(strings),
  claims_parameter_supported: opt(bool),
  request_parameter_supported: opt(bool),
  request_uri_parameter_supported: opt(bool),
  require_request_uri_registration: opt(bool),
  op_policy_uri: opt(url),
  op_tos_uri: opt(url),
};

/** The discovery document's `issuer` and `jwks_uri` (as written), or why openidconnect refuses it. */
export function readProviderMetadata(
  bytes: Uint8Array,
): { ok: true; issuer: string; jwksUri: string } | { ok: false; detail: string } {
  const root = parseLeadingJson(bytes);
  if (!root || root.kind !== "object" || root.strictError !== null)
    return { ok: false, detail: "the discovery document is not a JSON object" };
  const fields = readStruct(root, METADATA, ["issuer", "jwks_uri"]);
  if (!fields)
    return {
      ok: false,
      detail: "the discovery document lacks `issuer` or `jwks_uri`, or a member has the wrong type",
    };
  return {
    ok: true,
    issuer: fields.get("issuer")!.value as string,
    jwksUri: fields.get("jwks_uri")!.value as string,
  };
}

// ── key set ────────────────────────────────────────────────────────────────────────────

/** `CoreJwsSigningAlgorithm` (`src/core/mod.rs:615-666`). */
const JWS_ALGS = new Set([
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "ES256",
  "ES384",
  "ES512",
  "PS256",
  "PS384",
  "PS512",
  "EdDSA",
]);
/** `CoreJweContentEncryptionAlgorithm` (`src/core/mod.rs:516-534`). */
const JWE_ALGS = new Set([
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
  "A128GCM",
  "A192GCM",
  "A256GCM",
]);

/**
 * `JsonWebTokenAlgorithm`'s reading (`src/jwt/mod.rs:146-175`): `none`, a content-encryption
 * name, or a signing name; anything else (a key-management name such as `RSA-OAEP`, or `ES256K`)
 * fails.
 */
function algorithmKind(name: string): "none" | "enc" | "sig" | null {
  if (name === "none") return "none";
  if (JWE_ALGS.has(name)) return "enc";
  if (JWS_ALGS.has(name)) return "sig";
  return null;
}

/** A key as openidconnect reads it. */
export interface OidcKey {
  kty: "EC" | "RSA" | "OKP" | "oct";
  use: string | null;
  kid: string | null;
  /** `null`: no `alg`; otherwise the name and what kind of algorithm it is. */
  alg: { name: string; kind: "none" | "enc" | "sig" } | null;
  /** Key material that decodes as base64url (others are read as absent). */
  material: Record<string, string>;
}

/** base64url without padding, trailing bits allowed (`src/core/mod.rs:1018-1020`). */
export function isLenientBase64url(s: string): boolean {
  return /^[A-Za-z0-9_-]*$/.test(s) && s.length % 4 !== 1;
}

/**
 * One `CoreJsonWebKey` (`src/core/jwk/mod.rs:34-73`), or `null` when it does not deserialize.
 * `kty` must be one it knows; `use`, `kid` and `alg` must have their types; the key material
 * fields read as absent when they do not parse (`deserialize_option_or_none`,
 * `src/helpers.rs:53-63`).
 */
function readOidcKey(node: JsonNode): OidcKey | null {
  if (node.kind !== "object") return null;
  const fields = readStruct(
    node,
    {
      kty: (v) => v.kind === "string" && ["EC", "RSA", "OKP", "oct"].includes(v.value as string),
      use: opt(str),
      kid: opt(str),
      alg: opt((v) => v.kind === "string" && algorithmKind(v.value as string) !== null),
      n: () => true,
      e: () => true,
      crv: () => true,
      x: () => true,
      y: () => true,
      d: () => true,
      k: () => true,
    },
    ["kty"],
  );
  if (!fields) return null;
  const s = (name: string) => {
    const v = fields.get(name);
    return v?.kind === "string" ? (v.value as string) : null;
  };
  const material: Record<string, string> = {};
  for (const name of ["n", "e", "x", "y"]) {
    const v = s(name);
    if (v !== null && isLenientBase64url(v)) material[name] = v;
  }
  const crv = s("crv");
  if (crv !== null && ["P-256", "P-384", "P-521", "Ed25519"].includes(crv)) material.crv = crv;
  const alg = s("alg");
  return {
    kty: s("kty") as OidcKey["kty"],
    use: s("use"),
    kid: s("kid"),
    alg: alg === null ? null : { name: alg, kind: algorithmKind(alg)! },
    material,
  };
}

/**
 * A key set as openidconnect reads it (`src/types/jwks.rs:19-33`): `keys` is required, and keys
 * that do not deserialize are skipped (`VecSkipError`), not fatal. Each element is buffered
 * first, so JSON serde_json refuses inside an element still fails the whole set.
 */
export function readOidcJwks(bytes: Uint8Array): OidcKey[] | null {
  const root = parseLeadingJson(bytes);
  if (!root || root.kind !== "object") return null;
  const fields = readStruct(root, { keys: (v) => v.kind === "array" }, ["keys"]);
  if (!fields) return null;
  const keys = fields.get("keys") as Extract<JsonNode, { kind: "array" }>;
  const out: OidcKey[] = [];
  for (const item of keys.items) {
    const key = readOidcKey(item);
    if (key) out.push(key);
  }
  return out;
}

// ── ID token ───────────────────────────────────────────────────────────────────────────

/** A UTC time as openidconnect holds it: whole seconds and nanoseconds, and a leap-second flag. */
export interface OidcTime {
  secs: number;
  nanos: number;
  leap: boolean;
}

// chrono's range (years -262143 ..= 262142), in seconds.
const MIN_SECS = -8_334_601_228_800;
const MAX_SECS = 8_210_266_876_799;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[tT ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([zZ])|([+\-\u2212])(\d{2}):(\d{2}))$/;

/**
 * `Timestamp::to_utc` (`src/helpers.rs:407-445`): a JSON integer that fits an i64 is taken as
 * is; any other number is floored to seconds plus nanoseconds; a string (the
 * `accept-rfc3339-timestamps` feature) must be RFC 3339 as chrono 0.4.41 parses it
 * (`src/format/parse.rs:154-226`: `T`, `t` or a space between date and time, any number of
 * fraction digits of which 9 count, `Z`, `z` or `±hh:mm` up to 23:59, second 60 as a leap
 * second). `null` when it does not convert.
 */
export function oidcTime(node: JsonNode): OidcTime | null {
  if (node.kind === "number") {
    const raw = node.raw!;
    const value = node.value as number;
    let secs: number;
    let nanos = 0;
    if (!/[.eE]/.test(raw) && raw !== "-0") {
      const big = BigInt(raw);
      if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) {
        // A u64 above i64::MAX is read as an f64, then saturates to i64::MAX: out of range.
        return null;
      }
      secs = Number(big);
    } else {
      secs = Math.floor(value);
      nanos = Math.floor((value - secs) * 1e9);
    }
    if (secs < MIN_SECS || secs > MAX_SECS) return null;
    return { secs, nanos, leap: false };
  }
  if (node.kind !== "string") return null;
  const m = RFC3339.exec(node.value as string);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const fraction = (m[7] ?? "").slice(0, 9).padEnd(9, "0");
  const nanos = m[7] === undefined ? 0 : Number(fraction);
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (om > 59 || oh > 23) return null;
    offset = (oh * 60 + om) * 60 * (m[9] === "+" ? 1 : -1);
  }
  if (month! < 1 || month! > 12 || hour! > 23 || minute! > 59 || second! > 60) return null;
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year!, month!, 0);
  if (day! < 1 || day! > lastDay.getUTCDate()) return null;
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  const leap = second === 60;
  const secs = date.getTime() / 1000 + hour! * 3600 + minute! * 60 + (leap ? 59 : second!) - offset;
  return { secs, nanos, leap };
}

/**
 * `DateTime<Utc>::to_rfc3339` (chrono 0.4.41 `src/datetime/mod.rs:633-641`, `write_rfc3339` in
 * `src/format/formatting.rs:498-558`): always `+00:00`, fraction digits by `AutoSi` (none, 3, 6
 * or 9), a year outside 0..=9999 with its sign and at least four digits.
 */
export function toRfc3339(t: OidcTime): string {
  const d = new Date(t.secs * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const year = d.getUTCFullYear();
  const y =
    year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? "-" : "+"}${pad(Math.abs(year), 4)}`;
  const sec = t.leap ? 60 : d.getUTCSeconds();
  const n = t.nanos;
  const fraction =
    n === 0
      ? ""
      : n % 1_000_000 === 0
        ? `.${pad(n / 1_000_000, 3)}`
        : n % 1000 === 0
          ? `.${pad(n / 1000, 6)}`
          : `.${pad(n, 9)}`;
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(sec)}${fraction}+00:00`;
}

/** The header and claims of an ID token as openidconnect reads them. */
export interface OidcToken {
  header: {
    alg: string;
    algKind: "none" | "enc" | "sig";
    kid: string | null;
    typ: string | null;
    cty: string | null;
    crit: boolean;
  };
  iss: string;
  aud: string[];
  exp: OidcTime;
  /** Standard claims by name (untagged values only for localized ones); `null` when absent. */
  standard: Map<string, JsonNode>;
  updatedAt: OidcTime | null;
  /** Custom claims (`AdditionalClaims`), last value of a repeated name. */
  custom: Map<string, unknown>;
}

/** `IdTokenClaims` fields serde takes before the flattened standard and custom claims. */
const ID_TOKEN_FIELDS: Readonly<Record<string, Rule>> = {
  iss: url,
  aud: (v) => v.kind === "string" || strings(v),
  exp: (v) => oidcTime(v) !== null,
  iat: (v) => oidcTime(v) !== null,
  auth_time: opt((v) => oidcTime(v) !== null),
  nonce: opt(str),
  acr: opt(str),
  amr: opt(strings),
  azp: opt(str),
  at_hash: opt(str),
  c_hash: opt(str),
};

const LOCALIZED = new Set([
  "name",
  "given_name",
  "family_name",
  "middle_name",
  "nickname",
  "profile",
  "picture",
  "website",
]);
const STANDARD: Readonly<Record<string, Rule>> = {
  sub: str,
  preferred_username: opt(str),
  email: opt(str),
  email_verified: opt(bool),
  gender: opt(str),
  birthday: opt(str),
  birthdate: opt(str),
  zoneinfo: opt(str),
  locale: opt(str),
  phone_number: opt(str),
  phone_number_verified: opt(bool),
  address: opt(
    (v) =>
      v.kind === "object" &&
      readStruct(
        v,
        Object.fromEntries(
          ["formatted", "street_address", "locality", "region", "postal_code", "country"].map(
            (k) => [k, opt(str)],
          ),
        ),
        [],
      ) !== null,
  ),
  updated_at: opt((v) => oidcTime(v) !== null),
};

/** `split_language_tag_key` (`src/types/localized.rs:23-35`): an empty tag counts as none. */
function splitTag(key: string): [string, string | null] {
  const at = key.indexOf("#");
  if (at < 0) return [key, null];
  const tag = key.slice(at + 1);
  return [key.slice(0, at), tag === "" ? null : tag];
}

/**
 * `StandardClaims::should_include` (`src/claims.rs:160-192`): the names the standard claims own,
 * which never become custom claims (localized ones with any tag).
 */
function isStandardName(key: string): boolean {
  const [name, tag] = splitTag(key);
  return LOCALIZED.has(name) || (tag === null && Object.hasOwn(STANDARD, name));
}

/**
 * Reads an ID token as `CoreIdTokenWithCustomClaims::from_str` does (`src/jwt/mod.rs:456-510`):
 * three parts of unpadded base64url (trailing bits allowed); a header whose `alg` is `none`, a
 * content-encryption name or a signing name, and whose `crit`, `cty`, `kid` and `typ` have
 * their types; claims with the types of `IdTokenClaims` (`src/id_token/mod.rs:202-245`) and
 * `StandardClaims` (`src/claims.rs:193-343`): JSON booleans only for `*_verified` (no
 * `accept-string-booleans`), a language tag only on the localized claims, `sub` required.
 */
export function parseOidcToken(
  token: string,
  payload: JsonObject,
): { ok: true; token: OidcToken } | { ok: false; detail: string } {
  const parts = token.split(".");
  if (parts.length !== 3)
    return { ok: false, detail: `the token has ${parts.length} parts, not 3` };
  if (!parts.every(isLenientBase64url))
    return { ok: false, detail: "a part is not unpadded base64url" };
  let headerText: string;
  try {
    headerText = utf8.decode(base64url.decode(parts[0]!));
  } catch {
    return { ok: false, detail: "the header is not UTF-8" };
  }
  const headerParse = parseJson(headerText);
  if (!headerParse.ok || headerParse.node.kind !== "object")
    return { ok: false, detail: "the header is not a JSON object" };
  const header = readStruct(
    headerParse.node,
    {
      alg: (v) => v.kind === "string" && algorithmKind(v.value as string) !== null,
      crit: opt(strings),
      cty: opt(str),
      kid: opt(str),
      typ: opt(str),
    },
    ["alg"],
  );
  if (!header)
    return {
      ok: false,
      detail: "the header's `alg` is unknown or missing, or a header member has the wrong type",
    };
  const hs = (name: string) => {
    const v = header.get(name);
    return v?.kind === "string" ? (v.value as string) : null;
  };

  const fields = readStruct(payload, ID_TOKEN_FIELDS, ["iss", "exp", "iat"]);
  if (!fields)
    return {
      ok: false,
      detail:
        "a claim among iss, aud, exp, iat, auth_time, nonce, acr, amr, azp, at_hash and c_hash is missing or has the wrong type",
    };
  const standard = new Map<string, JsonNode>();
  const seenTags = new Set<string>();
  let updatedAt: OidcTime | null = null;
  for (const [key, value] of payload.entries) {
    if (Object.hasOwn(ID_TOKEN_FIELDS, key)) continue;
    const [name, tag] = splitTag(key);
    const localized = LOCALIZED.has(name);
    if (!localized && !Object.hasOwn(STANDARD, name)) continue;
    if (!localized && tag !== null)
      return { ok: false, detail: `\`${key}\`: only localized claims take a language tag` };
    const slot = `${name}#${tag ?? ""}`;
    if (seenTags.has(slot)) return { ok: false, detail: `\`${key}\` appears more than once` };
    seenTags.add(slot);
    if (!(localized ? opt(str) : STANDARD[name]!)(value))
      return { ok: false, detail: `\`${key}\` has the wrong type` };
    if (tag === null && value.kind !== "null") standard.set(name, value);
    if (name === "updated_at" && value.kind !== "null") updatedAt = oidcTime(value);
  }
  if (!standard.has("sub")) return { ok: false, detail: "`sub` is missing" };

  const custom = new Map<string, unknown>();
  for (const [key, value] of mapEntries(payload)) {
    if (Object.hasOwn(ID_TOKEN_FIELDS, key) || isStandardName(key)) continue;
    custom.set(key, value.value);
  }
  const aud = fields.get("aud");
  return {
    ok: true,
    token: {
      header: {
        alg: hs("alg")!,
        algKind: algorithmKind(hs("alg")!)!,
        kid: hs("kid"),
        typ: hs("typ"),
        cty: hs("cty"),
        crit: header.has("crit") && header.get("crit")!.kind !== "null",
      },
      iss: fields.get("iss")!.value as string,
      aud:
        aud === undefined
          ? []
          : aud.kind === "string"
            ? [aud.value as string]
            : (aud.value as string[]),
      exp: oidcTime(fields.get("exp")!)!,
      standard,
      updatedAt,
      custom,
    },
  };
}

/**
 * `JsonWebTokenType::normalize` (`src/jwt/mod.rs:88-124`) and the verifier's allowed types
 * (`src/verification/mod.rs:144-152`): `typ` lower-cased, `application/` prefixed when it has
 * no `/`, must be `application/jwt` or `application/jose`.
 */
export function typAllowed(typ: string): boolean {
  const lower = typ.toLowerCase();
  const slash = lower.indexOf("/");
  let normalized: string;
  if (slash >= 0) {
    const semi = lower.indexOf(";");
    if (semi >= 0 && (slash > semi || slash === 0 || slash + 1 >= semi)) return false;
    normalized = lower;
  } else normalized = `application/${lower}`;
  return normalized === "application/jwt" || normalized === "application/jose";
}

/**
 * `JsonWebKeySet::filter_keys` and `check_key_compatibility` (`src/types/jwks.rs:36-91`): a key
 * is eligible when the token has no `kid` or the key's equals it, its `use` is absent or `sig`,
 * its `kty` fits the algorithm (RSA for RS256, OKP for EdDSA), and its `alg` is absent or the
 * same signing algorithm.
 */
export function eligibleKeys(
  keys: OidcKey[],
  kid: string | null,
  alg: "RS256" | "EdDSA",
): OidcKey[] {
  const kty = alg === "RS256" ? "RSA" : "OKP";
  return keys.filter(
    (k) =>
      (kid === null || k.kid === kid) &&
      (k.use === null || k.use === "sig") &&
      k.kty === kty &&
      (k.alg === null || (k.alg.kind === "sig" && k.alg.name === alg)),
  );
}

// The identity's typed fields in `UserIdentityAttributesJson` order
// (convex-backend `crates/convex/sync_types/src/types/json.rs:867-914`), with their source claim
// (`crates/keybroker/src/broker.rs:603-633`).
const TYPED_FIELDS: ReadonlyArray<[string, string]> = [
  ["name", "name"],
  ["givenName", "given_name"],
  ["familyName", "family_name"],
  ["nickname", "nickname"],
  ["preferredUsername", "preferred_username"],
  ["profileUrl", "profile"],
  ["pictureUrl", "picture"],
  ["websiteUrl", "website"],
  ["email", "email"],
  ["emailVerified", "email_verified"],
  ["gender", "gender"],
  ["birthday", "birthdate"],
  ["timezone", "zoneinfo"],
  ["language", "locale"],
  ["phoneNumber", "phone_number"],
  ["phoneNumberVerified", "phone_number_verified"],
  ["address", "address"],
  ["updatedAt", "updated_at"],
];

// Custom claims Convex drops on top of the standard ones (`broker.rs:561-601`).
const CONVEX_SKIPPED = new Set(["sub", "iss", "exp", "jti", "nbf", "fva"]);

/**
 * What `ctx.auth.getUserIdentity()` returns for an accepted OIDC token
 * (`UserIdentity::from_token`, `crates/keybroker/src/broker.rs:548-637`): the typed fields from
 * the untagged standard claims (`birthdate` → `birthday`, `address.formatted` → `address`,
 * `updated_at` re-emitted as RFC 3339 in UTC), then the custom claims in byte order, unflattened.
 * `middle_name`, `birthday` and tagged variants such as `name#en` are consumed and never shown.
 * A custom claim with a typed field's name replaces that field in place.
 */
export function oidcIdentity(token: OidcToken): PredictedIdentity {
  const identity = {} as PredictedIdentity;
  const sub = token.standard.get("sub")!.value as string;
  defineMember(identity, "tokenIdentifier", `${token.iss}|${sub}`);
  defineMember(identity, "issuer", token.iss);
  defineMember(identity, "subject", sub);
  for (const [field, claim] of TYPED_FIELDS) {
    const node = token.standard.get(claim);
    if (!node) continue;
    if (claim === "address") {
      const formatted = mapEntries(node as JsonObject).find(([k]) => k === "formatted")?.[1];
      if (formatted?.kind === "string") defineMember(identity, field, formatted.value);
    } else if (claim === "updated_at") {
      if (token.updatedAt) defineMember(identity, field, toRfc3339(token.updatedAt));
    } else defineMember(identity, field, node.value);
  }
  const names = [...token.custom.keys()].filter((k) => !CONVEX_SKIPPED.has(k)).sort(compareBytes);
  for (const name of names) defineMember(identity, name, token.custom.get(name));
  return identity;
}
