import { describe, expect, it } from "vitest";
import { finding } from "../../src/core/catalogue.js";
import type { ServerReport, TokenCheck } from "../../src/core/types.js";
import type { AuthKitSnapshot } from "../../src/react/authkit.js";
import {
  authKitStateOf,
  buildDiagnoseInput,
  convexStateOf,
  isSettledUnauthenticated,
  pageUrlForDiagnosis,
  serverErrorsOf,
  serverInputOf,
  tokenOf,
  type DiagnoseSources,
} from "../../src/react/diagnoseInput.js";
import { EMPTY_AUTH_LOG } from "../../src/react/logger.js";
import type { AccessTokenState, ProbeResult } from "../../src/react/types.js";

const TOKEN = "header.payload.signature";
const signedIn: AuthKitSnapshot = {
  status: "ready",
  isLoading: false,
  user: { id: "user_1" },
  organizationId: "org_1",
};
const ok: AccessTokenState = { state: "ok", key: "k", token: TOKEN, exp: null };
const report: ServerReport = {
  answer: "a test report",

  identity: null,
  providers: [],
  env: [],
  configFindings: [],
  clientFindings: [],
  serverTime: 1,
  convexUrl: null,
  version: "test",
};
const check = { verdict: "rejected", convexMessage: "bad kid" } as TokenCheck;
const httpProbe: ProbeResult = {
  via: "http",
  verdict: "rejected",
  message: "No provider",
  token: TOKEN,
};
const actionProbe: ProbeResult = {
  via: "action",
  check,
  verdict: "rejected",
  message: "bad kid",
  token: TOKEN,
};
const sawEvent = {
  ...EMPTY_AUTH_LOG,
  events: [{ kind: "token-sent" as const, text: null, at: 1 }],
};

const sources = (over: Partial<DiagnoseSources> = {}): DiagnoseSources => ({
  authKit: signedIn,
  settings: { clientId: "client_1" },
  accessToken: ok,
  convexAuth: { isLoading: false, isAuthenticated: true },
  clientPresent: true,
  connected: true,
  loggerWired: true,
  log: EMPTY_AUTH_LOG,
  server: { state: "pending" },
  probe: null,
  pageUrl: "https://app.example/",
  ...over,
});

describe("pageUrlForDiagnosis", () => {
  it("keeps the landing URL while its ?code= is gone from the same page", () => {
    expect(pageUrlForDiagnosis("https://a.test/cb", "https://a.test/cb?code=1&state=x")).toBe(
      "https://a.test/cb?code=1&state=x",
    );
  });

  it("judges the current URL once the app moved to another page", () => {
    expect(pageUrlForDiagnosis("https://a.test/home", "https://a.test/cb?code=1")).toBe(
      "https://a.test/home",
    );
  });

  it("judges the current URL when the landing URL had no code", () => {
    expect(pageUrlForDiagnosis("https://a.test/", "https://a.test/?x=1")).toBe("https://a.test/");
  });

  it("judges the current URL when either URL is unknown or unparsable", () => {
    expect(pageUrlForDiagnosis(null, "https://a.test/?code=1")).toBeNull();
    expect(pageUrlForDiagnosis("https://a.test/", null)).toBe("https://a.test/");
    expect(pageUrlForDiagnosis("https://a.test/", "not a url")).toBe("https://a.test/");
  });
});

