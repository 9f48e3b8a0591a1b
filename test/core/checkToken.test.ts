import { beforeAll, describe, expect, it } from "vitest";
import { base64url, SignJWT } from "jose";
import { checkToken, createDocumentCache, type CheckTokenOptions } from "../../src/core/index.js";
import {
  CLIENT_ID,
  docsConfig,
  fakeFetch,
  jwksOf,
  LEGACY_ISS,
  makeKey,
  NOW,
  NOW_S,
  olderDocsConfig,
  OTHER_CLIENT_ID,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

let key: TestKey;
let otherKey: TestKey;
let ecKey: TestKey;

beforeAll(async () => {
  key = await makeKey("key_main");
  otherKey = await makeKey("key_other");
  ecKey = await makeKey("key_ec", "ES256");
});

function opts(
  routes: Parameters<typeof fakeFetch>[0] = { [WORKOS_JWKS()]: { body: jwksOf(key) } },
  extra: CheckTokenOptions = {},
) {
  const fetch = fakeFetch(routes);
  return {
    fetch,
    options: {
      now: NOW,
      fetch,
      cache: createDocumentCache(),
      ...extra,
    } satisfies CheckTokenOptions,
  };
}

describe("checkToken with the Convex docs' AuthKit config", () => {
  it("accepts a user_management token and picks the provider without applicationID", async () => {
    const { options } = opts();
    const r = await checkToken(await workosToken(key), docsConfig(), options);
    expect(r.verdict).toBe("accepted");
    expect(r.code).toBe("TOKEN_ACCEPTED");
    expect(r.providerIndex).toBe(1);
    expect(r.convexMessage).toBeNull();
  });

  it("accepts a legacy-issuer token that carries aud = client ID", async () => {
    const { options } = opts();
    const token = await workosToken(key, { iss: LEGACY_ISS, aud: CLIENT_ID });
    const r = await checkToken(token, docsConfig(), options);
    expect(r.verdict).toBe("accepted");
    expect(r.providerIndex).toBe(0);
    expect(r.identity?.tokenIdentifier).toBe(`${LEGACY_ISS}|user_01JTESTUSER0000000000000`);
  });

  it("rejects a legacy-issuer token without aud, naming the missing audience", async () => {
    const { options } = opts();
    const token = await workosToken(key, { iss: LEGACY_ISS });
    const r = await checkToken(token, docsConfig(), options);
    expect(r.verdict).toBe("rejected");
    expect(r.code).toBe("AUDIENCE_MISSING");
    expect(r.convexCode).toBe("NoAuthProvider");
  });

  it("predicts the identity Convex builds: raw iss in tokenIdentifier, custom claims passed through", async () => {
    const { options } = opts();
    const token = await workosToken(key, {
      fva: [1, 2],
      meta: { plan: "pro", limits: { seats: 3 } },
      email: "a@example.com",
    });
    const r = await checkToken(token, docsConfig(), options);
    expect(r.identity).toEqual({
      tokenIdentifier: `${USER_MANAGEMENT_ISS()}|user_01JTESTUSER0000000000000`,
      issuer: USER_MANAGEMENT_ISS(),
      subject: "user_01JTESTUSER0000000000000",
      sid: "session_01JTESTSESSION000000000",
      org_id: "org_01JTESTORG00000000000000",
      role: "member",
      roles: ["member"],
      permissions: ["posts:read"],
      feature_flags: [],
      email: "a@example.com",
      "meta.plan": "pro",
      "meta.limits.seats": 3,
    });
    expect(r.identity).not.toHaveProperty("fva");
    expect(r.identity).not.toHaveProperty("jti");
    expect(r.identity).not.toHaveProperty("exp");
  });
});

describe("provider matching", () => {
  it("rejects every token against the older docs config (applicationID on both) with AUDIENCE_MISSING", async () => {
    const { options } = opts();
    const r = await checkToken(await workosToken(key), olderDocsConfig(), options);
    expect(r.code).toBe("AUDIENCE_MISSING");
    expect(r.providerIndex).toBeNull();
    expect(r.findings[0]?.evidence.providerIndex).toBe(1);
    expect(r.convexMessage).toBe(
      "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: " +
        `[CustomJWT(issuer=https://api.workos.com/, app_id=${CLIENT_ID}), CustomJWT(issuer=${USER_MANAGEMENT_ISS()}, app_id=${CLIENT_ID})]`,
    );
  });

  it("reports AUDIENCE_MISMATCH when aud is present but different", async () => {
    const { options } = opts();
    const token = await workosToken(key, { aud: "someone-else" });
    const r = await checkToken(token, olderDocsConfig(), options);
    expect(r.code).toBe("AUDIENCE_MISMATCH");
  });

  it("reports ISSUER_MISMATCH for a token from another client ID and lists providers in Convex's order", async () => {
    const { options } = opts();
    const token = await workosToken(key, { iss: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID) });
    const r = await checkToken(token, docsConfig(), options);
    expect(r.code).toBe("ISSUER_MISMATCH");
    // Convex lists the provider without applicationID first, whatever the config order.
    expect(r.convexMessage).toContain(
      `[CustomJWT(issuer=${USER_MANAGEMENT_ISS()}, app_id=none), CustomJWT(issuer=https://api.workos.com/, app_id=${CLIENT_ID})]`,
    );
    const explained = r.findings
      .filter((f) => f.code === "PROVIDER_NOT_MATCHED")
      .map((f) => f.evidence.providerIndex);
    expect(explained.sort()).toEqual([0, 1]);
  });

  it("for a token from another WorkOS client, says to use one client ID rather than add that client's issuer", async () => {
    const { options } = opts();
    const token = await workosToken(key, { iss: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID) });
    const r = await checkToken(token, docsConfig(), options);
    const f = r.findings.find((x) => x.code === "ISSUER_MISMATCH")!;
    expect(f.evidence).toMatchObject({ clientId: OTHER_CLIENT_ID, serverClientId: CLIENT_ID });
    expect(f.message).toContain(`WorkOS client \`${OTHER_CLIENT_ID}\``);
    expect(f.fix).toContain(`npx convex env set WORKOS_CLIENT_ID ${OTHER_CLIENT_ID}`);
    expect(f.fix).toContain(`if \`${CLIENT_ID}\` is right, give the app that client ID`);
    expect(f.fix).not.toMatch(/^Add a provider/);
  });

  it("for a token from an issuer no provider names a client for, keeps the add-a-provider fix", async () => {
    const { options } = opts();
    const token = await workosToken(key, { iss: "https://example.clerk.accounts.dev" });
    const r = await checkToken(token, docsConfig(), options);
    const f = r.findings.find((x) => x.code === "ISSUER_MISMATCH")!;
    expect(f.evidence.serverClientId).toBeUndefined();
    expect(f.fix).toMatch(
      /^Add a provider whose issuer is `https:\/\/example\.clerk\.accounts\.dev`/,
    );
  });

  it("ignores trailing slashes on both sides and adds https:// to a scheme-less iss", async () => {
    const { options } = opts();
    const cfg = [
      {
        type: "customJwt" as const,
        issuer: `${USER_MANAGEMENT_ISS()}///`,
        jwks: WORKOS_JWKS(),
        algorithm: "RS256" as const,
      },
    ];
    const schemeLess = await workosToken(key, {
      iss: `api.workos.com/user_management/${CLIENT_ID}/`,
    });
    const r = await checkToken(schemeLess, cfg, options);
    expect(r.verdict).toBe("accepted");
    // tokenIdentifier keeps the iss exactly as written in the token.
    expect(r.identity?.tokenIdentifier).toBe(
      `api.workos.com/user_management/${CLIENT_ID}/|user_01JTESTUSER0000000000000`,
    );
  });

  it("compares issuers case-sensitively", async () => {
    const { options } = opts();
    const token = await workosToken(key, {
      iss: USER_MANAGEMENT_ISS().replace("api.workos", "API.WORKOS"),
    });
    expect((await checkToken(token, docsConfig(), options)).code).toBe("ISSUER_MISMATCH");
  });

  it("picks the first provider in Convex's sorted order, not config order", async () => {
    const jwksA = "https://a.example.com/jwks";
    const jwksB = "https://b.example.com/jwks";
    const { options } = opts({
      [jwksA]: { body: jwksOf(otherKey) },
      [jwksB]: { body: jwksOf(key) },
    });
    // Same issuer twice; config order B then A, Convex tries A first (jwks sorts lower).
    const cfg = [
      {
        type: "customJwt" as const,
        issuer: USER_MANAGEMENT_ISS(),
        jwks: jwksB,
        algorithm: "RS256" as const,
      },
      {
        type: "customJwt" as const,
        issuer: USER_MANAGEMENT_ISS(),
        jwks: jwksA,
        algorithm: "RS256" as const,
      },
    ];
    const r = await checkToken(await workosToken(key), cfg, options);
    expect(r.providerIndex).toBe(1);
    expect(r.code).toBe("KEY_NOT_FOUND");
  });

  it("returns NO_PROVIDERS with Convex's message for an empty config", async () => {
    const r = await checkToken(await workosToken(key), [], { now: NOW, fetch: null });
    expect(r.code).toBe("NO_PROVIDERS");
    expect(r.convexMessage).toBe(
      "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.",
    );
  });
});

