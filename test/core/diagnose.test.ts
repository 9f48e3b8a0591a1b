import { beforeAll, describe, expect, it } from "vitest";
import {
  checkToken,
  createDocumentCache,
  diagnose,
  finding,
  lintProviders,
  normalizeProviders,
  renderJSON,
  renderMarkdown,
  renderText,
  type DiagnoseInput,
  type ServerReport,
} from "../../src/core/index.js";
import {
  CLIENT_ID,
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  NOW_S,
  olderDocsConfig,
  OTHER_CLIENT_ID,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
});

/** A server report the way `diagnoseAuth` builds it from a providers list and env. */
function report(
  providers: unknown,
  env: Record<string, string | undefined>,
  extra: Partial<ServerReport> = {},
): ServerReport {
  return {
    answer: "a test report",

    identity: null,
    providers: normalizeProviders(providers).convexOrder,
    env: ["WORKOS_CLIENT_ID", "WORKOS_API_KEY"].map((name) => ({
      name,
      set: env[name] !== undefined,
      value: name === "WORKOS_CLIENT_ID" ? (env[name] ?? null) : null,
      length: name !== "WORKOS_CLIENT_ID" && env[name] ? env[name]!.length : null,
    })),
    configFindings: lintProviders(providers),
    clientFindings: [],
    serverTime: NOW,
    convexUrl: "https://happy-animal-123.convex.cloud",
    version: "0.1.0",
    ...extra,
  };
}

const signedIn = (token: string, clientId = CLIENT_ID): DiagnoseInput["authKit"] => ({
  isLoading: false,
  userId: "user_01JTESTUSER0000000000000",
  clientId,
  redirectUri: "http://localhost:5173/callback",
  accessToken: { ok: true, token },
});

const rejectedConvex = {
  isLoading: false,
  isAuthenticated: false,
  tokenSent: true,
  connected: true,
};

