import { beforeAll, describe, expect, it } from "vitest";
import { checkToken, createDocumentCache } from "../../src/core/index.js";
import { canonicalReason, discoveryFailedMessage } from "../../src/core/convexMessages.js";
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
import { SignJWT } from "jose";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
});

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("HTTP reason phrases follow the http crate's canonical table", () => {
  it("covers exactly the codes http 1.3.1 names", () => {
    const named = [
      ...range(100, 102),
      ...range(200, 208),
      226,
      ...range(300, 305),
      307,
      308,
      ...range(400, 418),
      ...range(421, 426),
      428,
      429,
      431,
      451,
      ...range(500, 508),
      510,
      511,
    ];
    for (const code of range(100, 599))
      expect(canonicalReason(code) !== undefined, String(code)).toBe(named.includes(code));
  });

  it.each([
    [418, "HTTP 418 I'm a teapot"],
    [203, "HTTP 203 Non Authoritative Information"],
    [409, "HTTP 409 Conflict"],
    [522, "HTTP 522 Unknown"],
  ])(
    "a JWKS answering %i gives `%s` (Unknown when the table has no phrase)",
    async (status, text) => {
      const r = await checkToken(await workosToken(key), docsConfig(), {
        now: NOW,
        cache: createDocumentCache(),
        fetch: fakeFetch({ [WORKOS_JWKS()]: { status, body: jwksOf(key) } }),
      });
      expect(r.convexMessage).toBe(
        `Could not fetch JWKS from URL '${WORKOS_JWKS()}': ${text}. Check that the URL is correct and accessible.`,
      );
    },
  );

  it("discovery failures write the status as StatusCode's Display: `<unknown status code>`", () => {
    expect(discoveryFailedMessage("https://idp", 422, "x")).toBe(
      "Auth provider discovery of https://idp failed: 422 Unprocessable Entity x",
    );
    expect(discoveryFailedMessage("https://idp", 522, "")).toBe(
      "Auth provider discovery of https://idp failed: 522 <unknown status code> ",
    );
  });

  it("an OIDC discovery answering 522 predicts `<unknown status code>`", async () => {
    const iss = "https://idp.example.com";
    const token = await new SignJWT({ iss, sub: "u", aud: "app", iat: NOW_S, exp: NOW_S + 60 })
      .setProtectedHeader({ alg: "RS256", kid: key.kid })
      .sign(key.privateKey);
    const r = await checkToken(token, [{ domain: iss, applicationID: "app" }], {
      now: NOW,
      transport: "http",
      cache: createDocumentCache(),
      fetch: fakeFetch({
        [`${iss}/.well-known/openid-configuration`]: {
          status: 522,
          body: "<html>",
          contentType: "text/html",
        },
      }),
    });
    expect(r.convexMessage).toBe(
      `Auth provider discovery of ${iss} failed: 522 <unknown status code> <html>`,
    );
  });
});
