import { beforeAll, describe, expect, it } from "vitest";
import { base64url, exportJWK } from "jose";
import { checkToken, createDocumentCache, type CheckTokenOptions } from "../../src/core/index.js";
import {
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  NOW_S,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";
import { signRaw } from "./support.js";

const KID_MISSING = "Could not decode token. JWT may be missing a 'kid' (key ID) header.";
const BODY_INVALID = `Invalid JWKS response body from '${WORKOS_JWKS()}'. The response is not valid JSON or doesn't match the expected JWKS format.`;

let key: TestKey;
let ecKey: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
  ecKey = await makeKey("key_ec", "ES256");
});

function options(jwks: unknown, extra: CheckTokenOptions = {}): CheckTokenOptions {
  return {
    now: NOW,
    fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwks } }),
    cache: createDocumentCache(),
    transport: "http",
    ...extra,
  };
}

const claims = () =>
  JSON.stringify({ iss: USER_MANAGEMENT_ISS(), sub: "user_1", iat: NOW_S - 60, exp: NOW_S + 240 });

describe("token headers Convex's JWT library cannot read", () => {
  it("an unknown alg such as EdDSA: the missing-kid text although the header has a kid, redacted or not", async () => {
    const token = await signRaw(key, claims(), JSON.stringify({ alg: "EdDSA", kid: "key_main" }));
    for (const redactErrors of [false, true]) {
      const r = await checkToken(token, docsConfig(), options(jwksOf(key), { redactErrors }));
      expect(r.code).toBe("TOKEN_MALFORMED");
      expect(r.convexMessage).toBe(KID_MISSING);
      expect(r.findings[0]?.message).toContain("EdDSA");
    }
  });

  it.each([
    ["a numeric typ", { alg: "RS256", kid: "key_main", typ: 1 }],
    ["a crit that is not a list", { alg: "RS256", kid: "key_main", crit: "x" }],
    ["a jwk member that is not a key", { alg: "RS256", kid: "key_main", jwk: { kty: "RSA" } }],
    ["a lower-case alg", { alg: "rs256", kid: "key_main" }],
  ])("%s makes the header unreadable: the missing-kid text", async (_name, header) => {
    const token = await signRaw(key, claims(), JSON.stringify(header));
    const r = await checkToken(token, docsConfig(), options(jwksOf(key)));
    expect(r.convexMessage).toBe(KID_MISSING);
  });

  it("a header member that appears twice makes the header unreadable", async () => {
    const token = await signRaw(key, claims(), `{"alg":"RS256","kid":"key_main","kid":"key_main"}`);
    const r = await checkToken(token, docsConfig(), options(jwksOf(key)));
    expect(r.convexMessage).toBe(KID_MISSING);
  });

  it("crit is read but never enforced, so an unknown critical member is accepted", async () => {
    const header = { alg: "RS256", kid: "key_main", crit: ["b64"], b64: false };
    const token = await signRaw(key, claims(), JSON.stringify(header));
    const r = await checkToken(token, docsConfig(), options(jwksOf(key)));
    expect(r.verdict).toBe("accepted");
  });

  it("header members the library does not name are ignored, whatever they hold", async () => {
    const header = `{"alg":"RS256","kid":"key_main","iat":1.5,"x5t#S256":5}`;
    const token = await signRaw(key, claims(), header);
    expect((await checkToken(token, docsConfig(), options(jwksOf(key)))).verdict).toBe("accepted");
  });

  it("a well-formed jwk header member is accepted", async () => {
    const header = { alg: "RS256", kid: "key_main", jwk: key.publicJwk };
    const token = await signRaw(key, claims(), JSON.stringify(header));
    expect((await checkToken(token, docsConfig(), options(jwksOf(key)))).verdict).toBe("accepted");
  });
});

