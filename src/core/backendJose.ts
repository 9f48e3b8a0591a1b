/**
 * The JOSE types of the biscuit fork Convex's customJwt path uses (get-convex/biscuit rev
 * 05bdaab, pinned by convex-backend 94a42c3d `Cargo.toml:41`): which JWS headers and which JWK
 * sets it can read at all. Whatever it cannot read fails as a whole, long before any key or
 * signature is looked at, so the checker must refuse exactly the same inputs.
 *
 * The header and each JWK are structs with `#[serde(flatten)]` fields, so serde buffers every
 * member and hands each flattened struct the members it names, in document order: a repeated
 * name is a `duplicate field` error, `null` counts as absent for `Option` fields, and members no
 * field names are ignored.
 */
import { isCanonicalBase64url } from "./jwt.js";
import type { JsonNode, JsonObject } from "./serdeJson.js";

/** `SignatureAlgorithm` (biscuit `src/jwa.rs:78-112`): exact, case-sensitive names. */
export const SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set([
  "none",
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
]);
/** `KeyManagementAlgorithm` (biscuit `src/jwa.rs:114-166`). */
const KEY_MANAGEMENT_ALGORITHMS = new Set([
  "RSA1_5",
  "RSA-OAEP",
  "RSA-OAEP-256",
  "A128KW",
  "A192KW",
  "A256KW",
  "dir",
  "ECDH-ES",
  "ECDH-ES+A128KW",
  "ECDH-ES+A192KW",
  "ECDH-ES+A256KW",
  "A128GCMKW",
  "A192GCMKW",
  "A256GCMKW",
  "PBES2-HS256+A128KW",
  "PBES2-HS384+A192KW",
  "PBES2-HS512+A256KW",
]);
/** `ContentEncryptionAlgorithm` (biscuit `src/jwa.rs:186-207`). */
const CONTENT_ENCRYPTION_ALGORITHMS = new Set([
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
  "A128GCM",
  "A192GCM",
  "A256GCM",
]);
/** `EllipticCurve` (biscuit `src/jwk.rs:584-601`), used for both EC and OKP keys. */
const CURVES = new Set(["P-256", "P-384", "P-521", "Ed25519", "Ed448"]);

/** Which struct field names a struct reads, with a check per field. */
type FieldRule = (value: JsonNode) => boolean;
type StructRules = Readonly<Record<string, FieldRule>>;

const isString: FieldRule = (v) => v.kind === "string";
const optional =
  (rule: FieldRule): FieldRule =>
  (v) =>
    v.kind === "null" || rule(v);
const stringList: FieldRule = (v) => v.kind === "array" && v.items.every(isString);
const oneOf =
  (names: ReadonlySet<string>): FieldRule =>
  (v) =>
    v.kind === "string" && names.has(v.value as string);
/** `serde_custom::byte_sequence` / `base64_url_uint`: a string in strict `BASE64URL_NOPAD`. */
const base64: FieldRule = (v) => v.kind === "string" && isCanonicalBase64url(v.value as string);

/**
 * Reads the members of `entries` that `rules` names, like a derived struct deserializer: each
 * named member must pass its rule and appear once, and every field in `required` must be there.
 */
function readStruct(
  entries: ReadonlyArray<[string, JsonNode]>,
  rules: StructRules,
  required: readonly string[] = [],
): Map<string, JsonNode> | null {
  const seen = new Map<string, JsonNode>();
  for (const [name, value] of entries) {
    if (!Object.hasOwn(rules, name)) continue;
    if (seen.has(name) || !rules[name]!(value)) return null;
    seen.set(name, value);
  }
  for (const name of required) if (!seen.has(name)) return null;
  return seen;
}

/** `jwk::CommonParameters` (biscuit `src/jwk.rs:186-226`). */
const COMMON: StructRules = {
  use: optional(isString),
  key_ops: optional(stringList),
  alg: optional(
    (v) =>
      v.kind === "string" &&
      [SIGNATURE_ALGORITHMS, KEY_MANAGEMENT_ALGORITHMS, CONTENT_ENCRYPTION_ALGORITHMS].some((s) =>
        s.has(v.value as string),
      ),
  ),
  kid: optional(isString),
  x5u: optional(isString),
  x5c: optional(stringList),
  x5t: optional(isString),
};

const otherPrime: FieldRule = (v) =>
  v.kind === "object" &&
  readStruct(v.entries, { r: base64, d: base64, t: base64 }, ["r", "d", "t"]) !== null;

/**
 * `jwk::AlgorithmParameters`, `#[serde(untagged)]` (biscuit `src/jwk.rs:229-243`): the first of
 * these variants whose struct reads the members decides the key type (`src/jwk.rs:344-541`).
 */
const KEY_VARIANTS: ReadonlyArray<{
  kty: BiscuitKey["kty"];
  rules: StructRules;
  required: string[];
}> = [
  {
    kty: "EC",
    rules: {
      kty: oneOf(new Set(["EC"])),
      crv: oneOf(CURVES),
      x: base64,
      y: base64,
      d: optional(base64),
    },
    required: ["kty", "crv", "x", "y"],
  },
  {
    kty: "RSA",
    rules: {
      kty: oneOf(new Set(["RSA"])),
      n: base64,
      e: base64,
      d: optional(base64),
      p: optional(base64),
      q: optional(base64),
      dp: optional(base64),
      dq: optional(base64),
      qi: optional(base64),
      oth: optional((v) => v.kind === "array" && v.items.every(otherPrime)),
    },
    required: ["kty", "n", "e"],
  },
  { kty: "oct", rules: { kty: oneOf(new Set(["oct"])), k: base64 }, required: ["kty", "k"] },
  {
    kty: "OKP",
    rules: { kty: oneOf(new Set(["OKP"])), crv: oneOf(CURVES), x: base64, d: optional(base64) },
    required: ["kty", "crv", "x"],
  },
];

