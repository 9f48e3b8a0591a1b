import { beforeAll, describe, expect, it } from "vitest";
import {
  checkToken,
  createDocumentCache,
  parseConvexAuthError,
  type TokenCheck,
} from "../../src/core/index.js";
import {
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

describe("parseConvexAuthError recognizes every Convex auth text checkToken predicts", () => {
  let key: TestKey;
  let other: TestKey;
  beforeAll(async () => {
    key = await makeKey("k1");
    other = await makeKey("k2");
  });

  async function predicted(redactErrors: boolean): Promise<TokenCheck[]> {
    const jwks = WORKOS_JWKS();
    const routes = { [jwks]: { body: jwksOf(key) } };
    const run = (token: string, cfg: unknown, extra: object = {}) =>
      checkToken(token, cfg, {
        now: NOW,
        fetch: fakeFetch(routes),
        cache: createDocumentCache(),
        redactErrors,
        ...extra,
      });
    return Promise.all([
      run("garbage", docsConfig()),
      run(await workosToken(key, { iss: undefined }), docsConfig()),
      run(await workosToken(key), []),
      run(await workosToken(key, { iss: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID) }), docsConfig()),
      run(await workosToken(key), olderDocsConfig()),
      run(await workosToken(other), docsConfig()),
      run(await workosToken(key, {}, { kid: undefined }), docsConfig()),
      run(await workosToken(key, { exp: NOW_S - 60 }), docsConfig()),
      run(await workosToken(key, { exp: NOW_S - 2 }), docsConfig()),
      run(await workosToken(key, { nbf: NOW_S + 60 }), docsConfig()),
      run(await workosToken(key, { sub: undefined }), docsConfig(), { transport: "http" }),
      run(
        await workosToken(key),
        [
          {
            type: "customJwt",
            issuer: USER_MANAGEMENT_ISS(),
            jwks: "https://nowhere.example.com/jwks",
            algorithm: "RS256",
          },
          // Convex's own fetch failing: the text it would send.
        ],
        { fetchesAsConvex: true },
      ),
      run(await workosToken(key, { iss: LEGACY_ISS, aud: "other" }), docsConfig()),
    ]);
  }

  it.each([false, true])(
    "maps each predicted message back to the same code (redacted: %s)",
    async (redact) => {
      for (const check of await predicted(redact)) {
        expect(check.convexMessage).not.toBeNull();
        const parsed = parseConvexAuthError(check.convexMessage);
        expect(parsed.recognized, check.convexMessage!).toBe(true);
        const sameFamily: Record<string, string[]> = {
          // Convex's texts lump these together; the parser returns the most likely member.
          KEY_NOT_FOUND: ["KEY_NOT_FOUND", "SIGNATURE_INVALID", "ALGORITHM_MISMATCH"],
          ISSUER_MISMATCH: [
            "ISSUER_MISMATCH",
            "AUDIENCE_MISMATCH",
            "AUDIENCE_MISSING",
            "NO_PROVIDERS",
          ],
          AUDIENCE_MISSING: ["AUDIENCE_MISSING", "AUDIENCE_MISMATCH", "ISSUER_MISMATCH"],
        };
        expect(sameFamily[parsed.code] ?? [parsed.code], check.convexMessage!).toContain(
          check.code,
        );
      }
    },
  );
});

