import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorkosIssuer, type LocalWorkosIssuer } from "../../demo/workosIssuer.js";

let issuer: LocalWorkosIssuer;
const APP = "http://localhost:5173/callback";

beforeAll(async () => {
  issuer = await startWorkosIssuer();
});
afterEach(() => issuer.resetScenario());
afterAll(async () => {
  await issuer?.close();
});

const b64url = (b: Buffer) =>
  b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The PKCE pair authkit-js makes: a random verifier and its S256 challenge. */
function pkce() {
  const verifier = b64url(randomBytes(48));
  return { verifier, challenge: b64url(createHash("sha256").update(verifier).digest()) };
}

/** GET /user_management/authorize with the query authkit-js builds; returns the redirect. */
async function authorize(params: Record<string, string> = {}) {
  const { verifier, challenge } = pkce();
  const q = new URLSearchParams({
    client_id: issuer.clientId,
    code_challenge: challenge,
    code_challenge_method: "S256",
    provider: "authkit",
    redirect_uri: APP,
    response_type: "code",
    state: JSON.stringify({ returnTo: "/" }),
    ...params,
  });
  const res = await fetch(`${issuer.url}/user_management/authorize?${q}`, { redirect: "manual" });
  return {
    res,
    verifier,
    location: res.headers.get("location") ? new URL(res.headers.get("location")!) : null,
  };
}

/** POST /user_management/authenticate exactly as authkit-js's HttpClient does. */
function authenticate(body: Record<string, unknown>) {
  return fetch(`${issuer.url}/user_management/authenticate`, {
    method: "POST",
    headers: {
      Accept: "application/json, text/plain, */*",
      "Content-Type": "application/json",
      Origin: "http://localhost:5173",
    },
    body: JSON.stringify({ client_id: issuer.clientId, ...body }),
  });
}

