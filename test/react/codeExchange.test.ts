import { describe, expect, it, vi } from "vitest";
import { checkCodeExchange, codeExchangeEndpoint } from "../../src/react/codeExchange.js";

const ENDPOINT = "https://api.workos.com/user_management/authenticate";

describe("codeExchangeEndpoint", () => {
  it("builds the endpoint AuthKit exchanges codes at from the provider's settings", () => {
    expect(codeExchangeEndpoint({})).toBe(ENDPOINT);
    expect(codeExchangeEndpoint({ apiHostname: "auth.example.com" })).toBe(
      "https://auth.example.com/user_management/authenticate",
    );
    expect(codeExchangeEndpoint({ apiHostname: "127.0.0.1", https: false, port: 4321 })).toBe(
      "http://127.0.0.1:4321/user_management/authenticate",
    );
  });
});

describe("checkCodeExchange", () => {
  it("counts any answer to a request shaped like AuthKit's as an exchange that can be made", async () => {
    const fetch = vi.fn(async () => new Response("{}", { status: 400 }));
    expect(await checkCodeExchange(ENDPOINT, { withCookies: false, fetch })).toBe("answered");
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(
      ENDPOINT,
      expect.objectContaining({
        method: "POST",
        mode: "cors",
        credentials: "same-origin",
        headers: expect.objectContaining({ "Content-Type": "application/json" }),
      }),
    );
  });

  it("sends cookies as AuthKit does outside devMode", async () => {
    const fetch = vi.fn(async () => new Response("{}", { status: 400 }));
    await checkCodeExchange(ENDPOINT, { withCookies: true, fetch });
    expect(fetch).toHaveBeenCalledWith(
      ENDPOINT,
      expect.objectContaining({ credentials: "include" }),
    );
  });

  it("tells a refused origin (a no-cors request gets through) from an unreachable API", async () => {
    const cors = new TypeError("Failed to fetch");
    const blocked = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      if (init?.mode === "cors") throw cors;
      return new Response(null, { status: 200 });
    });
    expect(await checkCodeExchange(ENDPOINT, { withCookies: false, fetch: blocked })).toBe(
      "blocked",
    );
    expect(blocked).toHaveBeenLastCalledWith(
      "https://api.workos.com/",
      expect.objectContaining({ mode: "no-cors" }),
    );

    const offline = vi.fn(async () => {
      throw cors;
    });
    expect(await checkCodeExchange(ENDPOINT, { withCookies: false, fetch: offline })).toBe(
      "unreachable",
    );
  });
});