describe("JWKS delivery", () => {
  const cfg = () => docsConfig();
  it.each([
    [
      "HTTP 404",
      { status: 404, body: "nope" },
      `Could not fetch JWKS from URL '${WORKOS_JWKS()}': HTTP 404 Not Found. Check that the URL is correct and accessible.`,
    ],
    [
      "text/html content type",
      { body: jwksOf(), contentType: "text/html" },
      `Invalid Content-Type 'text/html' when fetching JWKS from '${WORKOS_JWKS()}'. Expected 'application/json' or 'application/jwk-set+json'.`,
    ],
    [
      "missing content type",
      { body: jwksOf(), contentType: null },
      `Invalid Content-Type 'unknown' when fetching JWKS from '${WORKOS_JWKS()}'. Expected 'application/json' or 'application/jwk-set+json'.`,
    ],
    [
      "charset other than utf-8",
      { body: jwksOf(), contentType: "application/json; charset=latin1" },
      `Invalid Content-Type 'application/json; charset=latin1' when fetching JWKS from '${WORKOS_JWKS()}'. Expected 'application/json' or 'application/jwk-set+json'.`,
    ],
    [
      "a body that is not a JWKS",
      { body: { hello: "world" } },
      `Invalid JWKS response body from '${WORKOS_JWKS()}'. The response is not valid JSON or doesn't match the expected JWKS format.`,
    ],
    [
      "a body that is not JSON",
      { body: "<html>", contentType: "application/json" },
      `Invalid JWKS response body from '${WORKOS_JWKS()}'. The response is not valid JSON or doesn't match the expected JWKS format.`,
    ],
  ])("rejects with JWKS_UNAVAILABLE on %s", async (_name, route, message) => {
    const { options } = opts({ [WORKOS_JWKS()]: route });
    const r = await checkToken(await workosToken(key), cfg(), options);
    expect(r.code).toBe("JWKS_UNAVAILABLE");
    expect(r.convexMessage).toBe(message);
  });

  it("accepts application/json with charset=utf-8 in any case of the media type", async () => {
    const { options } = opts({
      [WORKOS_JWKS()]: { body: jwksOf(key), contentType: "Application/JSON; charset=utf-8" },
    });
    expect((await checkToken(await workosToken(key), cfg(), options)).verdict).toBe("accepted");
  });

  it("leaves the token unverified when the JWKS cannot be reached from the checker's network", async () => {
    const { options } = opts({});
    const r = await checkToken(await workosToken(key), cfg(), options);
    expect(r.verdict).toBe("unverified");
    expect(r.code).toBe("TOKEN_UNVERIFIED");
    expect(r.convexMessage).toBeNull();
    const primary = r.findings.find((f) => f.code === "TOKEN_UNVERIFIED")!;
    expect(primary.message).toMatch(/could not be reached from here/);
    expect(primary.message).toContain(WORKOS_JWKS());
    expect(primary.fix).toMatch(/network connection/);
  });

  it("reports a network failure with Convex's wording when the fetch is Convex's own", async () => {
    const { options } = opts({});
    const r = await checkToken(await workosToken(key), cfg(), {
      ...options,
      fetchesAsConvex: true,
    });
    expect(r.code).toBe("JWKS_UNAVAILABLE");
    expect(r.convexMessage).toMatch(
      /^Could not fetch JWKS from URL 'https:\/\/api\.workos\.com\/sso\/jwks\/client_\w+': .+\. Check that the URL is correct and accessible\.$/,
    );
  });

  it("reads JWKS from data: URLs without fetching", async () => {
    const dataUrl = `data:application/json;base64,${Buffer.from(JSON.stringify(jwksOf(key))).toString("base64")}`;
    const cfgData = [
      {
        type: "customJwt" as const,
        issuer: USER_MANAGEMENT_ISS(),
        jwks: dataUrl,
        algorithm: "RS256" as const,
      },
    ];
    const r = await checkToken(await workosToken(key), cfgData, {
      now: NOW,
      fetch: null,
      cache: createDocumentCache(),
    });
    expect(r.verdict).toBe("accepted");
  });

  it("caches the JWKS so repeated checks cost no network, and refetches after max-age", async () => {
    const { fetch, options } = opts({
      [WORKOS_JWKS()]: { body: jwksOf(key), cacheControl: "max-age=60" },
    });
    const token = await workosToken(key);
    await checkToken(token, cfg(), options);
    await checkToken(token, cfg(), options);
    await Promise.all([checkToken(token, cfg(), options), checkToken(token, cfg(), options)]);
    expect(fetch.calls).toHaveLength(1);
    await checkToken(token, cfg(), { ...options, now: NOW + 61_000 });
    expect(fetch.calls).toHaveLength(2);
  });
});

