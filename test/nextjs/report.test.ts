import { describe, expect, it } from "vitest";
import { finding } from "../../src/core/catalogue.js";
import {
  buildNextServerReport,
  isNextServerReport,
  nextServerFindings,
  pageOf,
  scrubError,
  serverFindingsFor,
  serverTokenFinding,
  type NextServerFacts,
} from "../../src/nextjs/report.js";

const healthy: NextServerFacts = {
  page: "http://localhost:3000/",
  proxyRan: true,
  proxyError: null,
  clientId: "client_01APP",
  redirectUri: "http://localhost:3000/callback",
  redirectUriSource: "env",
  cookiePasswordLength: 40,
  withAuth: { ok: true, userId: "user_1", hasToken: true, expiresInSeconds: 280 },
  convex: { verdict: "accepted", message: null, cause: null, subject: "user_1", deployment: null },
};
const codes = (facts: Partial<NextServerFacts>) =>
  nextServerFindings({ ...healthy, ...facts }).map((f) => f.code);
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJlc2lnbmF0dXJl";

describe("what the Next.js server knew, as findings", () => {
  it("finds nothing wrong in the starter's healthy setup", () => {
    expect(codes({})).toEqual([]);
  });

  it("names a WORKOS_COOKIE_PASSWORD shorter than 32 characters, with its length", () => {
    const [f] = nextServerFindings({ ...healthy, cookiePasswordLength: 16 });
    expect(f?.code).toBe("COOKIE_PASSWORD_TOO_SHORT");
    expect(f?.message).toContain("16 characters");
    expect(codes({ cookiePasswordLength: 32 })).toEqual([]);
  });

  it("names an unset WORKOS_COOKIE_PASSWORD or WORKOS_CLIENT_ID as missing from .env.local", () => {
    const found = nextServerFindings({ ...healthy, cookiePasswordLength: null, clientId: null });
    expect(found.map((f) => [f.code, f.evidence.name])).toEqual([
      ["ENV_MISSING", "WORKOS_COOKIE_PASSWORD"],
      ["ENV_MISSING", "WORKOS_CLIENT_ID"],
    ]);
  });

  it("does not repeat a short cookie password as a proxy failure when that is what the proxy threw", () => {
    const error =
      "You must provide a valid cookie password that is at least 32 characters in the environment variables.";
    expect(codes({ cookiePasswordLength: 16, proxyRan: false, proxyError: error })).toEqual([
      "COOKIE_PASSWORD_TOO_SHORT",
    ]);
  });

  it("reports any other proxy failure with AuthKit's own words", () => {
    const [f] = nextServerFindings({
      ...healthy,
      proxyRan: false,
      proxyError: "You must provide a redirect URI in the AuthKit middleware",
    });
    expect(f?.code).toBe("AUTHKIT_SERVER_ERROR");
    expect(f?.message).toContain("You must provide a redirect URI");
  });

  it("names a page the proxy does not cover, with its path when known", () => {
    const withAuth = { ok: false as const, error: "isn't covered", notCovered: true };
    const [f] = nextServerFindings({
      ...healthy,
      proxyRan: false,
      withAuth,
      page: "http://localhost:3000/dashboard",
    });
    expect(f?.code).toBe("PROXY_NOT_COVERING");
    expect(f?.fix).toContain("`/dashboard`");
    // Without the proxy nobody recorded the URL: the finding stands without a path.
    const [g] = nextServerFindings({ ...healthy, proxyRan: false, withAuth, page: null });
    expect(g?.code).toBe("PROXY_NOT_COVERING");
    expect(g?.fix).not.toContain("none");
  });

  it("reports withAuth() failing for another reason under a running proxy", () => {
    expect(codes({ withAuth: { ok: false, error: "Bad hmac value", notCovered: false } })).toEqual([
      "AUTHKIT_SERVER_ERROR",
    ]);
  });

  it("names a redirect URI on another origin or port, with the URI to use", () => {
    const [f] = nextServerFindings({ ...healthy, redirectUri: "http://localhost:3001/callback" });
    expect(f?.code).toBe("REDIRECT_URI_MISMATCH");
    expect(f?.fix).toContain("NEXT_PUBLIC_WORKOS_REDIRECT_URI");
    expect(f?.fix).toContain("http://localhost:3000/callback");
    expect(codes({ redirectUri: "http://127.0.0.1:3000/callback" })).toEqual([
      "REDIRECT_URI_MISMATCH",
    ]);
  });

  it("names a redirect URI no route handler serves when the app renders a page at its path", () => {
    const [f] = nextServerFindings({
      ...healthy,
      redirectUri: "http://localhost:3000/auth/callback",
      page: "http://localhost:3000/auth/callback",
    });
    expect(f?.code).toBe("REDIRECT_URI_INVALID");
    expect(f?.evidence.path).toBe("/auth/callback");
    expect(f?.fix).toContain("app/auth/callback/route.ts");
    // On any other page the same URI is not known to be wrong.
    expect(codes({ redirectUri: "http://localhost:3000/auth/callback" })).toEqual([]);
  });

  it("names a redirect URI at the site root, which can only be a page", () => {
    const [f] = nextServerFindings({ ...healthy, redirectUri: "http://localhost:3000/" });
    expect(f?.code).toBe("REDIRECT_URI_INVALID");
    expect(f?.message).toContain("route handler");
  });

  it("names the proxy's redirectUri option when that is the one in effect", () => {
    const [f] = nextServerFindings({
      ...healthy,
      redirectUri: "not a url",
      redirectUriSource: "proxy",
    });
    expect(f?.code).toBe("REDIRECT_URI_INVALID");
    expect(f?.message).toContain("authkitMiddleware({ redirectUri })");
  });

  it("names an unset NEXT_PUBLIC_WORKOS_REDIRECT_URI", () => {
    expect(nextServerFindings({ ...healthy, redirectUri: null })[0]?.evidence.name).toBe(
      "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
    );
  });

  it("names Convex rejecting the server's token, with the fix of the cause", () => {
    const [f] = nextServerFindings({
      ...healthy,
      convex: {
        verdict: "rejected",
        message: "Could not validate token: Token expired 600 seconds ago",
        cause: "TOKEN_EXPIRED",
        subject: null,
        deployment: null,
      },
    });
    expect(f?.code).toBe("SERVER_TOKEN_REJECTED");
    expect(f?.message).toContain("Token expired 600 seconds ago");
    expect(f?.evidence.cause).toBe("TOKEN_EXPIRED");
    expect(f?.fix).toContain("forceRefreshToken");
  });

  it("reads the cause from Convex's text when verifyToken could not name it", () => {
    const f = serverTokenFinding(
      "No auth provider found matching the given token (no providers configured)",
      null,
    );
    expect(f.evidence.cause).toBe("NO_PROVIDERS");
    expect(f.fix).toContain("npx convex dev");
  });

  it("keeps its own fix for a text nobody recognizes", () => {
    expect(serverTokenFinding("something odd", null).fix).toContain("findings above");
  });

  it("adds what the deployment reported about its config and client IDs", () => {
    const mismatch = finding("CLIENT_ID_MISMATCH", {
      clientId: "client_01APP",
      serverClientId: "client_01OTHER",
    });
    const lint = finding("CONFIG_AUDIENCE_NEVER_SENT", { providerIndex: 1, issuer: "https://x" });
    const found = nextServerFindings({
      ...healthy,
      convex: {
        ...healthy.convex,
        deployment: { configFindings: [lint], clientFindings: [mismatch] },
      },
    });
    expect(found).toEqual([lint, mismatch]);
  });

  it("says nothing about a deployment it could not reach or did not ask", () => {
    expect(
      codes({
        convex: {
          verdict: "unreachable",
          message: "fetch failed",
          cause: null,
          subject: null,
          deployment: null,
        },
      }),
    ).toEqual([]);
  });
});