describe("diagnose names each seed failure mode as its headline", () => {
  it("wrong client ID: the deployment's WORKOS_CLIENT_ID differs from the app's", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report(docsConfig(OTHER_CLIENT_ID), { WORKOS_CLIENT_ID: OTHER_CLIENT_ID }),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CLIENT_ID_MISMATCH");
    expect(d.headline.fix).toContain(`npx convex env set WORKOS_CLIENT_ID ${CLIENT_ID}`);
    expect(d.ok).toBe(false);
  });

  it("missing env var: WORKOS_CLIENT_ID unset on the deployment", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report(docsConfig("undefined"), {}),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("ENV_MISSING");
    expect(d.headline.message).toContain("WORKOS_CLIENT_ID");
    expect(d.findings.map((f) => f.code)).toContain("CONFIG_PLACEHOLDER");
    expect(d.findings.map((f) => f.code)).not.toContain("CLIENT_ID_MISMATCH");
  });

  it("a WORKOS_CLIENT_ID the server hides (set, value withheld) is not reported as unset", async () => {
    const token = await workosToken(key);
    const server = report(docsConfig("[redacted]"), {});
    // What diagnoseAuth sends when the deployment's WORKOS_CLIENT_ID holds an API key: set, its
    // length, no value, and its own DEPLOYMENT_CLIENT_ID_INVALID.
    server.env[0] = { name: "WORKOS_CLIENT_ID", set: true, value: null, length: 40 };
    server.clientFindings = [
      finding("DEPLOYMENT_CLIENT_ID_INVALID", {
        name: "WORKOS_CLIENT_ID",
        length: 40,
        secretKind: "WorkOS API key",
      }),
    ];
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server,
      clientTime: NOW,
    });
    const codes = d.findings.map((f) => f.code);
    expect(d.headline.code).toBe("DEPLOYMENT_CLIENT_ID_INVALID");
    expect(codes).not.toContain("ENV_MISSING");
    // No finding may claim the variable is unset, nor blame the placeholder as another client.
    for (const f of d.findings) {
      expect(f.message).not.toMatch(/WORKOS_CLIENT_ID`? is not set/);
      expect(f.message).not.toMatch(/names client `\[redacted/);
    }
  });

  it("redirect URI mismatch: the app runs on 127.0.0.1 but redirects to localhost", async () => {
    const d = await diagnose({
      authKit: {
        isLoading: false,
        userId: null,
        clientId: CLIENT_ID,
        redirectUri: "http://localhost:5173/callback",
      },
      pageUrl: "http://127.0.0.1:5173/",
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("REDIRECT_URI_MISMATCH");
    expect(d.headline.fix).toContain("http://127.0.0.1:5173/callback");
  });

  it("code exchange failure: ?code= left on a different origin than the sign-in started", async () => {
    const d = await diagnose({
      authKit: {
        isLoading: false,
        userId: null,
        clientId: CLIENT_ID,
        redirectUri: "http://127.0.0.1:5173/",
      },
      pageUrl: "http://localhost:5173/?code=01JCODE&state=x",
      clientTime: NOW,
    });
    const exchange = d.findings.find((f) => f.code === "CODE_EXCHANGE_FAILED");
    expect(exchange?.message).toContain("http://127.0.0.1:5173");
    expect(exchange?.evidence.mismatch).toBe("origin-mismatch");
  });

  it("WorkOS callback error: ?error= on the redirect URI", async () => {
    const d = await diagnose({
      authKit: {
        isLoading: false,
        userId: null,
        clientId: CLIENT_ID,
        redirectUri: "http://localhost:5173/",
      },
      pageUrl:
        "http://localhost:5173/?error=invalid_request&error_description=redirect_uri+is+not+allowed",
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("AUTHKIT_CALLBACK_ERROR");
    expect(d.headline.message).toContain("redirect_uri is not allowed");
    expect(d.headline.fix).toContain("Redirects");
  });

  it("missing aud: the older docs' config with applicationID on the user_management provider", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report(olderDocsConfig(), { WORKOS_CLIENT_ID: CLIENT_ID }),
      serverErrors: [
        "attempting to reauthenticate: No auth provider found matching the given token [v1]",
      ],
      clientTime: NOW,
    });
    expect(["CONFIG_AUDIENCE_NEVER_SENT", "AUDIENCE_MISSING"]).toContain(d.headline.code);
    expect(d.headline.fix).toContain("Remove `applicationID`");
    const rejected = d.findings.find((f) => f.code === "CONVEX_REJECTED");
    expect(rejected?.evidence.cause).toBe("AUDIENCE_MISSING");
  });

  it("provider added but not pushed: the deployment has no provider for the app's client", async () => {
    const token = await workosToken(key);
    const stale = [{ domain: "https://clerk.example.com", applicationID: "convex" }];
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report(stale, { WORKOS_CLIENT_ID: CLIENT_ID }),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CONFIG_NOT_DEPLOYED");
    expect(d.headline.fix).toContain("npx convex dev");
    expect(d.headline.fix).toContain("npx convex deploy");
  });

  it("platform not authorized: a captured CLI error text", async () => {
    const d = await diagnose({
      serverErrors: ["WorkOSPlatformNotAuthorized: this team cannot provision"],
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("PLATFORM_NOT_AUTHORIZED");
  });
});

describe("diagnose: client and connection states", () => {
  it("names nobody signed in as the cause when Convex is not authenticated", async () => {
    const d = await diagnose({
      authKit: { isLoading: false, userId: null },
      convex: { isLoading: false, isAuthenticated: false },
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("AUTHKIT_SIGNED_OUT");
    expect(d.headline.severity).toBe("warning");
    expect(d.ok).toBe(false);
  });

  it("reports NO_TOKEN_SENT when AuthKit has a token but Convex never got one", async () => {
    const d = await diagnose({
      authKit: signedIn(await workosToken(key)),
      convex: { isLoading: false, isAuthenticated: false, tokenSent: false },
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("NO_TOKEN_SENT");
  });

  it("blames fetchAccessToken, not the wiring, when ConvexProviderWithAuth is in place but sent no token", async () => {
    const d = await diagnose({
      authKit: signedIn(await workosToken(key)),
      convex: {
        isLoading: false,
        isAuthenticated: false,
        tokenSent: false,
        providerWithAuth: true,
      },
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CONVEX_GOT_NO_TOKEN");
    expect(d.headline.fix).toContain("await getAccessToken()");
    expect(d.findings.map((f) => f.code)).not.toContain("NO_TOKEN_SENT");
  });

  it("reports a stale AuthKit user when getAccessToken throws while user is set", async () => {
    const d = await diagnose({
      authKit: {
        isLoading: false,
        userId: "user_1",
        accessToken: { ok: false, errorName: "RefreshError", errorMessage: "invalid_grant" },
      },
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("AUTHKIT_USER_STALE");
    expect(d.findings.map((f) => f.code)).toContain("ACCESS_TOKEN_UNAVAILABLE");
  });

  it("reports CLOCK_SKEW and judges the token by the server's clock", async () => {
    const token = await workosToken(key, { exp: NOW_S + 60 });
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report(docsConfig(), { WORKOS_CLIENT_ID: CLIENT_ID }, { serverTime: NOW + 120_000 }),
      clientTime: NOW,
    });
    const codes = d.findings.map((f) => f.code);
    expect(codes).toContain("CLOCK_SKEW");
    expect(codes).toContain("TOKEN_EXPIRED");
    expect(d.findings.find((f) => f.code === "CLOCK_SKEW")?.message).toContain("120 s behind");
  });

  it("reports the server's exact text and the fix behind it", async () => {
    const d = await diagnose({
      authKit: signedIn(await workosToken(key)),
      convex: rejectedConvex,
      serverErrors: [
        `Failed to authenticate: "Could not decode token. The JWT's 'kid' (key ID) header is 'key_x', does this key match any key in the provider's JWKS?", check your server auth config`,
      ],
      clientTime: NOW,
    });
    const f = d.findings.find((x) => x.code === "CONVEX_REJECTED");
    expect(f?.message).toContain("'key_x'");
    expect(f?.evidence.cause).toBe("KEY_NOT_FOUND");
  });

  it("uses a finished server-side token check for the exact cause", async () => {
    const token = await workosToken(key);
    const tokenCheck = await checkToken(token, docsConfig(), {
      now: NOW,
      fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf() } }),
      cache: createDocumentCache(),
    });
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      tokenCheck,
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("KEY_NOT_FOUND");
  });

  it("headlines the cause of a rejection over the generic rejection once both are known (expired token)", async () => {
    const token = await workosToken(key, { iat: NOW_S - 1200, exp: NOW_S - 900 });
    const tokenCheck = await checkToken(token, docsConfig(), {
      now: NOW,
      fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } }),
      cache: createDocumentCache(),
    });
    expect(tokenCheck.code).toBe("TOKEN_EXPIRED");
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report(docsConfig(), { WORKOS_CLIENT_ID: CLIENT_ID }),
      serverErrors: [`attempting to reauthenticate: ${tokenCheck.convexMessage} [v1]`],
      tokenCheck,
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("TOKEN_EXPIRED");
    expect(d.findings.find((f) => f.code === "CONVEX_REJECTED")?.evidence.cause).toBe(
      "TOKEN_EXPIRED",
    );
  });

  it("headlines the server's rejection text when nothing names its cause", async () => {
    const d = await diagnose({
      authKit: signedIn(await workosToken(key)),
      convex: rejectedConvex,
      serverErrors: [
        "attempting to reauthenticate: Could not validate token: Token expired 900 seconds ago [v1]",
      ],
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CONVEX_REJECTED");
    expect(d.headline.fix).toContain("refresh");
  });

  it("is ok and says AUTHENTICATED when Convex accepted the token", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn(token),
      convex: { isLoading: false, isAuthenticated: true, tokenSent: true },
      server: report(
        docsConfig(),
        { WORKOS_CLIENT_ID: CLIENT_ID },
        { identity: { subject: "user_01JTESTUSER0000000000000" } },
      ),
      clientTime: NOW,
    });
    expect(d.ok).toBe(true);
    expect(d.headline.code).toBe("AUTHENTICATED");
  });

  it("notices when the server's identity is another user", async () => {
    const d = await diagnose({
      authKit: signedIn(await workosToken(key)),
      convex: { isLoading: false, isAuthenticated: true },
      server: report(
        docsConfig(),
        { WORKOS_CLIENT_ID: CLIENT_ID },
        { identity: { subject: "user_other" } },
      ),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("IDENTITY_MISMATCH");
  });

  it("turns an unreadable server report into SERVER_REPORT_UNAVAILABLE", async () => {
    const d = await diagnose({
      server: { error: "Could not find public function for 'authDiagnostics:diagnoseAuth'" },
      clientTime: NOW,
    });
    expect(d.findings.map((f) => f.code)).toContain("SERVER_REPORT_UNAVAILABLE");
  });

  it("has a headline even with no input at all", async () => {
    const d = await diagnose({});
    expect(d.headline.code).toBe("NOT_ENOUGH_DATA");
  });
});

describe("renderers never reveal the token", () => {
  it("Markdown, text and JSON contain the claims but not the token or its signature", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report(olderDocsConfig(), {
        WORKOS_CLIENT_ID: CLIENT_ID,
        WORKOS_API_KEY: "sk_test_secret",
      }),
      serverErrors: [`attempting to reauthenticate: something with ${token} inside [v1]`],
      clientTime: NOW,
    });
    const signature = token.split(".")[2]!;
    for (const out of [
      renderMarkdown(d),
      renderText(d, { color: true }),
      JSON.stringify(renderJSON(d)),
    ]) {
      expect(out).not.toContain(token);
      expect(out).not.toContain(signature);
      expect(out).not.toContain("sk_test_secret");
    }
    const md = renderMarkdown(d);
    expect(md).toContain("user_01JTESTUSER0000000000000");
    expect(md).toContain(`\`${d.headline.code}\``);
  });

  it("renderText colors only when asked", async () => {
    const d = await diagnose({ authKit: { isLoading: false, userId: null }, clientTime: NOW });
    expect(renderText(d)).not.toContain("\u001b[");
    expect(renderText(d, { color: true })).toContain("\u001b[");
  });
});