async function signIn() {
  const { location, verifier } = await authorize();
  const res = await authenticate({
    grant_type: "authorization_code",
    code: location!.searchParams.get("code"),
    code_verifier: verifier,
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe("authorization code flow with PKCE", () => {
  it("redirects back to redirect_uri with a code and the state unchanged", async () => {
    const { res, location } = await authorize();
    expect(res.status).toBe(302);
    expect(location!.origin + location!.pathname).toBe(APP);
    expect(location!.searchParams.get("code")).toMatch(/^[\w-]{20,}$/);
    expect(JSON.parse(location!.searchParams.get("state")!)).toEqual({ returnTo: "/" });
  });

  it("exchanges the code for a WorkOS-shaped response whose access token verifies against the JWKS", async () => {
    const { res, body } = await signIn();
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(body).toMatchObject({
      user: {
        object: "user",
        id: issuer.scenario.user.id,
        email: issuer.scenario.user.email,
        email_verified: true,
      },
      organization_id: issuer.scenario.organizationId,
      authentication_method: "Password",
    });
    expect(typeof body.refresh_token).toBe("string");
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUrl));
    const { payload, protectedHeader } = await jwtVerify(body.access_token as string, jwks, {
      issuer: issuer.issuer,
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    expect(payload.iss).toBe(`https://api.workos.com/user_management/${issuer.clientId}`);
    expect(payload).toMatchObject({
      sub: issuer.scenario.user.id,
      org_id: issuer.scenario.organizationId,
      role: "member",
      roles: ["member"],
      permissions: ["posts:read"],
      feature_flags: [],
    });
    expect(payload.sid).toMatch(/^session_/);
    expect(typeof payload.jti).toBe("string");
    expect(payload.aud).toBeUndefined();
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it("refuses a code_verifier that does not match the challenge", async () => {
    const { location } = await authorize();
    const res = await authenticate({
      grant_type: "authorization_code",
      code: location!.searchParams.get("code"),
      code_verifier: "wrong",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/code_verifier/),
    });
  });

  it("accepts a code only once", async () => {
    const { location, verifier } = await authorize();
    const code = location!.searchParams.get("code");
    expect(
      (await authenticate({ grant_type: "authorization_code", code, code_verifier: verifier }))
        .status,
    ).toBe(200);
    const again = await authenticate({
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses another client ID", async () => {
    const res = await authenticate({
      client_id: "client_01JNOTTHISONE00000000000000",
      grant_type: "authorization_code",
      code: "x",
      code_verifier: "y",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "invalid_client",
      error_description: "Invalid client ID.",
    });
  });
});

describe("refresh grant", () => {
  it("returns a new access token and rotates the refresh token", async () => {
    const { body } = await signIn();
    const res = await authenticate({
      grant_type: "refresh_token",
      refresh_token: body.refresh_token,
      organization_id: body.organization_id,
    });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as Record<string, string>;
    expect(refreshed.access_token).not.toBe(body.access_token);
    expect(refreshed.refresh_token).not.toBe(body.refresh_token);
    const reused = await authenticate({
      grant_type: "refresh_token",
      refresh_token: body.refresh_token,
    });
    expect(reused.status).toBe(400);
  });

  it("fails with the scenario's error after the allowed number of refreshes", async () => {
    issuer.setScenario({
      refreshFailure: {
        status: 400,
        error: "invalid_grant",
        error_description: "Session has already ended.",
      },
      refreshFailureAfter: 1,
    });
    const { body } = await signIn();
    const first = await authenticate({
      grant_type: "refresh_token",
      refresh_token: body.refresh_token,
    });
    expect(first.status).toBe(200);
    const second = await authenticate({
      grant_type: "refresh_token",
      refresh_token: ((await first.json()) as Record<string, string>).refresh_token,
    });
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({
      error: "invalid_grant",
      error_description: "Session has already ended.",
    });
  });

  it("ends the session on logout, so its refresh token stops working", async () => {
    const { body } = await signIn();
    const sid = (
      JSON.parse(
        Buffer.from((body.access_token as string).split(".")[1]!, "base64url").toString(),
      ) as { sid: string }
    ).sid;
    const out = await fetch(
      `${issuer.url}/user_management/sessions/logout?session_id=${sid}&return_to=${encodeURIComponent("http://localhost:5173/")}`,
      { redirect: "manual" },
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("http://localhost:5173/");
    const res = await authenticate({
      grant_type: "refresh_token",
      refresh_token: body.refresh_token,
    });
    expect(res.status).toBe(400);
  });
});

describe("scenario knobs", () => {
  it("redirects with error and error_description instead of a code", async () => {
    issuer.setScenario({
      callbackError: { error: "access_denied", error_description: "The user denied access." },
    });
    const { location } = await authorize();
    expect(location!.searchParams.get("code")).toBeNull();
    expect(location!.searchParams.get("error")).toBe("access_denied");
    expect(location!.searchParams.get("error_description")).toBe("The user denied access.");
  });

  it("shows an error page instead of redirecting to a redirect URI the environment does not allow", async () => {
    issuer.setScenario({ allowedRedirectUris: ["http://localhost:3000/callback"] });
    const { res } = await authorize();
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toMatch(/Invalid redirect URI/);
  });

  it("fails the code exchange with the scenario's error body", async () => {
    issuer.setScenario({
      exchangeFailure: {
        status: 400,
        error: "invalid_grant",
        error_description: "The code has expired or is invalid.",
      },
    });
    const { res, body } = await signIn();
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: "invalid_grant",
      error_description: "The code has expired or is invalid.",
    });
  });

  it("mints legacy-issuer, audience, lifetime and clock-offset variants", async () => {
    issuer.setScenario({
      issuerVariant: "legacy",
      audience: issuer.clientId,
      tokenLifetimeSeconds: 60,
      clockOffsetSeconds: -600,
    });
    const payload = JSON.parse(
      Buffer.from((await issuer.mintAccessToken()).split(".")[1]!, "base64url").toString(),
    ) as Record<string, number | string>;
    expect(payload.iss).toBe("https://api.workos.com/");
    expect(payload.aud).toBe(issuer.clientId);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(60);
    expect(
      Math.abs(Number(payload.iat) - (Math.floor(Date.now() / 1000) - 600)),
    ).toBeLessThanOrEqual(2);
  });

  it("can name its own URL as issuer", async () => {
    issuer.setScenario({ issuerBase: "local" });
    const payload = JSON.parse(
      Buffer.from((await issuer.mintAccessToken()).split(".")[1]!, "base64url").toString(),
    ) as { iss: string };
    expect(payload.iss).toBe(`${issuer.url}/user_management/${issuer.clientId}`);
  });

  it("signs with an unpublished key, an ES256 key or without kid", async () => {
    const kids = (issuer.jwks().keys as { kid: string }[]).map((k) => k.kid);
    issuer.setScenario({ signingKey: "unpublished" });
    expect(kids).not.toContain(decodeProtectedHeader(await issuer.mintAccessToken()).kid);
    issuer.setScenario({ signingKey: "es256" });
    const es = decodeProtectedHeader(await issuer.mintAccessToken());
    expect(es.alg).toBe("ES256");
    expect(kids).toContain(es.kid);
    issuer.setScenario({ signingKey: "no-kid" });
    expect(decodeProtectedHeader(await issuer.mintAccessToken()).kid).toBeUndefined();
  });

  it("rotates to a new key that it publishes next to the old one from then on", async () => {
    const before = (issuer.jwks().keys as { kid: string }[]).map((k) => k.kid);
    issuer.setScenario({ signingKey: "rotated" });
    const kid = decodeProtectedHeader(await issuer.mintAccessToken()).kid;
    expect(before).not.toContain(kid);
    const after = (issuer.jwks().keys as { kid: string }[]).map((k) => k.kid);
    expect(after).toEqual(expect.arrayContaining([...before, kid]));
    const served = (await (await fetch(issuer.jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(served.keys.map((k) => k.kid)).toContain(kid);
  });
});

describe("JWKS, CORS and routing", () => {
  it("serves the JWKS as application/jwk-set+json for the known client only", async () => {
    const res = await fetch(issuer.jwksUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/jwk-set+json");
    const body = (await res.json()) as {
      keys: { kty: string; alg: string; kid: string; use: string }[];
    };
    expect(body.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect((await fetch(`${issuer.url}/sso/jwks/client_01JNOTTHISONE00000000000000`)).status).toBe(
      404,
    );
  });

  it("answers a CORS preflight for authenticate the way browsers need", async () => {
    const res = await fetch(`${issuer.url}/user_management/authenticate`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Content-Type/i);
  });

  it("lets only its allowed origins call authenticate from a browser, and every origin the JWKS", async () => {
    issuer.setScenario({ allowedOrigins: ["https://app.example.com"] });
    const preflight = (origin: string, path = "/user_management/authenticate") =>
      fetch(`${issuer.url}${path}`, {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type",
        },
      });
    expect(
      (await preflight("http://127.0.0.1:5173")).headers.get("access-control-allow-origin"),
    ).toBeNull();
    expect(
      (await authenticate({ grant_type: "refresh_token" })).headers.has(
        "access-control-allow-origin",
      ),
    ).toBe(false);
    expect(
      (await preflight("https://app.example.com")).headers.get("access-control-allow-origin"),
    ).toBe("https://app.example.com");
    const jwks = await fetch(issuer.jwksUrl, { headers: { Origin: "http://127.0.0.1:5173" } });
    expect(jwks.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
  });

  it("answers https://api.workos.com URLs in-process, for fetch rerouting", async () => {
    const res = await issuer.handleWorkosUrl(issuer.workosJwksUrl);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { keys: unknown[] }).keys).toEqual(issuer.jwks().keys);
  });

  it("logs requests without secrets", async () => {
    await signIn();
    const log = JSON.stringify(issuer.requests);
    expect(
      issuer.requests.some((r) => r.grantType === "authorization_code" && r.status === 200),
    ).toBe(true);
    expect(log).not.toMatch(/code_verifier|eyJ/);
  });
});