describe("the report handed to the browser", () => {
  it("holds the facts and findings, and is recognized as a report", () => {
    const r = buildNextServerReport({ ...healthy, cookiePasswordLength: 3 }, 1000);
    expect(r.generatedAt).toBe(1000);
    expect(r.findings.map((f) => f.code)).toEqual(["COOKIE_PASSWORD_TOO_SHORT"]);
    expect(isNextServerReport(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(isNextServerReport({ findings: [] })).toBe(false);
    expect(isNextServerReport(null)).toBe(false);
  });

  it("is rebuilt for the browser's page when the server did not know it", () => {
    const r = buildNextServerReport(
      {
        ...healthy,
        proxyRan: false,
        page: null,
        withAuth: { ok: false, error: "x", notCovered: true },
      },
      1,
    );
    const [f] = serverFindingsFor(r, "http://localhost:3000/uncovered");
    expect(f?.evidence.path).toBe("/uncovered");
    expect(serverFindingsFor(r, null)).toBe(r.findings);
    expect(serverFindingsFor(null, "http://localhost:3000/")).toEqual([]);
  });

  it("cuts URLs to origin and path, and redacts tokens and known secrets in error texts", () => {
    expect(pageOf("http://localhost:3000/callback?code=abc&state=def#x")).toBe(
      "http://localhost:3000/callback",
    );
    expect(pageOf("not a url")).toBeNull();
    const text = scrubError(
      `withAuth on http://localhost:3000/callback?code=SECRETCODE failed with ${JWT} and hunter2-password`,
      ["hunter2-password"],
    );
    expect(text).toContain("http://localhost:3000/callback");
    expect(text).not.toContain("SECRETCODE");
    expect(text).not.toContain(JWT);
    expect(text).not.toContain("hunter2-password");
  });
});