/** A JWK as biscuit reads it: what key selection and verification use. */
export interface BiscuitKey {
  kid: string | null;
  /** The `alg` member (any algorithm biscuit knows), or `null`. */
  alg: string | null;
  kty: "EC" | "RSA" | "oct" | "OKP";
  /** Key material members by name (`n`, `e`, `crv`, `x`, `y`, `k`), as given. */
  material: Record<string, string>;
}

/** Reads one JWK (`jwk::JWK<Empty>`, biscuit `src/jwk.rs:606-617`), or `null` when biscuit cannot. */
export function readBiscuitJwk(node: JsonNode): BiscuitKey | null {
  if (node.kind !== "object" || node.strictError !== null) return null;
  const common = readStruct(node.entries, COMMON);
  if (!common) return null;
  // The flattened `CommonParameters` claims its members first; the untagged key parameters see
  // only the rest.
  const rest = node.entries.filter(([name]) => !Object.hasOwn(COMMON, name));
  for (const variant of KEY_VARIANTS) {
    const fields = readStruct(rest, variant.rules, variant.required);
    if (!fields) continue;
    const material: Record<string, string> = {};
    for (const [name, value] of fields)
      if (value.kind === "string") material[name] = value.value as string;
    const str = (name: string) => {
      const v = common.get(name);
      return v?.kind === "string" ? (v.value as string) : null;
    };
    return { kid: str("kid"), alg: str("alg"), kty: variant.kty, material };
  }
  return null;
}

/**
 * Reads a JWK set the way convex-backend does (`crates/authentication/src/lib.rs:280-289`,
 * `serde_json::from_slice::<JWKSet<biscuit::Empty>>`; `JWKSet` at biscuit `src/jwk.rs:653-657`).
 * `keys` is required and read once; one key biscuit cannot read fails the whole set (there is no
 * skipping). Other top-level members are skipped unread. `null` when the set fails.
 */
export function readBiscuitJwkSet(root: JsonNode): BiscuitKey[] | null {
  let keys: JsonNode | undefined;
  if (root.kind === "object") {
    // Member names are read as strings (so checked); skipped values are not.
    if (root.keyError !== null) return null;
    const found = root.entries.filter(([name]) => name === "keys");
    if (found.length !== 1) return null;
    keys = found[0]![1];
  } else if (root.kind === "array") {
    // serde_json lets a struct be written as an array of its fields in order (`deserialize_struct`
    // accepts `[`), so `[[…keys…]]` is a JWK set too.
    if (root.items.length !== 1) return null;
    keys = root.items[0];
  }
  if (!keys || keys.kind !== "array" || keys.strictError !== null) return null;
  const out: BiscuitKey[] = [];
  for (const item of keys.items) {
    const key = readBiscuitJwk(item);
    if (!key) return null;
    out.push(key);
  }
  return out;
}

/** `jws::RegisteredHeader` (biscuit `src/jws.rs:255-333`): `alg` is the only required member. */
const HEADER: StructRules = {
  alg: oneOf(SIGNATURE_ALGORITHMS),
  typ: optional(isString),
  cty: optional(isString),
  jku: optional(isString),
  jwk: optional((v) => readBiscuitJwk(v) !== null),
  kid: optional(isString),
  x5u: optional(isString),
  x5c: optional(stringList),
  x5t: optional(isString),
  crit: optional(stringList),
};

/** A JWS header as biscuit reads it. `crit` is parsed but never enforced. */
export type BiscuitHeader =
  { ok: true; alg: string; kid: string | null } | { ok: false; detail: string };

/**
 * Reads a token header as `Header<Empty>` (biscuit `src/jws.rs:226-235`). Every member biscuit
 * names must have its type: an unknown `alg` such as `EdDSA`, a numeric `typ` or a malformed
 * `jwk` makes the whole header unreadable.
 */
export function readBiscuitHeader(node: JsonObject | null): BiscuitHeader {
  if (node === null) return { ok: false, detail: "the header is not a base64url JSON object" };
  if (node.strictError !== null)
    return {
      ok: false,
      detail: `the header holds JSON Convex's parser refuses (${node.strictError})`,
    };
  const fields = readStruct(node.entries, HEADER, ["alg"]);
  if (!fields) {
    const algs = node.entries.filter(([name]) => name === "alg");
    const alg = algs[0]?.[1];
    if (algs.length === 1 && alg && !HEADER.alg!(alg))
      return {
        ok: false,
        detail: `the header's \`alg\` is ${JSON.stringify(alg.value)}, which Convex's JWT library does not know`,
      };
    if (algs.length === 0) return { ok: false, detail: "the header has no `alg`" };
    return {
      ok: false,
      detail: "a header member has a type Convex's JWT library does not accept, or appears twice",
    };
  }
  const kid = fields.get("kid");
  return {
    ok: true,
    alg: fields.get("alg")!.value as string,
    kid: kid?.kind === "string" ? (kid.value as string) : null,
  };
}