describe("parseConvexAuthError unwraps client and HTTP shapes", () => {
  it("reads the client's verbose reauthentication line, dropping the [vN] suffix", () => {
    const p = parseConvexAuthError(
      "attempting to reauthenticate: Could not validate token: Token expired 42 seconds ago [v3]",
    );
    expect(p).toMatchObject({
      code: "TOKEN_EXPIRED",
      source: "client-log",
      details: { seconds: 42 },
    });
    expect(p.convexMessage).toBe("Could not validate token: Token expired 42 seconds ago");
  });

  it("reads the client's final error line", () => {
    const p = parseConvexAuthError(
      `Failed to authenticate: "Could not decode token. The JWT's 'kid' (key ID) header is 'key_9', does this key match any key in the provider's JWKS?", check your server auth config`,
    );
    expect(p).toMatchObject({
      code: "KEY_NOT_FOUND",
      source: "client-log",
      details: { kid: "key_9" },
    });
  });

  it("reads an HTTP 401 JSON body and keeps Convex's short code", () => {
    const p = parseConvexAuthError(
      JSON.stringify({
        code: "NoAuthProvider",
        message: "No auth provider found matching the given token",
      }),
    );
    expect(p).toMatchObject({
      code: "ISSUER_MISMATCH",
      source: "http",
      details: { redacted: true, convexCode: "NoAuthProvider" },
    });
  });

  it("extracts the provider list and spots an applicationID on the user_management provider", () => {
    const text = `No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id=client_1), CustomJWT(issuer=https://api.workos.com/user_management/client_1, app_id=client_1)]`;
    const p = parseConvexAuthError(text);
    expect(p.details.providers).toEqual([
      "CustomJWT(issuer=https://api.workos.com/, app_id=client_1)",
      "CustomJWT(issuer=https://api.workos.com/user_management/client_1, app_id=client_1)",
    ]);
    expect(p.code).toBe("AUDIENCE_MISSING");
  });

  it("wraps server texts in a CONVEX_REJECTED finding carrying the specific fix", () => {
    const p = parseConvexAuthError("Convex token identity expired");
    expect(p.finding.code).toBe("CONVEX_REJECTED");
    expect(p.finding.message).toContain("Convex token identity expired");
    expect(p.finding.fix).toContain("forceRefreshToken");
  });
});

describe("parseConvexAuthError knows the CLI, WorkOS and AuthKit texts", () => {
  it.each([
    [
      "✖ Error: WorkOSPlatformNotAuthorized: Your team is not authorized",
      "PLATFORM_NOT_AUTHORIZED",
      "cli",
    ],
    [
      "Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set.",
      "AUTH_CONFIG_ENV_UNSET",
      "cli",
    ],
    [
      "Couldn't exchange code.\n\nAn authorization_code was supplied for a login which did not originate at the application.",
      "CODE_EXCHANGE_FAILED",
      "authkit",
    ],
    ["Error: Missing refresh token", "REFRESH_TOKEN_MISSING", "authkit"],
    ["LoginRequiredError: No access token available", "ACCESS_TOKEN_UNAVAILABLE", "authkit"],
  ])("%s → %s", (text, code, source) => {
    const p = parseConvexAuthError(text);
    expect(p).toMatchObject({ code, source, recognized: true });
    expect(p.finding.code).toBe(code);
  });

  it("names the env var in the fix for AUTH_CONFIG_ENV_UNSET", () => {
    const p = parseConvexAuthError(
      "Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set.",
    );
    expect(p.details.envVar).toBe("WORKOS_CLIENT_ID");
    expect(p.finding.fix).toContain("npx convex env set WORKOS_CLIENT_ID");
  });

  it("mentions both repair routes for WorkOSPlatformNotAuthorized", () => {
    const fix = parseConvexAuthError("WorkOSPlatformNotAuthorized").finding.fix;
    expect(fix).toContain("npx convex integration workos disconnect-team");
    expect(fix).toContain("provision-team");
  });

  it.each([[""], ["   "], ["something else entirely"], [undefined], [42]])(
    "returns UNKNOWN_ERROR_TEXT for %j",
    (text) => {
      const p = parseConvexAuthError(text);
      expect(p.recognized).toBe(false);
      expect(p.code).toBe("UNKNOWN_ERROR_TEXT");
    },
  );
});

describe("parseConvexAuthError on values that are not strings", () => {
  it("does not throw on an object without a prototype", () => {
    expect(parseConvexAuthError(Object.create(null)).code).toBe("UNKNOWN_ERROR_TEXT");
  });
});

describe("parseConvexAuthError on huge input", () => {
  it("parses a 200 000-character reauthentication line (no catastrophic backtracking)", () => {
    const p = parseConvexAuthError(`attempting to reauthenticate: ${" ".repeat(200_000)}x`);
    expect(p.code).toBe("UNKNOWN_ERROR_TEXT");
  });

  it("still recognizes a long server text after the cut", () => {
    const p = parseConvexAuthError(
      `attempting to reauthenticate: Convex token identity expired${" ".repeat(50_000)} [v2]`,
    );
    expect(p.code).toBe("TOKEN_EXPIRED");
  });
});