describe("decoding with the JWKS: kid, algorithm, signature", () => {
  it("KEY_NOT_FOUND for a kid that is not in the JWKS, with Convex's kid message", async () => {
    const { options } = opts();
    const r = await checkToken(await workosToken(otherKey), docsConfig(), options);
    expect(r.code).toBe("KEY_NOT_FOUND");
    expect(r.convexMessage).toBe(
      "Could not decode token. The JWT's 'kid' (key ID) header is 'key_other', does this key match any key in the provider's JWKS?",
    );
    expect(r.findings[0]?.evidence.kids).toEqual(["key_main"]);
  });

  it("redacted: the kid message becomes the production text", async () => {
    const { options } = opts(undefined, { redactErrors: true });
    const r = await checkToken(await workosToken(otherKey), docsConfig(), options);
    expect(r.convexMessage).toBe(
      "Could not decode token. The JWT's 'kid' (key ID) header doesn't match any key in the provider's JWKS, or the JWT signature is invalid.",
    );
  });

  it("KEY_ID_MISSING without kid; production keeps the long message (Convex's redaction does not match it)", async () => {
    const { options } = opts(undefined, { redactErrors: true });
    const r = await checkToken(
      await workosToken(key, {}, { kid: undefined }),
      docsConfig(),
      options,
    );
    expect(r.code).toBe("KEY_ID_MISSING");
    expect(r.convexMessage).toBe(
      "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
    );
  });

  it("SIGNATURE_INVALID when the payload was altered, though Convex only names the kid", async () => {
    const { options } = opts();
    const token = await workosToken(key);
    const [h, , s] = token.split(".");
    const forged = `${h}.${base64url.encode(JSON.stringify({ iss: USER_MANAGEMENT_ISS(), sub: "user_admin", exp: NOW_S + 100 }))}.${s}`;
    const r = await checkToken(forged, docsConfig(), options);
    expect(r.code).toBe("SIGNATURE_INVALID");
    expect(r.convexMessage).toContain("header is 'key_main'");
  });

  it("SIGNATURE_INVALID when another key signed with the same kid", async () => {
    const { options } = opts();
    const impostor = { ...otherKey, kid: "key_main" };
    const r = await checkToken(await workosToken(impostor), docsConfig(), options);
    expect(r.code).toBe("SIGNATURE_INVALID");
  });

  it("ALGORITHM_MISMATCH when the header alg differs from the JWK's alg", async () => {
    const { options } = opts({
      [WORKOS_JWKS()]: { body: { keys: [{ ...ecKey.publicJwk, kid: "key_main", alg: "ES256" }] } },
    });
    const r = await checkToken(await workosToken(key), docsConfig(), options);
    expect(r.code).toBe("ALGORITHM_MISMATCH");
    expect(r.convexMessage).toContain("'key_main'");
  });

  it("ALGORITHM_MISMATCH when the configured algorithm differs (ES256 config, RS256 token)", async () => {
    const { options } = opts({
      [WORKOS_JWKS()]: { body: { keys: [{ ...key.publicJwk, alg: undefined }] } },
    });
    const cfg = [
      {
        type: "customJwt" as const,
        issuer: USER_MANAGEMENT_ISS(),
        jwks: WORKOS_JWKS(),
        algorithm: "ES256" as const,
      },
    ];
    const r = await checkToken(await workosToken(key), cfg, options);
    expect(r.code).toBe("ALGORITHM_MISMATCH");
  });

  it("accepts ES256 tokens against an ES256 provider", async () => {
    const { options } = opts({ [WORKOS_JWKS()]: { body: jwksOf(ecKey) } });
    const cfg = [
      {
        type: "customJwt" as const,
        issuer: USER_MANAGEMENT_ISS(),
        jwks: WORKOS_JWKS(),
        algorithm: "ES256" as const,
      },
    ];
    expect((await checkToken(await workosToken(ecKey), cfg, options)).verdict).toBe("accepted");
  });
});

