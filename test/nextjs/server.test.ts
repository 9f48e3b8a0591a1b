import { NextRequest, NextResponse } from "next/server.js";
import { anyApi } from "convex/server";
import { finding } from "../../src/core/catalogue.js";
import { describe, expect, it, vi } from "vitest";
import {
  checkServerToken,
  PROXY_ERROR_HEADER,
  withAuthDiagnostics,
  withProxyDiagnostics,
  type HeadersLike,
  type ProxyFunction,
} from "../../src/nextjs/server.js";

const api = anyApi.authDiagnostics as any;
const TOKEN = [
  Buffer.from('{"alg":"RS256","kid":"k"}').toString("base64url"),
  Buffer.from(JSON.stringify({ sub: "user_1", exp: 2_000_000_300 })).toString("base64url"),
  "c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl",
].join(".");
const NOW = 2_000_000_000_000;
const env = {
  WORKOS_CLIENT_ID: "client_01APP",
  WORKOS_COOKIE_PASSWORD: "x".repeat(40),
  WORKOS_API_KEY: "sk_test_abcdefghijklmnop",
  NEXT_PUBLIC_WORKOS_REDIRECT_URI: "http://localhost:3000/callback",
  NEXT_PUBLIC_CONVEX_URL: "https://happy-otter-1.convex.cloud",
};
const headersOf = (h: Record<string, string>): HeadersLike => new Headers(h);
const proxied = headersOf({
  "x-workos-middleware": "true",
  "x-url": "http://localhost:3000/?code=abc",
});
const signedIn = async () => ({ user: { id: "user_1" }, accessToken: TOKEN });

/** A deployment answering `/api/query` and `/api/action` like Convex does. */
function deployment(answer: { query: Response | (() => Response); action?: unknown }) {
  return vi.fn(async (url: string | URL | Request) => {
    const u = String(url);
    if (u.endsWith("/api/query"))
      return typeof answer.query === "function" ? answer.query() : answer.query.clone();
    return Response.json({ status: "success", value: answer.action ?? null });
  }) as unknown as typeof fetch & ReturnType<typeof vi.fn>;
}
const accepted = () =>
  Response.json({ status: "success", value: { identity: { subject: "user_1" } } });
const rejected = (message: string, code = "InvalidAuthHeader") =>
  Response.json({ code, message }, { status: 401 });

