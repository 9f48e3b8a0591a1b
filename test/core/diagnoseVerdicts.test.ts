/**
 * Verdicts while Convex says no: the headline is a cause (or an honest "not known yet"), never a
 * calm note; refresh failures, a token the app never handed over and an app without a client ID
 * get their own causes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { checkToken, diagnose, lintProviders, normalizeProviders } from "../../src/core/index.js";
import type { DiagnoseInput, ServerReport } from "../../src/core/types.js";
import {
  CLIENT_ID,
  docsConfig,
  makeKey,
  olderDocsConfig,
  NOW,
  NOW_S,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_verdicts");
});

const USER = "user_01JTESTUSER0000000000000";
const refused = { isLoading: false, isAuthenticated: false } as const;

function report(env: Record<string, string>, serverTime = NOW): ServerReport {
  const providers = docsConfig();
  return {
    answer: "a test report",

    identity: null,
    providers: normalizeProviders(providers).convexOrder,
    env: [
      { name: "WORKOS_CLIENT_ID", set: true, value: env.WORKOS_CLIENT_ID ?? null, length: null },
    ],
    configFindings: lintProviders(providers),
    clientFindings: [],
    serverTime,
    convexUrl: null,
    version: "0.1.0",
  };
}

function signedIn(accessToken: NonNullable<DiagnoseInput["authKit"]>["accessToken"]) {
  return { isLoading: false, userId: USER, clientId: CLIENT_ID, accessToken };
}

describe("while Convex is not authenticated", () => {
  it("a token Convex would accept is no reason for calm: the cause is unknown, and says what was checked", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn({ ok: true, token }),
      convex: refused,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      clientTime: NOW,
    });
    expect(d.ok).toBe(false);
    expect(d.headline.code).toBe("CAUSE_UNKNOWN");
    expect(d.headline.message).toContain("the deployment's report");
    expect(d.headline.fix).toContain("createAuthDiagnosticsLogger()");
  });

  it("per-provider mismatches stay in the token check, not among the findings", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn({ ok: true, token }),
      convex: refused,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      clientTime: NOW,
    });
    expect(d.findings.map((f) => f.code)).not.toContain("PROVIDER_NOT_MATCHED");
    expect(d.tokenCheck?.findings.map((f) => f.code)).toContain("PROVIDER_NOT_MATCHED");
  });

  it("names the app giving Convex no token, and the refresh failure behind it", async () => {
    const d = await diagnose({
      authKit: signedIn({
        ok: false,
        errorName: "RefreshError",
        errorMessage: "Failed to refresh",
        transient: true,
        status: 503,
      }),
      convex: { ...refused, noTokenFromApp: true },
      clientTime: NOW,
    });
    const codes = d.findings.map((f) => f.code);
    expect(codes).toContain("CONVEX_GOT_NO_TOKEN");
    const noToken = d.findings.find((f) => f.code === "CONVEX_GOT_NO_TOKEN")!;
    expect(noToken.message).toContain("RefreshError (HTTP 503)");
    // A transient failure is not a stale session.
    expect(codes).not.toContain("AUTHKIT_USER_STALE");
    expect(d.headline.code).toBe("ACCESS_TOKEN_UNAVAILABLE");
    expect(d.headline.message).toContain("may pass on its own");
  });

  it("a token that arrived after Convex asked is the adapter race, not a missing provider", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn({ ok: true, token }),
      convex: { ...refused, noTokenFromApp: true, tokenSent: null },
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CONVEX_GOT_NO_TOKEN");
    expect(d.headline.message).toContain("captured in a render");
    expect(d.headline.fix).toContain("await getAccessToken()");
    expect(d.findings.map((f) => f.code)).not.toContain("NO_TOKEN_SENT");
  });

  it("a token Convex rejected is the story, not the round without a token the client makes after the rejection", async () => {
    const token = await workosToken(key);
    const providers = olderDocsConfig();
    const rejection = await checkToken(token, providers, { now: NOW, fetch: null });
    expect(rejection.verdict).toBe("rejected");
    const server: ServerReport = {
      ...report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      providers: normalizeProviders(providers).convexOrder,
      configFindings: lintProviders(providers),
    };
    // What `next dev` showed: Convex's rejection text captured, then a refetch that sent no token.
    const afterRejection = {
      ...refused,
      noTokenFromApp: true,
      tokenSent: false,
      providerWithAuth: true,
    };
    const d = await diagnose({
      authKit: signedIn({ ok: true, token }),
      convex: afterRejection,
      server,
      serverErrors: [
        `Failed to authenticate: "${rejection.convexMessage}", check your server auth config`,
      ],
      clientTime: NOW,
    });
    expect(d.findings.map((f) => f.code)).not.toContain("CONVEX_GOT_NO_TOKEN");
    expect(d.headline.code).toBe("CONFIG_AUDIENCE_NEVER_SENT");

    // Without the captured text (it reached another logger): the token check alone decides.
    const uncaptured = await diagnose({
      authKit: signedIn({ ok: true, token }),
      convex: afterRejection,
      server,
      clientTime: NOW,
    });
    expect(uncaptured.findings.map((f) => f.code)).not.toContain("CONVEX_GOT_NO_TOKEN");
    expect(uncaptured.headline.code).toBe("CONFIG_AUDIENCE_NEVER_SENT");

    // The control: a token the config does not reject leaves the missing token as the finding.
    const notRejected = await diagnose({
      authKit: signedIn({ ok: true, token }),
      convex: afterRejection,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      clientTime: NOW,
    });
    expect(notRejected.tokenCheck?.verdict).not.toBe("rejected");
    expect(notRejected.findings.map((f) => f.code)).toContain("CONVEX_GOT_NO_TOKEN");
  });

  it("a non-transient refresh failure with the user still set is a stale session", async () => {
    const d = await diagnose({
      authKit: signedIn({
        ok: false,
        errorName: "LoginRequiredError",
        errorMessage: "No access token available",
        transient: false,
      }),
      convex: refused,
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("AUTHKIT_USER_STALE");
  });

  it("an app that gives AuthKit an empty client ID is told which variable, with the deployment's value", async () => {
    const d = await diagnose({
      authKit: { isLoading: false, userId: null, clientId: "" },
      convex: refused,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("ENV_MISSING");
    expect(d.headline.message).toContain("`VITE_WORKOS_CLIENT_ID`");
    expect(d.headline.fix).toContain(`VITE_WORKOS_CLIENT_ID=${CLIENT_ID}`);
  });
});

describe("facts the fixes are built from", () => {
  it("a callback error names the redirect URI to register", async () => {
    const d = await diagnose({
      authKit: { isLoading: false, userId: null },
      pageUrl: "http://localhost:5173/?error=invalid_redirect_uri",
      clientTime: NOW,
    });
    expect(d.headline.fix).toContain("`http://localhost:5173/`");
  });

  it("a code refused on the redirect URI's own origin is not told to open that origin", async () => {
    const d = await diagnose({
      authKit: { isLoading: false, userId: null, redirectUri: "http://localhost:5173/" },
      pageUrl: "http://localhost:5173/?code=01JCODE",
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CODE_EXCHANGE_FAILED");
    expect(d.headline.fix).toContain("Sign in again from this page");
    expect(d.headline.fix).not.toContain("Open the app at");
  });

  it("a token's remaining life is counted on the server's clock when the report gives it", async () => {
    const token = await workosToken(key, { exp: NOW_S + 300 });
    const skew = 301_000;
    const d = await diagnose({
      token,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }, NOW),
      serverReportReceivedAt: NOW + skew,
      clientTime: NOW + skew,
    });
    expect(d.token?.expiresInSeconds).toBe(300);
  });
});