describe("time and claims", () => {
  it("allows 5 s past exp during validation but the WebSocket rejects the expired identity", async () => {
    const { options } = opts();
    const token = await workosToken(key, { exp: NOW_S - 3 });
    const ws = await checkToken(token, docsConfig(), options);
    expect(ws.code).toBe("TOKEN_EXPIRED");
    expect(ws.convexMessage).toBe("Convex token identity expired");
    expect(ws.convexCode).toBe("TokenExpired");
    const http = await checkToken(token, docsConfig(), { ...options, transport: "http" });
    expect(http.verdict).toBe("accepted");
  });

  it("rejects a token 6 s past exp with the seconds Convex reports", async () => {
    const { options } = opts();
    const r = await checkToken(await workosToken(key, { exp: NOW_S - 6 }), docsConfig(), {
      ...options,
      transport: "http",
    });
    expect(r.code).toBe("TOKEN_EXPIRED");
    expect(r.convexMessage).toBe("Could not validate token: Token expired 6 seconds ago");
  });

  it("accepts exactly 5 s past exp over HTTP (the leeway is inclusive)", async () => {
    const { options } = opts();
    const r = await checkToken(await workosToken(key, { exp: NOW_S - 5 }), docsConfig(), {
      ...options,
      transport: "http",
    });
    expect(r.verdict).toBe("accepted");
  });

  it("checks nbf before iat and reports the seconds until valid", async () => {
    const { options } = opts();
    const nbf = await checkToken(
      await workosToken(key, { nbf: NOW_S + 30, iat: NOW_S + 60 }),
      docsConfig(),
      options,
    );
    expect(nbf.code).toBe("TOKEN_NOT_YET_VALID");
    expect(nbf.convexMessage).toBe("Could not validate token: Token will be valid in 30 seconds");
    const iat = await checkToken(
      await workosToken(key, { iat: NOW_S + 60 }),
      docsConfig(),
      options,
    );
    expect(iat.findings[0]?.evidence.claim).toBe("iat");
    expect(iat.convexMessage).toBe("Could not validate token: Token will be valid in 60 seconds");
  });

  it("checks exp before nbf", async () => {
    const { options } = opts();
    const r = await checkToken(
      await workosToken(key, { exp: NOW_S - 100, nbf: NOW_S + 100 }),
      docsConfig(),
      options,
    );
    expect(r.code).toBe("TOKEN_EXPIRED");
  });

  it.each(["sub", "exp"])("requires %s after the time checks", async (claim) => {
    const { options } = opts();
    const r = await checkToken(await workosToken(key, { [claim]: undefined }), docsConfig(), {
      ...options,
      transport: "http",
    });
    expect(r.code).toBe("CLAIM_MISSING");
    expect(r.convexMessage).toBe(
      "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.",
    );
  });
});