describe("the parts of the diagnose() input", () => {
  it("holds a token only once the read succeeded", () => {
    expect(tokenOf(ok)).toBe(TOKEN);
    expect(tokenOf({ state: "pending", key: "k" })).toBeNull();
    expect(tokenOf({ state: "error", key: "k", errorName: "E", errorMessage: "m" })).toBeNull();
  });

  it("counts Convex as settled-unauthenticated only when it answered and stopped loading", () => {
    expect(isSettledUnauthenticated({ isLoading: false, isAuthenticated: false })).toBe(true);
    expect(isSettledUnauthenticated({ isLoading: true, isAuthenticated: false })).toBe(false);
    expect(isSettledUnauthenticated({ isLoading: false, isAuthenticated: true })).toBe(false);
    expect(isSettledUnauthenticated(null)).toBe(false);
  });

  it("passes a failed token read on as its error name and message", () => {
    const state = authKitStateOf(
      signedIn,
      { clientId: null },
      {
        state: "error",
        key: "k",
        errorName: "LoginRequiredError",
        errorMessage: "No session",
      },
    );
    expect(state.accessToken).toEqual({
      ok: false,
      errorName: "LoginRequiredError",
      errorMessage: "No session",
      transient: null,
      status: null,
    });
  });

  it("fills the provider settings the app did not give with null", () => {
    const state = authKitStateOf(signedIn, { clientId: "client_1", devMode: false }, ok);
    expect(state).toMatchObject({
      userId: "user_1",
      organizationId: "org_1",
      clientId: "client_1",
      redirectUri: null,
      apiHostname: null,
      devMode: false,
      accessToken: { ok: true, token: TOKEN },
    });
  });

  it("says no token was sent when a wired logger saw nothing while Convex settled on unauthenticated", () => {
    const unauth = { isLoading: false, isAuthenticated: false };
    const base = sources({ convexAuth: unauth });
    expect(convexStateOf(base, TOKEN)?.tokenSent).toBe(false);
    expect(convexStateOf({ ...base, loggerWired: false }, TOKEN)?.tokenSent).toBeNull();
    expect(convexStateOf({ ...base, log: sawEvent }, TOKEN)?.tokenSent).toBeNull();
    expect(convexStateOf(base, null)?.tokenSent).toBeNull();
  });

  it("reports the same token after a forced refresh only while a token is held", () => {
    const log = { ...EMPTY_AUTH_LOG, refetchFailed: true };
    expect(convexStateOf(sources({ log }), TOKEN)?.sameTokenAfterForceRefresh).toBe(true);
    expect(convexStateOf(sources({ log }), null)?.sameTokenAfterForceRefresh).toBeNull();
  });

  it("treats a client without ConvexProviderWithAuth as unauthenticated with no token sent", () => {
    expect(convexStateOf(sources({ convexAuth: null, connected: false }), TOKEN)).toEqual({
      isLoading: false,
      isAuthenticated: false,
      tokenSent: false,
      connected: false,
      providerWithAuth: false,
    });
    expect(convexStateOf(sources({ convexAuth: null, clientPresent: false }), TOKEN)).toBeNull();
  });

  it("says whether ConvexProviderWithAuth asks the app for tokens", () => {
    expect(convexStateOf(sources(), TOKEN)?.providerWithAuth).toBe(true);
    expect(convexStateOf(sources({ convexAuth: null }), TOKEN)?.providerWithAuth).toBe(false);
  });

  it("adds findings made elsewhere after its own", () => {
    const server = finding("PROXY_NOT_COVERING", { path: "/x" });
    const input = buildDiagnoseInput(
      sources({
        authKit: { status: "unavailable", reason: "no provider", isLoading: false, user: null },
        extraFindings: [server],
      }),
    );
    expect(input.extraFindings?.map((f) => f.code)).toEqual([
      "AUTHKIT_UNAVAILABLE",
      "PROXY_NOT_COVERING",
    ]);
  });

  it("passes the server report, or why there is none", () => {
    expect(serverInputOf({ state: "ok", report: report, receivedAt: 5 })).toBe(report);
    expect(serverInputOf({ state: "error", error: "missing" })).toEqual({ error: "missing" });
    expect(serverInputOf({ state: "pending" })).toBeNull();
    expect(serverInputOf({ state: "skipped" })).toBeNull();
  });

  it("adds the HTTP probe's text after the logger's server errors, but not the action's", () => {
    const log = { serverErrors: ["first"] };
    expect(serverErrorsOf(log, httpProbe)).toEqual(["first", "No provider"]);
    expect(serverErrorsOf(log, actionProbe)).toEqual(["first"]);
    expect(serverErrorsOf(log, null)).toEqual(["first"]);
  });
});

describe("buildDiagnoseInput", () => {
  it("assembles every part, with the action probe's check as tokenCheck", () => {
    const input = buildDiagnoseInput(
      sources({
        server: { state: "ok", report: report, receivedAt: 42 },
        probe: actionProbe,
      }),
    );
    expect(input.token).toBe(TOKEN);
    expect(input.pageUrl).toBe("https://app.example/");
    expect(input.authKit?.userId).toBe("user_1");
    expect(input.convex?.isAuthenticated).toBe(true);
    expect(input.server).toBe(report);
    expect(input.serverReportReceivedAt).toBe(42);
    expect(input.tokenCheck).toBe(check);
    expect(input.extraFindings).toEqual([]);
  });

  it("turns an unavailable AuthKit into an AUTHKIT_UNAVAILABLE finding and no AuthKit state", () => {
    const input = buildDiagnoseInput(
      sources({
        authKit: { status: "unavailable", reason: "no provider", isLoading: false, user: null },
        accessToken: { state: "none" },
      }),
    );
    expect(input.authKit).toBeNull();
    expect(input.token).toBeNull();
    expect(input.extraFindings?.map((f) => f.code)).toEqual(["AUTHKIT_UNAVAILABLE"]);
    expect(input.extraFindings?.[0]?.evidence.reason).toBe("no provider");
  });

  it("leaves the token check empty when only the HTTP probe answered", () => {
    const input = buildDiagnoseInput(sources({ probe: httpProbe }));
    expect(input.tokenCheck).toBeNull();
    expect(input.serverErrors).toEqual(["No provider"]);
  });

  it("does not judge by a token read before Convex got none, until the forced read answers", () => {
    const noToken = { ...sawEvent, noToken: true };
    const unauthenticated = { isLoading: false, isAuthenticated: false };
    const before = buildDiagnoseInput(
      sources({ convexAuth: unauthenticated, log: noToken, accessToken: ok }),
    );
    expect(before.token).toBeNull();
    expect(before.authKit?.accessToken).toBeNull();
    expect(before.convex?.noTokenFromApp).toBe(true);

    const forced = buildDiagnoseInput(
      sources({ convexAuth: unauthenticated, log: noToken, accessToken: { ...ok, forced: true } }),
    );
    expect(forced.token).toBe(TOKEN);
    expect(forced.authKit?.accessToken).toEqual({ ok: true, token: TOKEN });

    // While Convex has its token, an ordinary read is all there is to judge by.
    expect(buildDiagnoseInput(sources({ accessToken: ok })).token).toBe(TOKEN);
  });

  it("passes the browser's check of the code exchange endpoint on", () => {
    const codeExchange = {
      origin: "https://app.example",
      endpoint: "https://api.workos.com/user_management/authenticate",
      outcome: "blocked" as const,
    };
    expect(buildDiagnoseInput(sources({ codeExchange })).codeExchange).toBe(codeExchange);
    expect(buildDiagnoseInput(sources()).codeExchange).toBeNull();
  });
});