describe("JWK sets are read like Convex's JWT library reads them", () => {
  const okp = { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };

  it("one key with an alg the library does not know fails the whole set", async () => {
    const jwks = { keys: [key.publicJwk, { ...okp, kid: "ed", alg: "EdDSA" }] };
    const r = await checkToken(await workosToken(key), docsConfig(), options(jwks));
    expect(r.code).toBe("JWKS_UNAVAILABLE");
    expect(r.convexMessage).toBe(BODY_INVALID);
  });

  it("an Ed25519 key without alg is readable and does not disturb the RSA key", async () => {
    const jwks = { keys: [key.publicJwk, { ...okp, kid: "ed" }] };
    const r = await checkToken(await workosToken(key), docsConfig(), options(jwks));
    expect(r.verdict).toBe("accepted");
  });

  it.each([
    ["an X25519 curve", { ...okp, crv: "X25519", kid: "x" }],
    ["padded base64url", { kid: "p", kty: "RSA", n: "AQAB", e: "AQAB==" }],
    ["a non-string use", { kid: "u", kty: "RSA", n: "AQAB", e: "AQAB", use: 5 }],
    [
      "key_ops that is not a list",
      { kid: "o", kty: "RSA", n: "AQAB", e: "AQAB", key_ops: "verify" },
    ],
    ["an unknown kty that names an Object.prototype member", { kty: "toString" }],
    ["a repeated kid", JSON.parse(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`)],
  ])("a second key with %s fails the whole set", async (name, extra) => {
    const body =
      name === "a repeated kid"
        ? `{"keys":[${JSON.stringify(key.publicJwk)},{"kid":"a","kid":"b","kty":"RSA","n":"AQAB","e":"AQAB"}]}`
        : { keys: [key.publicJwk, extra] };
    const r = await checkToken(await workosToken(key), docsConfig(), options(body));
    expect(r.code).toBe("JWKS_UNAVAILABLE");
    expect(r.convexMessage).toBe(BODY_INVALID);
  });

  it("key_ops, ext and use on the selected key do not change the verdict", async () => {
    for (const extra of [
      { key_ops: ["sign", "verify"] },
      { key_ops: ["encrypt"] },
      { ext: "true" },
      { use: "enc" },
    ]) {
      const jwks = { keys: [{ ...key.publicJwk, ...extra }] };
      const r = await checkToken(await workosToken(key), docsConfig(), options(jwks));
      expect(r.verdict, JSON.stringify(extra)).toBe("accepted");
    }
  });

  it("a key whose kid is null is readable (and never selected)", async () => {
    const jwks = { keys: [{ ...key.publicJwk, kid: null }, key.publicJwk] };
    const r = await checkToken(await workosToken(key), docsConfig(), options(jwks));
    expect(r.verdict).toBe("accepted");
  });

  it("a body that starts with a byte-order mark is not a JWK set", async () => {
    const r = await checkToken(
      await workosToken(key),
      docsConfig(),
      options(`\uFEFF${JSON.stringify(jwksOf(key))}`),
    );
    expect(r.convexMessage).toBe(BODY_INVALID);
  });

  it("keys given twice fail; the set written as a one-element array of its fields is read", async () => {
    const twice = `{"keys":[],"keys":${JSON.stringify([key.publicJwk])}}`;
    const r = await checkToken(await workosToken(key), docsConfig(), options(twice));
    expect(r.convexMessage).toBe(BODY_INVALID);
    const positional = JSON.stringify([[key.publicJwk]]);
    const p = await checkToken(await workosToken(key), docsConfig(), options(positional));
    expect(p.verdict).toBe("accepted");
  });

  it("top-level members other than keys are skipped unread, unpaired surrogates included", async () => {
    const body = `{"note":"\\ud800","keys":${JSON.stringify([key.publicJwk])}}`;
    const r = await checkToken(await workosToken(key), docsConfig(), options(body));
    expect(r.verdict).toBe("accepted");
  });
});

describe("key types and sizes at verification", () => {
  const es256Config = () =>
    docsConfig().map((p) => ({ ...p, algorithm: "ES256" as unknown as "RS256" }));

  it("an RSA key picked for an ES256 token: the backend fails with no error text", async () => {
    const { alg: _alg, ...rsaNoAlg } = key.publicJwk;
    const jwks = { keys: [{ ...rsaNoAlg, kid: "key_ec" }] };
    const r = await checkToken(await workosToken(ecKey), es256Config(), options(jwks));
    expect(r.code).toBe("ALGORITHM_MISMATCH");
    expect(r.convexMessage).toBeNull();
    expect(r.findings[0]?.message).toContain("no error text");
  });

  it("an EC key is verified as P-256 whatever its crv says", async () => {
    const jwks = { keys: [{ ...ecKey.publicJwk, crv: "P-384" }] };
    const r = await checkToken(await workosToken(ecKey), es256Config(), options(jwks));
    expect(r.verdict).toBe("accepted");
  });

  it("an RSA key under 2048 bits: SIGNATURE_INVALID with the kid message", async () => {
    const pair = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const small: TestKey = {
      kid: "small",
      alg: "RS256",
      privateKey: pair.privateKey,
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid: "small", alg: "RS256" },
    };
    const token = await signRaw(small, claims());
    const r = await checkToken(token, docsConfig(), options(jwksOf(small)));
    expect(r.code).toBe("SIGNATURE_INVALID");
    expect(r.findings[0]?.evidence.bits).toBe(1024);
    expect(r.convexMessage).toContain("'small'");
  });

  it("a signature that does not verify is still SIGNATURE_INVALID", async () => {
    const token = await workosToken(key);
    const [h, , s] = token.split(".");
    const other = base64url.encode(claims());
    const r = await checkToken(`${h}.${other}.${s}`, docsConfig(), options(jwksOf(key)));
    expect(r.code).toBe("SIGNATURE_INVALID");
  });
});
