import { beforeAll, describe, expect, it } from "vitest";
import { checkToken, createDocumentCache, parseConvexAuthError } from "../../src/core/index.js";
import {
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

const KID_TEXT =
  "Could not decode token. The JWT's 'kid' (key ID) header is 'k1', does this key match any key in the provider's JWKS?";

describe("every form a user can paste into parseConvexAuthError", () => {
  it("String(err) of a ConvexHttpClient rejection: Error: <body>", () => {
    const p = parseConvexAuthError(
      'Error: {"code":"NoAuthProvider","message":"No auth provider found matching the given token"}',
    );
    expect(p).toMatchObject({ code: "ISSUER_MISMATCH", source: "http", recognized: true });
    expect(p.details).toMatchObject({ convexCode: "NoAuthProvider", redacted: true });
  });

  it("the browser console's Uncaught (in promise) Error: <body>, with a stack trace after it", () => {
    const text = `Uncaught (in promise) Error: ${JSON.stringify({ code: "InvalidAuthHeader", message: KID_TEXT })}
    at ConvexHttpClient.query (http_client.ts:332:13)
    at async App (App.tsx:12:5)`;
    const p = parseConvexAuthError(text);
    expect(p.code).toBe("KEY_NOT_FOUND");
    expect(p.details.kid).toBe("k1");
    expect(p.convexMessage).toBe(KID_TEXT);
  });

  it("a raw AuthError frame copied from the network panel", () => {
    const frame = JSON.stringify({
      type: "AuthError",
      error: "Convex token identity expired",
      baseVersion: 3,
      authUpdateAttempted: false,
    });
    const p = parseConvexAuthError(frame);
    expect(p).toMatchObject({ code: "TOKEN_EXPIRED", source: "websocket" });
    expect(p.convexMessage).toBe("Convex token identity expired");
  });

  it("a body whose message spans several lines (an HTML discovery error page)", () => {
    const body = JSON.stringify({
      code: "AuthProviderDiscoveryFailed",
      message:
        "Auth provider discovery of https://idp.example.com failed: 404 Not Found <html>\n<body>missing</body>\n</html>",
    });
    const p = parseConvexAuthError(body);
    expect(p.code).toBe("OIDC_DISCOVERY_FAILED");
    expect(p.details.url).toBe("https://idp.example.com");
  });

  it.each([
    ['{"code":"InvalidAdminKey","message":"Invalid admin key"}'],
    ['{"code":"InvalidHeaderFailure","message":"Invalid authentication header"}'],
    ['{"code":"HeaderParseFailure","message":"Failed to parse header \\"Bearer \\\\xe9\\""}'],
  ])("the HTTP API's Authorization header errors: %s", (text) => {
    const p = parseConvexAuthError(text);
    expect(p.code).toBe("AUTH_HEADER_INVALID");
    expect(p.finding.fix).toContain("Bearer");
  });

  it("the 500 body of an error without metadata", () => {
    const p = parseConvexAuthError(
      `Error: {"code":"InternalServerError","message":"Your request couldn't be completed. Try again later."}`,
    );
    expect(p.code).toBe("CONVEX_INTERNAL_ERROR");
  });

  it("the client's close line: the only trace of a discovery failure closing the WebSocket", () => {
    const p = parseConvexAuthError("WebSocket closed with code 1013: AuthProviderDiscoveryFailed");
    expect(p).toMatchObject({
      code: "OIDC_DISCOVERY_FAILED",
      recognized: true,
      convexMessage: null,
    });
    expect(parseConvexAuthError("WebSocket closed with code 1011: InternalServerError").code).toBe(
      "CONVEX_INTERNAL_ERROR",
    );
  });

  it("does not recognize the bearer-prefix text, which never reaches a client", () => {
    expect(parseConvexAuthError("Header must begin with `bearer `").recognized).toBe(false);
  });
});

describe("the HTTP transport trims the token after Bearer; the WebSocket does not", () => {
  let key: TestKey;
  beforeAll(async () => {
    key = await makeKey("k1");
  });

  it("a token with surrounding spaces is accepted over HTTP and refused over the WebSocket", async () => {
    const token = ` ${await workosToken(key)} `;
    const run = (transport: "http" | "websocket") =>
      checkToken(token, docsConfig(), {
        now: NOW,
        transport,
        cache: createDocumentCache(),
        fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } }),
      });
    expect((await run("http")).verdict).toBe("accepted");
    const ws = await run("websocket");
    expect(ws.verdict).toBe("rejected");
    expect(ws.convexMessage).toBe(
      "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
    );
  });
});