describe("bad input never throws", () => {
  it("diagnose(null), a NaN clock, throwing getters and odd options still resolve and render", async () => {
    const throwingProxy = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
        ownKeys() {
          throw new Error("boom");
        },
      },
    );
    const throwingGetter = {
      get clientTime(): number {
        throw new Error("boom");
      },
    };
    for (const input of [
      null,
      undefined,
      42,
      "x",
      { clientTime: Number.NaN },
      { clientTime: Infinity, pageUrl: "::" },
      throwingProxy,
      throwingGetter,
    ]) {
      const d = await diagnose(input as never, null as never);
      expect(d.headline.code).toBeTruthy();
      expect(() => renderMarkdown(d)).not.toThrow();
    }
  });

  it("redacts a token cut short before its signature", async () => {
    const token = await workosToken(key);
    const cut = token.slice(0, token.lastIndexOf(".") - 20);
    const d = await diagnose({ serverErrors: [`weird failure with ${cut}`], clientTime: NOW });
    expect(renderMarkdown(d)).not.toContain(cut.slice(0, 40));
    expect(renderText(d)).not.toContain(cut.slice(0, 40));
  });
});

describe("secrets in error texts", () => {
  it("renderers redact WorkOS API keys and tokens carried in an adapter's error message", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: {
        isLoading: false,
        userId: "user_1",
        accessToken: {
          ok: false,
          errorName: "Error",
          errorMessage: `refresh failed with sk_test_abcdefghijklmnop and ${token}`,
        },
      },
      clientTime: NOW,
    });
    for (const out of [renderMarkdown(d), renderText(d), JSON.stringify(renderJSON(d))]) {
      expect(out).not.toContain("sk_test_abcdefghijklmnop");
      expect(out).not.toContain(token.split(".")[1]!);
    }
  });
});
