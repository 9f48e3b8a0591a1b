import { anyApi } from "convex/server";
import { describe, expect, it, vi } from "vitest";
import type { TokenCheck } from "../../src/core/types.js";
import {
  probeOverHttp,
  runProbe,
  VERIFY_ATTEMPTS,
  verifyWithRetry,
  type ProbeClient,
  type ProbeRequest,
} from "../../src/react/probe.js";
import type { AuthDiagnosticsApi } from "../../src/react/types.js";

const TOKEN = "header.payload.signature";
const LOST = "Connection lost while action was in flight";
const withVerify = anyApi.authDiagnostics as unknown as AuthDiagnosticsApi;
const withoutVerify = {
  diagnoseAuth: withVerify.diagnoseAuth,
} as AuthDiagnosticsApi;

const check: TokenCheck = {
  verdict: "rejected",
  code: "KEY_NOT_FOUND",
  providerIndex: 1,
  convexMessage: "Could not decode token",
  convexCode: null,
  identity: null,
  findings: [],
};

function client(action: ProbeClient["action"] = async () => check, url = "https://x.convex.cloud") {
  return { url, action: vi.fn(action) };
}

/** A fetch answering every request with `status` and `body`, recording the requests. */
function fetchAnswering(status: number, body: unknown) {
  const requests: { url: string; init: RequestInit }[] = [];
  const f = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), init: init ?? {} });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  });
  return { fetch: f as unknown as typeof fetch, requests, calls: f };
}

const request = (over: Partial<ProbeRequest>): ProbeRequest => ({
  client: client(),
  api: withVerify,
  token: TOKEN,
  clientId: null,
  mode: "auto",
  ...over,
});

describe("verifyWithRetry", () => {
  it("sends the action again when the connection dropped it", async () => {
    let n = 0;
    const answer = await verifyWithRetry(async () => {
      if (++n === 1) throw new Error(LOST);
      return "checked";
    });
    expect(answer).toBe("checked");
    expect(n).toBe(2);
  });

  it(`gives up after ${VERIFY_ATTEMPTS} lost connections`, async () => {
    let n = 0;
    await expect(
      verifyWithRetry(async () => {
        n++;
        throw new Error(LOST);
      }),
    ).rejects.toThrow(LOST);
    expect(n).toBe(VERIFY_ATTEMPTS);
  });

  it("does not retry any other error", async () => {
    let n = 0;
    await expect(
      verifyWithRetry(async () => {
        n++;
        throw new Error("Server error");
      }),
    ).rejects.toThrow("Server error");
    expect(n).toBe(1);
  });
});

describe("probeOverHttp", () => {
  it("queries diagnoseAuth at /api/query with the token as bearer and the client ID as argument", async () => {
    const f = fetchAnswering(200, { status: "success", value: {} });
    await probeOverHttp({
      client: client(undefined, "https://x.convex.cloud/"),
      api: withVerify,
      token: TOKEN,
      clientId: "client_1",
      fetch: f.fetch,
    });
    expect(f.requests).toHaveLength(1);
    const { url, init } = f.requests[0]!;
    expect(url).toBe("https://x.convex.cloud/api/query");
    expect(init.method).toBe("POST");
    expect(new Headers(init.headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(String(init.body))).toEqual({
      path: "authDiagnostics:diagnoseAuth",
      args: { clientId: "client_1" },
      format: "json",
    });
  });

  it("reads Convex's reason from a 401 body", async () => {
    const f = fetchAnswering(401, { code: "NoAuthProvider", message: "No auth provider found" });
    const outcome = await probeOverHttp(request({ fetch: f.fetch }));
    expect(outcome).toEqual({
      via: "http",
      verdict: "rejected",
      message: "No auth provider found",
    });
  });

  it("names the status when the error body is not JSON", async () => {
    const f = fetchAnswering(502, "<html>Bad gateway</html>");
    const outcome = await probeOverHttp(request({ fetch: f.fetch }));
    expect(outcome).toEqual({ via: "http", verdict: "rejected", message: "HTTP 502" });
  });

  it("calls a successful query accepted, with no message", async () => {
    const f = fetchAnswering(200, { status: "success", value: {} });
    const outcome = await probeOverHttp(request({ fetch: f.fetch }));
    expect(outcome).toEqual({ via: "http", verdict: "accepted", message: null });
  });

  it("has nothing to probe without diagnoseAuth", async () => {
    const f = fetchAnswering(200, {});
    const outcome = await probeOverHttp(request({ api: null, fetch: f.fetch }));
    expect(outcome).toBeNull();
    expect(f.calls).not.toHaveBeenCalled();
  });
});

describe("runProbe", () => {
  it("uses verifyToken in auto mode when the api has it, and reports its verdict", async () => {
    const c = client();
    const f = fetchAnswering(401, { message: "unused" });
    const outcome = await runProbe(request({ client: c, fetch: f.fetch }));
    expect(outcome).toEqual({
      via: "action",
      check,
      message: check.convexMessage,
      verdict: "rejected",
    });
    expect(c.action).toHaveBeenCalledWith(withVerify.verifyToken, { token: TOKEN });
    expect(f.calls).not.toHaveBeenCalled();
  });

  it("uses HTTP in auto mode when the api has no verifyToken", async () => {
    const c = client();
    const f = fetchAnswering(401, { message: "No auth provider found" });
    const outcome = await runProbe(request({ client: c, api: withoutVerify, fetch: f.fetch }));
    expect(outcome?.via).toBe("http");
    expect(c.action).not.toHaveBeenCalled();
  });

  it("uses HTTP in http mode even when the api has verifyToken", async () => {
    const c = client();
    const f = fetchAnswering(401, { message: "No auth provider found" });
    const outcome = await runProbe(request({ client: c, mode: "http", fetch: f.fetch }));
    expect(outcome?.via).toBe("http");
    expect(c.action).not.toHaveBeenCalled();
  });

  it("falls back to HTTP in auto mode when the action fails", async () => {
    const c = client(async () => {
      throw new Error("Server error");
    });
    const f = fetchAnswering(401, { message: "No auth provider found" });
    const outcome = await runProbe(request({ client: c, fetch: f.fetch }));
    expect(outcome).toEqual({
      via: "http",
      verdict: "rejected",
      message: "No auth provider found",
    });
  });

  it("does not fall back to HTTP in action mode when the action fails", async () => {
    const c = client(async () => {
      throw new Error("Server error");
    });
    const f = fetchAnswering(401, { message: "No auth provider found" });
    const outcome = await runProbe(request({ client: c, mode: "action", fetch: f.fetch }));
    expect(outcome).toBeNull();
    expect(f.calls).not.toHaveBeenCalled();
  });

  it("probes over HTTP in action mode when the api has no verifyToken", async () => {
    const f = fetchAnswering(401, { message: "No auth provider found" });
    const outcome = await runProbe(request({ api: withoutVerify, mode: "action", fetch: f.fetch }));
    expect(outcome?.via).toBe("http");
  });

  it("resolves null instead of rejecting when the network fails", async () => {
    const failing = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    await expect(runProbe(request({ mode: "http", fetch: failing }))).resolves.toBeNull();
  });
});