describe("unreadable tokens and bad input", () => {
  it.each([
    ["a non-JWT string", "hello"],
    ["an empty string", ""],
    ["a number", 42],
    ["null", null],
    ["an object", { token: "x" }],
    ["a payload that is a JSON array", `eyJhbGciOiJSUzI1NiJ9.${base64url.encode("[1]")}.sig`],
    [
      "exp as a string",
      `eyJhbGciOiJSUzI1NiJ9.${base64url.encode(JSON.stringify({ iss: "x", exp: "soon" }))}.sig`,
    ],
  ])("TOKEN_MALFORMED for %s, with Convex's parse message", async (_name, token) => {
    const r = await checkToken(token, docsConfig(), { fetch: null });
    expect(r.code).toBe("TOKEN_MALFORMED");
    expect(r.convexMessage).toBe(
      "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.",
    );
  });

  it("ISSUER_MISSING without iss", async () => {
    const r = await checkToken(await workosToken(key, { iss: undefined }), docsConfig(), {
      fetch: null,
    });
    expect(r.code).toBe("ISSUER_MISSING");
  });

  it("treats providers that are not an array as no providers, with a CONFIG_INVALID finding", async () => {
    const r = await checkToken(await workosToken(key), "nope", { fetch: null });
    expect(r.code).toBe("NO_PROVIDERS");
    expect(r.findings.map((f) => f.code)).toContain("CONFIG_INVALID");
  });

  it("skips a provider with neither domain nor issuer and explains it", async () => {
    const { options } = opts();
    const r = await checkToken(
      await workosToken(key),
      [{ applicationID: "x" }, ...docsConfig()],
      options,
    );
    expect(r.verdict).toBe("accepted");
    expect(r.providerIndex).toBe(2);
    const invalid = r.findings.find((f) => f.code === "CONFIG_INVALID");
    expect(invalid?.message).toContain("neither `domain` nor `issuer`");
  });

  it("skips a provider whose issuer is not a URL", async () => {
    const r = await checkToken(
      await workosToken(key),
      [{ type: "customJwt", issuer: "not a url", jwks: "x", algorithm: "RS256" }],
      { fetch: null },
    );
    expect(r.code).toBe("NO_PROVIDERS");
    expect(
      r.findings.some((f) => f.code === "CONFIG_INVALID" && f.message.includes("not a url")),
    ).toBe(true);
  });

  it("is TOKEN_UNVERIFIED when fetching is off, but still notices expiry", async () => {
    const r = await checkToken(await workosToken(key, { exp: NOW_S - 100 }), docsConfig(), {
      now: NOW,
      fetch: null,
    });
    expect(r.verdict).toBe("unverified");
    expect(r.code).toBe("TOKEN_UNVERIFIED");
    expect(r.providerIndex).toBe(1);
    expect(r.findings.map((f) => f.code)).toContain("TOKEN_EXPIRED");
  });
});

