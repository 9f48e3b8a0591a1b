import { beforeAll, describe, expect, it } from "vitest";
import { base64url, exportJWK } from "jose";
import { checkToken, createDocumentCache, type CheckTokenOptions } from "../../src/core/index.js";
import { discoveryUrl } from "../../src/core/urls.js";
import { fakeFetch, jwksOf, makeKey, NOW, NOW_S, type TestKey } from "../support/tokens.js";
import { signRaw } from "./support.js";

const ISS = "https://idp.example.com";
const CONFIG = [{ domain: ISS, applicationID: "app-1" }];
const DISCOVERY = `${ISS}/.well-known/openid-configuration`;
const PARSE_FAILED = "Could not parse as OIDC ID token. Token might not be an OIDC-compliant JWT.";
const VERIFY_FAILED =
  "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.";

let key: TestKey;
let other: TestKey;
let ed: TestKey;
beforeAll(async () => {
  key = await makeKey("k1");
  other = await makeKey("k2");
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  ed = {
    kid: "ed1",
    alg: "RS256",
    privateKey: pair.privateKey,
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid: "ed1" },
  };
});

type Route = Parameters<typeof fakeFetch>[0][string];
function routes(over: { discovery?: Partial<Route>; jwks?: Partial<Route> } = {}) {
  return {
    [DISCOVERY]: {
      body: { issuer: ISS, jwks_uri: `${ISS}/jwks` },
      contentType: "application/json",
      ...over.discovery,
    },
    [`${ISS}/jwks`]: { body: jwksOf(key), contentType: "application/json", ...over.jwks },
  } as Parameters<typeof fakeFetch>[0];
}

function options(r = routes(), extra: CheckTokenOptions = {}): CheckTokenOptions {
  return {
    now: NOW,
    fetch: fakeFetch(r),
    cache: createDocumentCache(),
    transport: "http",
    ...extra,
  };
}

function claims(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    iss: ISS,
    sub: "u1",
    aud: "app-1",
    iat: NOW_S - 10,
    exp: NOW_S + 300,
    ...extra,
  });
}

function token(payload = claims(), header: Record<string, unknown> = {}) {
  return signRaw(key, payload, JSON.stringify({ alg: "RS256", kid: "k1", ...header }));
}

async function edToken(payload = claims(), header: Record<string, unknown> = {}) {
  const h = base64url.encode(JSON.stringify({ alg: "EdDSA", kid: "ed1", ...header }));
  const p = base64url.encode(payload);
  const sig = await crypto.subtle.sign(
    { name: "Ed25519" },
    ed.privateKey,
    new TextEncoder().encode(`${h}.${p}`),
  );
  return `${h}.${p}.${base64url.encode(new Uint8Array(sig))}`;
}

