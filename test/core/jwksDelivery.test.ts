import { beforeAll, describe, expect, it } from "vitest";
import { checkToken, createDocumentCache } from "../../src/core/index.js";
import { parseMediaType, uriDisplay } from "../../src/core/fetcher.js";
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

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
});

async function withContentType(contentType: string | null) {
  return checkToken(await workosToken(key), docsConfig(), {
    now: NOW,
    transport: "http",
    cache: createDocumentCache(),
    fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key), contentType } }),
  });
}

describe("the JWKS Content-Type is parsed like the mime crate parses it", () => {
  it.each([
    "application/json;",
    "application/json; ",
    "application/json; charset=utf-8; charset=latin1",
    'application/jwk-set+json; charset="UTF-8"',
    "Application/JSON;charset=utf-8",
  ])("accepts %j", async (contentType) => {
    expect((await withContentType(contentType)).verdict).toBe("accepted");
  });

  it.each([
    "application/json ; charset=utf-8",
    "application/json;\tcharset=utf-8",
    "application/json; =x",
    "application/json; charset",
    "application/json;;",
    "application/json; charset=latin1; charset=utf-8",
  ])("refuses %j with Convex's Content-Type message, quoting the header", async (contentType) => {
    const r = await withContentType(contentType);
    expect(r.code).toBe("JWKS_UNAVAILABLE");
    expect(r.convexMessage).toBe(
      `Invalid Content-Type '${contentType}' when fetching JWKS from '${WORKOS_JWKS()}'. Expected 'application/json' or 'application/jwk-set+json'.`,
    );
  });

  it("quotes a missing Content-Type as unknown", async () => {
    const r = await withContentType(null);
    expect(r.convexMessage).toContain("Invalid Content-Type 'unknown'");
  });

  it("splits parameters like mime: names lower-cased, quoted values unquoted", () => {
    expect(parseMediaType('Text/Plain; Charset="a b"; x=1')).toEqual({
      essence: "text/plain",
      params: [
        ["charset", "a b"],
        ["x", "1"],
      ],
    });
    expect(parseMediaType("/json")).toBeNull();
  });
});

describe("a 407 from the JWKS URL is a transport error in Convex's HTTP client", () => {
  it("reports `Request to … forbidden`, not the status", async () => {
    const r = await checkToken(await workosToken(key), docsConfig(), {
      now: NOW,
      cache: createDocumentCache(),
      fetch: fakeFetch({ [WORKOS_JWKS()]: { status: 407, body: "proxy" } }),
    });
    expect(r.code).toBe("JWKS_UNAVAILABLE");
    expect(r.convexMessage).toBe(
      `Could not fetch JWKS from URL '${WORKOS_JWKS()}': Request to ${WORKOS_JWKS()} forbidden. Check that the URL is correct and accessible.`,
    );
  });

  it("writes the URL as http::Uri does, with a / for an empty path", () => {
    expect(uriDisplay("https://keys.example.com")).toBe("https://keys.example.com/");
    expect(uriDisplay("https://keys.example.com?x=1")).toBe("https://keys.example.com/?x=1");
    expect(uriDisplay("https://keys.example.com/a/b")).toBe("https://keys.example.com/a/b");
  });
});

describe("data: URLs are read like the data-url crate reads them", () => {
  const config = (jwks: string) => [
    {
      type: "customJwt" as const,
      issuer: "https://api.workos.com/",
      jwks,
      algorithm: "RS256" as const,
    },
  ];
  const legacyToken = () => workosToken(key, { iss: "https://api.workos.com/" });
  const b64 = () => btoa(JSON.stringify(jwksOf(key)));

  it("takes a data URL with leading spaces and an upper-case scheme, without fetching", async () => {
    const r = await checkToken(
      await legacyToken(),
      config(` DATA:application/json;base64,${b64()}`),
      {
        now: NOW,
        fetch: null,
      },
    );
    expect(r.verdict).toBe("accepted");
  });

  it("accepts spaces before base64 and stops decoding at #", async () => {
    const spaced = await checkToken(
      await legacyToken(),
      config(`data:application/json; base64,${b64()}`),
      { now: NOW, fetch: null },
    );
    expect(spaced.verdict).toBe("accepted");
    const json = encodeURIComponent(JSON.stringify(jwksOf(key)));
    const cut = await checkToken(
      await legacyToken(),
      config(`data:application/json,${json}#ignored`),
      { now: NOW, fetch: null },
    );
    expect(cut.verdict).toBe("accepted");
  });

  it("keeps a malformed percent escape: the body, not the data URL, is invalid", async () => {
    const url = "data:application/json,%7B%22keys%22%3A%5B%5D%7D%";
    const r = await checkToken(await legacyToken(), config(url), { now: NOW, fetch: null });
    expect(r.convexMessage).toBe(
      `Invalid JWKS response body from '${url}'. The response is not valid JSON or doesn't match the expected JWKS format.`,
    );
  });

  it("reports invalid base64 with Convex's data-URL message", async () => {
    const r = await checkToken(await legacyToken(), config("data:application/json;base64,a"), {
      now: NOW,
      fetch: null,
    });
    expect(r.convexMessage).toBe(
      "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.",
    );
  });
});