describe("OIDC providers", () => {
  const ISS = "https://idp.example.com";
  const oidcCfg = [{ domain: ISS, applicationID: "app-1" }];
  async function oidcToken(k: TestKey, claims: Record<string, unknown> = {}, alg = k.alg) {
    const payload: Record<string, unknown> = {
      iss: ISS,
      sub: "u1",
      aud: "app-1",
      iat: NOW_S - 10,
      exp: NOW_S + 300,
      given_name: "Ada",
      picture: "https://p/x.png",
      email: "ada@example.com",
      org: "o1",
      ...claims,
    };
    for (const [k2, v] of Object.entries(payload)) if (v === undefined) delete payload[k2];
    return new SignJWT(payload).setProtectedHeader({ alg, kid: k.kid }).sign(k.privateKey);
  }
  const routes = () => ({
    [`${ISS}/.well-known/openid-configuration`]: {
      body: { issuer: ISS, jwks_uri: `${ISS}/jwks` },
      contentType: "application/json",
    },
    [`${ISS}/jwks`]: { body: jwksOf(key, ecKey), contentType: "application/json" },
  });

  it("accepts via discovery and maps standard claims to camelCase identity fields", async () => {
    const { options } = opts(routes());
    const r = await checkToken(await oidcToken(key), oidcCfg, options);
    expect(r.verdict).toBe("accepted");
    expect(r.identity).toMatchObject({
      tokenIdentifier: `${ISS}|u1`,
      givenName: "Ada",
      pictureUrl: "https://p/x.png",
      email: "ada@example.com",
      org: "o1",
    });
    expect(r.identity).not.toHaveProperty("given_name");
    expect(r.identity).not.toHaveProperty("aud");
  });

  it("allows no leeway on exp", async () => {
    const { options } = opts(routes());
    const r = await checkToken(await oidcToken(key, { exp: NOW_S - 1 }), oidcCfg, {
      ...options,
      transport: "http",
    });
    expect(r.code).toBe("TOKEN_EXPIRED");
    expect(r.convexMessage).toBe(
      "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
    );
  });

  it("rejects ES256 (only RS256 and EdDSA are allowed)", async () => {
    const { options } = opts(routes());
    const r = await checkToken(await oidcToken(ecKey), oidcCfg, options);
    expect(r.code).toBe("ALGORITHM_MISMATCH");
  });

  it("rejects several audiences", async () => {
    const { options } = opts(routes());
    const r = await checkToken(await oidcToken(key, { aud: ["app-1", "app-2"] }), oidcCfg, options);
    expect(r.code).toBe("MULTIPLE_AUDIENCES");
  });

  it("requires iat", async () => {
    const { options } = opts(routes());
    const r = await checkToken(await oidcToken(key, { iat: undefined }), oidcCfg, options);
    expect(r.code).toBe("CLAIM_MISSING");
    expect(r.convexMessage).toBe(
      "Could not parse as OIDC ID token. Token might not be an OIDC-compliant JWT.",
    );
  });

  it("reports OIDC_DISCOVERY_FAILED with the status when discovery answers 404", async () => {
    const { options } = opts({
      [`${ISS}/.well-known/openid-configuration`]: {
        status: 404,
        body: "missing",
        contentType: "text/plain",
      },
    });
    const r = await checkToken(await oidcToken(key), oidcCfg, { ...options, transport: "http" });
    expect(r.code).toBe("OIDC_DISCOVERY_FAILED");
    expect(r.convexMessage).toBe(`Auth provider discovery of ${ISS} failed: 404 Not Found missing`);
  });

  it("tries OIDC providers before customJwt ones", async () => {
    const { options } = opts(routes());
    const mixed = [
      { type: "customJwt" as const, issuer: ISS, jwks: `${ISS}/jwks`, algorithm: "RS256" as const },
      { domain: ISS, applicationID: "app-1" },
    ];
    const r = await checkToken(await oidcToken(key), mixed, options);
    expect(r.providerIndex).toBe(1);
  });
});

