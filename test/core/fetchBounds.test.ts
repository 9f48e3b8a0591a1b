import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { allowListFetch } from "../../src/client/fetchAllowList.js";
import { checkToken, createDocumentCache, normalizeProviders } from "../../src/core/index.js";
import { FETCH_LIMITS } from "../../src/core/fetcher.js";
import type { FetchLike } from "../../src/core/types.js";
import { SignJWT } from "jose";
import {
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  NOW_S,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("k1");
});
afterEach(() => {
  vi.useRealTimers();
});

const check = (token: string, fetch: FetchLike, providers: unknown = docsConfig()) =>
  checkToken(token, providers, {
    now: NOW,
    fetch,
    cache: createDocumentCache(),
    transport: "http",
  });

/** A body that never ends, so reading it whole would never finish. */
function endless(
  headers: Record<string, string> = { "content-type": "application/json" },
  status = 200,
) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { response: new Response(body, { status, headers }), sent: () => sent };
}

describe("every request the checker makes is bounded", () => {
  it("a stalled JWKS host is answered within the timeout, as unverified", async () => {
    vi.useFakeTimers();
    let aborted = false;
    const stalled: FetchLike = (_url, init) =>
      new Promise((_, reject) => {
        (init as { signal?: AbortSignal }).signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("aborted"));
        });
      });
    const pending = check(await workosToken(key), stalled);
    await vi.advanceTimersByTimeAsync(FETCH_LIMITS.timeoutMs);
    const r = await pending;
    expect(r.verdict).toBe("unverified");
    expect(r.findings[0]?.evidence).toMatchObject({ reason: "timeout", url: WORKOS_JWKS() });
    expect(aborted).toBe(true);
  });

  it("a fetch that ignores the abort signal is still cut off at the deadline", async () => {
    vi.useFakeTimers();
    const deaf: FetchLike = () => new Promise(() => undefined);
    const pending = check(await workosToken(key), deaf);
    await vi.advanceTimersByTimeAsync(FETCH_LIMITS.timeoutMs);
    expect((await pending).findings[0]?.evidence.reason).toBe("timeout");
  });

  it("an endless JWKS body is read only up to the size cap", async () => {
    const body = endless();
    const r = await check(await workosToken(key), async () => body.response);
    expect(r.verdict).toBe("unverified");
    expect(r.findings[0]?.evidence.reason).toBe("too-large");
    expect(body.sent()).toBeLessThanOrEqual(FETCH_LIMITS.maxDocumentBytes + 2 * 64 * 1024);
  });

  it("a JWKS that declares a size above the cap is not read at all", async () => {
    const body = endless({
      "content-type": "application/json",
      "content-length": String(FETCH_LIMITS.maxDocumentBytes + 1),
    });
    const r = await check(await workosToken(key), async () => body.response);
    expect(r.findings[0]?.evidence.reason).toBe("too-large");
    expect(body.sent()).toBeLessThan(FETCH_LIMITS.maxDocumentBytes);
  });

  it("a huge discovery error body is cut in the predicted message and marked", async () => {
    const iss = "https://idp.example.com";
    const token = await new SignJWT({ iss, sub: "u", aud: "app", iat: NOW_S, exp: NOW_S + 60 })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .sign(key.privateKey);
    const body = endless({ "content-type": "text/html" }, 404);
    const r = await check(token, async () => body.response, [
      { domain: iss, applicationID: "app" },
    ]);
    const prefix = `Auth provider discovery of ${iss} failed: 404 Not Found `;
    expect(r.convexMessage!.startsWith(prefix)).toBe(true);
    expect(r.convexMessage!.length).toBe(prefix.length + FETCH_LIMITS.maxErrorBodyChars + 1);
    expect(r.convexMessage!.endsWith("…")).toBe(true);
    expect(r.findings[0]?.evidence.bodyTruncated).toBe(true);
  });
});

describe("the allow-list follows redirects only to URLs of the auth config", () => {
  const providers = () => normalizeProviders(docsConfig()).convexOrder;

  /** A base fetch serving `routes`, answering a redirect where `redirects` says so. */
  function server(redirects: Record<string, string>) {
    const calls: Array<{ url: string; redirect: unknown }> = [];
    const serve = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
    const base: FetchLike = async (url, init) => {
      calls.push({ url, redirect: (init as { redirect?: unknown } | undefined)?.redirect });
      const to = redirects[url];
      if (to) return new Response(null, { status: 302, headers: { location: to } });
      return serve(url, init);
    };
    return { base, calls };
  }

  it("a redirect to another host is refused without requesting it: unverified", async () => {
    const s = server({ [WORKOS_JWKS()]: "https://elsewhere.example/jwks" });
    const r = await check(await workosToken(key), allowListFetch(providers(), s.base));
    expect(r.verdict).toBe("unverified");
    expect(r.findings[0]?.evidence.reason).toBe("refused");
    expect(s.calls.map((c) => c.url)).toEqual([WORKOS_JWKS()]);
    expect(s.calls[0]?.redirect).toBe("manual");
  });

  it("a redirect to a URL of the auth config is followed", async () => {
    const config = [
      ...docsConfig(),
      {
        type: "customJwt",
        issuer: "https://other.example/",
        jwks: "https://keys.example/jwks",
        algorithm: "RS256",
      },
    ];
    const s = server({ "https://keys.example/jwks": WORKOS_JWKS() });
    const guarded = allowListFetch(normalizeProviders(config).convexOrder, s.base);
    const response = await guarded("https://keys.example/jwks");
    expect(response.status).toBe(200);
    expect(s.calls.map((c) => c.url)).toEqual(["https://keys.example/jwks", WORKOS_JWKS()]);
  });

  it("more than 10 redirects fail like Convex's client, which gives up after 10", async () => {
    const config = [
      {
        type: "customJwt",
        issuer: "https://a.example/",
        jwks: "https://a.example/jwks",
        algorithm: "RS256",
      },
      {
        type: "customJwt",
        issuer: "https://b.example/",
        jwks: "https://b.example/jwks",
        algorithm: "RS256",
      },
    ];
    const s = server({
      "https://a.example/jwks": "https://b.example/jwks",
      "https://b.example/jwks": "https://a.example/jwks",
    });
    const guarded = allowListFetch(normalizeProviders(config).convexOrder, s.base);
    await expect(guarded("https://a.example/jwks")).rejects.toThrow(/too many redirects/);
    expect(s.calls).toHaveLength(11);
  });
});