describe("withAuthDiagnostics", () => {
  it("is withAuth() alone when switched off", async () => {
    const fetch = deployment({ query: accepted() });
    const r = await withAuthDiagnostics(signedIn, { enabled: false, api, fetch, env });
    expect(r).toEqual({ user: { id: "user_1" }, accessToken: TOKEN, diagnostics: null });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("is off outside development by default", async () => {
    expect(process.env.NODE_ENV).not.toBe("development");
    const r = await withAuthDiagnostics(signedIn, { env, headers: () => proxied });
    expect(r.diagnostics).toBeNull();
  });

  it("reports a healthy request: proxy ran, token accepted, nothing found", async () => {
    const fetch = deployment({ query: accepted });
    const r = await withAuthDiagnostics(signedIn, {
      enabled: true,
      api,
      fetch,
      env,
      headers: () => proxied,
      now: () => NOW,
    });
    expect(r.accessToken).toBe(TOKEN);
    expect(r.diagnostics).toMatchObject({
      page: "http://localhost:3000/",
      proxyRan: true,
      clientId: "client_01APP",
      cookiePasswordLength: 40,
      withAuth: { ok: true, userId: "user_1", hasToken: true, expiresInSeconds: 300 },
      convex: { verdict: "accepted", subject: "user_1" },
      findings: [],
    });
    // The token went to the deployment as a bearer, with the app's client ID as the argument.
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("https://happy-otter-1.convex.cloud/api/query");
    expect((init as RequestInit).headers).toMatchObject({ Authorization: `Bearer ${TOKEN}` });
    expect(JSON.parse(String((init as RequestInit).body))).toMatchObject({
      path: "authDiagnostics:diagnoseAuth",
      args: { clientId: "client_01APP" },
    });
  });

  it("never puts the token, the cookie password or the API key in the report", async () => {
    const fetch = deployment({ query: rejected(`bad token ${TOKEN}`) });
    const r = await withAuthDiagnostics(
      async () => {
        throw new Error(`failed with ${TOKEN} and ${env.WORKOS_COOKIE_PASSWORD}`);
      },
      { enabled: true, api, fetch, env, headers: () => proxied, now: () => NOW },
    );
    const json = JSON.stringify(r.diagnostics);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain(env.WORKOS_COOKIE_PASSWORD);
    expect(json).not.toContain(env.WORKOS_API_KEY);
    expect(json).not.toContain("code=abc");
  });

  it("names Convex's rejection of the server's token with verifyToken's cause", async () => {
    const fetch = deployment({
      query: () => rejected("Could not validate token: Token expired 600 seconds ago"),
      action: { verdict: "rejected", code: "TOKEN_EXPIRED" },
    });
    const r = await withAuthDiagnostics(
      async () => ({ user: { id: "user_2" }, accessToken: `${TOKEN}x` }),
      { enabled: true, api, fetch, env, headers: () => proxied, now: () => NOW },
    );
    expect(r.diagnostics?.convex).toEqual({
      verdict: "rejected",
      message: "Could not validate token: Token expired 600 seconds ago",
      cause: "TOKEN_EXPIRED",
      subject: null,
      deployment: null,
    });
    expect(r.diagnostics?.findings.map((f) => f.code)).toEqual(["SERVER_TOKEN_REJECTED"]);
    // The query with the token, verifyToken, and the report without the token.
    expect(fetch).toHaveBeenCalledTimes(3);
    const bearers = fetch.mock.calls.map(
      ([, init]) => ((init as RequestInit).headers as Record<string, string>).Authorization,
    );
    expect(bearers.filter(Boolean)).toHaveLength(1);
  });

  it("answers { user: null } and names the proxy when withAuth() throws on an uncovered page", async () => {
    const r = await withAuthDiagnostics(
      async (): Promise<{ user: { id: string } | null; accessToken?: string }> => {
        throw new Error(
          "You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware.",
        );
      },
      { enabled: true, api, env, headers: () => headersOf({}), now: () => NOW },
    );
    expect(r.user).toBeNull();
    expect(r.accessToken).toBeUndefined();
    expect(r.diagnostics?.withAuth).toMatchObject({ ok: false, notCovered: true });
    expect(r.diagnostics?.findings.map((f) => f.code)).toEqual(["PROXY_NOT_COVERING"]);
  });

  it("reads the proxy's error only when the proxy did not run", async () => {
    const message = encodeURIComponent("You must provide a valid cookie password");
    const shortPassword = { ...env, WORKOS_COOKIE_PASSWORD: "short" };
    const failing = async (): Promise<{ user: null }> => {
      throw new Error("You are calling 'withAuth' on a route that isn't covered");
    };
    const r = await withAuthDiagnostics(failing, {
      enabled: true,
      env: shortPassword,
      headers: () =>
        headersOf({ [PROXY_ERROR_HEADER]: message, "x-url": "http://localhost:3000/" }),
    });
    expect(r.diagnostics?.proxyError).toBe("You must provide a valid cookie password");
    expect(r.diagnostics?.findings.map((f) => f.code)).toEqual(["COOKIE_PASSWORD_TOO_SHORT"]);
    // A request that went through AuthKit's proxy cannot also carry its failure.
    const spoofed = await withAuthDiagnostics(signedIn, {
      enabled: true,
      env,
      headers: () => headersOf({ "x-workos-middleware": "true", [PROXY_ERROR_HEADER]: message }),
    });
    expect(spoofed.diagnostics?.proxyError).toBeNull();
  });

  it("takes the redirect URI the proxy was given over the env's", async () => {
    const r = await withAuthDiagnostics(signedIn, {
      enabled: true,
      env,
      headers: () =>
        headersOf({
          "x-workos-middleware": "true",
          "x-url": "http://localhost:3000/auth/callback?code=1",
          "x-redirect-uri": "http://localhost:3000/auth/callback",
        }),
    });
    expect(r.diagnostics).toMatchObject({
      redirectUri: "http://localhost:3000/auth/callback",
      redirectUriSource: "proxy",
    });
    expect(r.diagnostics?.findings.map((f) => f.code)).toEqual(["REDIRECT_URI_INVALID"]);
  });

  it("lets Next.js redirects and 404s through", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), {
      digest: "NEXT_REDIRECT;replace;/sign-in;307;",
    });
    await expect(
      withAuthDiagnostics(
        async () => {
          throw redirect;
        },
        { enabled: true, env, headers: () => proxied },
      ),
    ).rejects.toBe(redirect);
  });
});