describe("strict base64url like Convex's decoder", () => {
  it("rejects a signature whose last character only differs in its unused bits", async () => {
    const { options } = opts();
    const token = await workosToken(key);
    // An RSA-2048 signature is 342 base64url characters: the last one carries 4 unused bits.
    const last = token[token.length - 1]!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) + 1]!;
    const r = await checkToken(token.slice(0, -1) + sibling, docsConfig(), options);
    expect(r.verdict).toBe("rejected");
    expect(r.code).toBe("TOKEN_MALFORMED");
    expect(r.convexMessage).toContain("header is 'key_main'");
  });
});

describe("review fixes: Convex parity details", () => {
  it("accepts charset=UTF-8 (the parameter value is case-insensitive)", async () => {
    const { options } = opts({
      [WORKOS_JWKS()]: {
        body: jwksOf(key),
        contentType: "application/jwk-set+json; charset=UTF-8",
      },
    });
    expect((await checkToken(await workosToken(key), docsConfig(), options)).verdict).toBe(
      "accepted",
    );
  });

  it("rejects a JWKS whose RSA key lacks its modulus as an invalid body", async () => {
    const { n: _n, ...broken } = key.publicJwk;
    const { options } = opts({ [WORKOS_JWKS()]: { body: { keys: [broken] } } });
    const r = await checkToken(await workosToken(key), docsConfig(), options);
    expect(r.code).toBe("JWKS_UNAVAILABLE");
    expect(r.convexMessage).toContain("Invalid JWKS response body");
  });

  it("reads a fractional exp literal as a number of seconds, not as an unparsable token", async () => {
    const header = base64url.encode(JSON.stringify({ alg: "RS256", kid: "key_main" }));
    const payload = base64url.encode(
      `{"iss":"${USER_MANAGEMENT_ISS()}","sub":"u","exp":${NOW_S + 100}.0}`,
    );
    const r = await checkToken(`${header}.${payload}.c2ln`, docsConfig(), {
      now: NOW,
      fetch: null,
    });
    expect(r.code).toBe("TOKEN_UNVERIFIED");
  });
});