describe("OIDC discovery and key set, as openidconnect fetches them", () => {
  it("a discovery document served as HTML: the 200 OK status and the body in the message", async () => {
    const r = await checkToken(
      await token(),
      CONFIG,
      options(
        routes({ discovery: { body: "<!doctype html><p>app</p>", contentType: "text/html" } }),
      ),
    );
    expect(r.code).toBe("OIDC_DISCOVERY_FAILED");
    expect(r.convexMessage).toBe(
      `Auth provider discovery of ${ISS} failed: 200 OK <!doctype html><p>app</p>`,
    );
  });

  it("valid metadata served as text/plain is refused; with no Content-Type it is accepted", async () => {
    const plain = await checkToken(
      await token(),
      CONFIG,
      options(routes({ discovery: { contentType: "text/plain" } })),
    );
    expect(plain.convexMessage).toMatch(/failed: 200 OK \{"issuer"/);
    const none = await checkToken(
      await token(),
      CONFIG,
      options(routes({ discovery: { contentType: null } })),
    );
    expect(none.verdict).toBe("accepted");
  });

  it("the key set must be JSON or JWK-set JSON by Content-Type", async () => {
    const wrong = await checkToken(
      await token(),
      CONFIG,
      options(routes({ jwks: { contentType: "text/plain" } })),
    );
    expect(wrong.convexMessage).toMatch(/failed: 200 OK \{"keys"/);
    const jwkSet = await checkToken(
      await token(),
      CONFIG,
      options(routes({ jwks: { contentType: "application/jwk-set+json; charset=latin1" } })),
    );
    expect(jwkSet.verdict).toBe("accepted");
  });

  it("keys openidconnect cannot read are skipped, not fatal", async () => {
    const jwks = {
      keys: [
        { kty: "AKP", kid: "pq" },
        { ...other.publicJwk, kid: 7 },
        { kty: "RSA", kid: "k9", alg: "RSA-OAEP" },
        key.publicJwk,
      ],
    };
    const r = await checkToken(await token(), CONFIG, options(routes({ jwks: { body: jwks } })));
    expect(r.verdict).toBe("accepted");
  });

  it("a discovery document with a mistyped member fails discovery without a status", async () => {
    const body = { issuer: ISS, jwks_uri: `${ISS}/jwks`, claims_parameter_supported: "true" };
    const r = await checkToken(await token(), CONFIG, options(routes({ discovery: { body } })));
    expect(r.convexMessage).toBe(`Auth provider discovery of ${ISS} failed`);
  });

  it("joins the discovery path after one slash, keeping extra trailing slashes", () => {
    expect(discoveryUrl("https://idp.example.com")).toBe(DISCOVERY);
    expect(discoveryUrl("https://idp.example.com/")).toBe(DISCOVERY);
    expect(discoveryUrl("https://idp.example.com//")).toBe(
      "https://idp.example.com//.well-known/openid-configuration",
    );
  });

  it("an iss that is not a URL is an internal error: Convex's generic body over HTTP, no text over the WebSocket", async () => {
    const config = [{ domain: "https://idp.example.com", applicationID: "app-1" }];
    const t = await token(claims({ iss: "idp.example.com" }));
    const http = await checkToken(t, config, options());
    expect(http.convexMessage).toBe("Your request couldn't be completed. Try again later.");
    expect(http.convexCode).toBe("InternalServerError");
    const ws = await checkToken(t, config, options(routes(), { transport: "websocket" }));
    expect(ws.convexMessage).toBeNull();
    expect(ws.findings[0]?.evidence.closeCode).toBe(1011);
  });
});

describe("discovery failures on each transport", () => {
  it.each([
    [404, 1000, 404],
    [429, 1013, 429],
    [503, 1013, 503],
    [500, 1013, 503],
  ])(
    "a %i closes the WebSocket with %i and no auth error (HTTP answers %i)",
    async (status, close, http) => {
      const r = routes({ discovery: { status, body: "nope", contentType: "text/plain" } });
      const ws = await checkToken(await token(), CONFIG, options(r, { transport: "websocket" }));
      expect(ws.code).toBe("OIDC_DISCOVERY_FAILED");
      expect(ws.convexMessage).toBeNull();
      expect(ws.findings[0]?.evidence).toMatchObject({ closeCode: close, httpStatus: http });
      const viaHttp = await checkToken(await token(), CONFIG, options(r));
      expect(viaHttp.convexMessage).toContain(`failed: ${status} `);
    },
  );

  it("a 400 or a 401 still reaches the WebSocket client as an auth error", async () => {
    for (const status of [400, 401]) {
      const r = routes({ discovery: { status, body: "no", contentType: "text/plain" } });
      const ws = await checkToken(await token(), CONFIG, options(r, { transport: "websocket" }));
      expect(ws.convexMessage).toContain(`failed: ${status} `);
    }
  });
});

describe("ID tokens as openidconnect reads and verifies them", () => {
  it.each(["JWT", "jwt", "JOSE", "application/JWT"])("accepts typ %j", async (typ) => {
    const r = await checkToken(await token(claims(), { typ }), CONFIG, options());
    expect(r.verdict).toBe("accepted");
  });

  it.each(["at+jwt", "JWS", "application/jwt; charset=utf-8"])("refuses typ %j", async (typ) => {
    const r = await checkToken(await token(claims(), { typ }), CONFIG, options());
    expect(r.convexMessage).toBe(VERIFY_FAILED);
    expect(r.code).toBe("TOKEN_MALFORMED");
  });

  it("refuses any cty and any crit", async () => {
    for (const header of [{ cty: "JWT" }, { crit: [] }]) {
      const r = await checkToken(await token(claims(), header), CONFIG, options());
      expect(r.convexMessage, JSON.stringify(header)).toBe(VERIFY_FAILED);
    }
  });

  it.each([
    ["an unknown alg", { alg: "ES256K" }],
    ["a key-management alg", { alg: "RSA-OAEP" }],
    ["a numeric kid", { kid: 123 }],
  ])("a header with %s cannot be parsed", async (_name, header) => {
    const r = await checkToken(await token(claims(), header), CONFIG, options());
    expect(r.convexMessage).toBe(PARSE_FAILED);
  });

  it("two eligible keys and no kid: refused as ambiguous, not tried in turn", async () => {
    const r = await checkToken(
      await token(claims(), { kid: undefined }),
      CONFIG,
      options(routes({ jwks: { body: jwksOf(key, other) } })),
    );
    expect(r.code).toBe("KEY_NOT_FOUND");
    expect(r.findings[0]?.evidence.eligible).toBe(2);
    expect(r.convexMessage).toBe(VERIFY_FAILED);
    const withKid = await checkToken(
      await token(),
      CONFIG,
      options(routes({ jwks: { body: jwksOf(key, other) } })),
    );
    expect(withKid.verdict).toBe("accepted");
  });

  it("a key marked use: enc is not eligible", async () => {
    const jwks = { keys: [{ ...key.publicJwk, use: "enc" }] };
    const r = await checkToken(await token(), CONFIG, options(routes({ jwks: { body: jwks } })));
    expect(r.code).toBe("KEY_NOT_FOUND");
  });

  it("EdDSA (Ed25519) is allowed next to RS256", async () => {
    const r = await checkToken(
      await edToken(),
      CONFIG,
      options(routes({ jwks: { body: { keys: [ed.publicJwk] } } })),
    );
    expect(r.verdict).toBe("accepted");
  });

  it("a repeated audience equal to the client ID passes; another audience does not", async () => {
    const same = await checkToken(
      await token(claims({ aud: ["app-1", "app-1"] })),
      CONFIG,
      options(),
    );
    expect(same.verdict).toBe("accepted");
    const two = await checkToken(
      await token(claims({ aud: ["app-1", "app-2"] })),
      CONFIG,
      options(),
    );
    expect(two.code).toBe("MULTIPLE_AUDIENCES");
  });

  it.each([
    ["email_verified as a string", { email_verified: "true" }],
    ["a language tag on email", { "email#en": "a@b.c" }],
    ["name twice through an empty tag", JSON.parse('{"name":"A","name#":"B"}')],
    ["an updated_at that is not RFC 3339", { updated_at: "yesterday" }],
    ["a numeric name", { name: 5 }],
  ])("%s cannot be parsed", async (_name, extra) => {
    const r = await checkToken(await token(claims(extra)), CONFIG, options());
    expect(r.convexMessage).toBe(PARSE_FAILED);
  });

  it("a fractional exp is floored here: valid through its whole last second", async () => {
    const text = claims().replace(`"exp":${NOW_S + 300}`, `"exp":${NOW_S}.4`);
    const r = await checkToken(await token(text), CONFIG, options());
    expect(r.verdict).toBe("accepted");
    const whole = claims().replace(`"exp":${NOW_S + 300}`, `"exp":${NOW_S}`);
    expect((await checkToken(await token(whole), CONFIG, options())).code).toBe("TOKEN_EXPIRED");
  });
});

describe("the OIDC identity", () => {
  it("re-emits updated_at in UTC with +00:00 and chrono's fraction digits", async () => {
    const cases: Array<[unknown, string]> = [
      ["2024-01-01T10:00:00+02:00", "2024-01-01T08:00:00+00:00"],
      ["2024-01-01t10:00:00.5Z", "2024-01-01T10:00:00.500+00:00"],
      [1700000000, "2023-11-14T22:13:20+00:00"],
      [1700000000.5, "2023-11-14T22:13:20.500+00:00"],
    ];
    for (const [value, expected] of cases) {
      const r = await checkToken(await token(claims({ updated_at: value })), CONFIG, options());
      expect(r.identity?.updatedAt, String(value)).toBe(expected);
    }
  });

  it("keeps only untagged standard claims, drops middle_name and birthday, maps birthdate", async () => {
    const r = await checkToken(
      await token(
        claims({
          "name#en": "Alice",
          given_name: "Ada",
          middle_name: "Q",
          birthday: "1990-01-01",
          birthdate: "1991-02-02",
          email_verified: true,
          address: { formatted: "1 Main St", country: "X" },
        }),
      ),
      CONFIG,
      options(),
    );
    expect(r.identity).toMatchObject({
      givenName: "Ada",
      birthday: "1991-02-02",
      emailVerified: true,
      address: "1 Main St",
    });
    for (const gone of ["name", "name#en", "middle_name", "birthdate"])
      expect(r.identity).not.toHaveProperty(gone);
  });

  it("custom claims come after the typed fields, byte-ordered and not flattened", async () => {
    const r = await checkToken(
      await token(claims({ zeta: 1, org: { a: 1 }, Alpha: 2, jti: "j", nbf: 1 })),
      CONFIG,
      options(),
    );
    const keys = Object.keys(r.identity!);
    expect(keys.slice(-3)).toEqual(["Alpha", "org", "zeta"]);
    expect(r.identity?.org).toEqual({ a: 1 });
    expect(r.identity).not.toHaveProperty("jti");
    expect(r.identity).not.toHaveProperty("nbf");
  });
});