describe("checkServerToken", () => {
  const request = (fetch: typeof globalThis.fetch) => ({
    api,
    convexUrl: "https://happy-otter-1.convex.cloud",
    clientId: null,
    fetch,
    timeoutMs: 1000,
    now: NOW,
  });

  it("does not ask without a deployment URL or diagnoseAuth", async () => {
    const fetch = deployment({ query: accepted() });
    expect((await checkServerToken(TOKEN, { ...request(fetch), convexUrl: null })).verdict).toBe(
      "not-checked",
    );
    expect((await checkServerToken(TOKEN, { ...request(fetch), api: null })).verdict).toBe(
      "not-checked",
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it("without a token, asks only for the deployment's report, with no bearer", async () => {
    const mismatch = finding("CLIENT_ID_MISMATCH", { clientId: "a", serverClientId: "b" });
    const fetch = deployment({
      query: () =>
        Response.json({
          status: "success",
          value: { identity: null, configFindings: [], clientFindings: [mismatch] },
        }),
    });
    const v = await checkServerToken(null, { ...request(fetch), clientId: "client_nobody" });
    expect(v).toMatchObject({
      verdict: "not-checked",
      deployment: { configFindings: [], clientFindings: [mismatch] },
    });
    const [, init] = fetch.mock.calls[0]!;
    expect((init as RequestInit).headers).not.toHaveProperty("Authorization");
  });

  it("says unreachable, not rejected, when the deployment cannot be reached", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof globalThis.fetch;
    const v = await checkServerToken(`${TOKEN}unreachable`, request(fetch));
    expect(v).toMatchObject({ verdict: "unreachable", message: "fetch failed" });
  });

  it("reads the cause from Convex's text when there is no verifyToken", async () => {
    const fetch = deployment({
      query: () =>
        rejected("No auth provider found matching the given token (no providers configured)"),
    });
    const v = await checkServerToken(`${TOKEN}text`, {
      ...request(fetch),
      api: { diagnoseAuth: api.diagnoseAuth },
    });
    expect(v).toMatchObject({ verdict: "rejected", cause: "NO_PROVIDERS" });
  });

  it("asks once per token within a few seconds (the layout and the page share one answer)", async () => {
    const fetch = deployment({ query: accepted });
    const token = `${TOKEN}cached`;
    await checkServerToken(token, request(fetch));
    await checkServerToken(token, { ...request(fetch), now: NOW + 1000 });
    expect(fetch).toHaveBeenCalledTimes(1);
    await checkServerToken(token, { ...request(fetch), now: NOW + 60_000 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe("withProxyDiagnostics", () => {
  const request = () =>
    new NextRequest("http://localhost:3000/dashboard?code=abc", {
      headers: { "x-workos-session": "forged", [PROXY_ERROR_HEADER]: "forged" },
    });
  const failing: ProxyFunction = () => {
    throw new Error(
      "You must provide a valid cookie password that is at least 32 characters in the environment variables.",
    );
  };

  it("returns the proxy unchanged when switched off (production by default)", () => {
    expect(withProxyDiagnostics(failing)).toBe(failing);
    expect(withProxyDiagnostics(failing, { enabled: false })).toBe(failing);
  });

  it("passes the proxy's answer through when it does not throw", async () => {
    const ok = NextResponse.next();
    const passing: ProxyFunction = () => ok;
    const wrapped = withProxyDiagnostics(passing, { enabled: true });
    expect(await wrapped(request(), {} as never)).toBe(ok);
  });

  it("lets the request through, marked with the error, when AuthKit's proxy throws", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const wrapped = withProxyDiagnostics(failing, { enabled: true });
    const res = (await wrapped(request(), {} as never)) as Response;
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-next")).toBe("1");
    // The request headers the page will see: the error (never forged), the URL, no AuthKit session.
    const override = res.headers.get("x-middleware-override-headers")?.split(",") ?? [];
    expect(override).toContain(PROXY_ERROR_HEADER);
    expect(override).not.toContain("x-workos-session");
    expect(
      decodeURIComponent(res.headers.get(`x-middleware-request-${PROXY_ERROR_HEADER}`) ?? ""),
    ).toContain("cookie password that is at least 32 characters");
    expect(res.headers.get("x-middleware-request-x-url")).toBe(
      "http://localhost:3000/dashboard?code=abc",
    );
  });
});
