import { beforeAll, describe, expect, it } from "vitest";
import { checkToken, createDocumentCache } from "../../src/core/index.js";
import {
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  NOW_S,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  type TestKey,
} from "../support/tokens.js";
import { signRaw } from "./support.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
});

/** The identity Convex would build for a token whose custom claims are `customText` (raw JSON). */
async function identityOf(customText: string) {
  const text = `{"iss":"${USER_MANAGEMENT_ISS()}","sub":"user_1","exp":${NOW_S + 240}${customText ? `,${customText}` : ""}}`;
  const r = await checkToken(await signRaw(key, text), docsConfig(), {
    now: NOW,
    transport: "http",
    cache: createDocumentCache(),
    fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } }),
  });
  expect(r.verdict).toBe("accepted");
  return r.identity!;
}

describe("the customJwt identity is built like Convex builds it", () => {
  it("when two paths flatten to one name, the later one in the document wins", async () => {
    expect((await identityOf(`"a.b":1,"a":{"b":2}`))["a.b"]).toBe(2);
    expect((await identityOf(`"a":{"b":2},"a.b":1`))["a.b"]).toBe(1);
  });

  it("orders custom claims by bytes after tokenIdentifier, issuer and subject", async () => {
    const identity = await identityOf(`"a":{"c":2},"a-b":1,"B":0`);
    expect(Object.keys(identity)).toEqual([
      "tokenIdentifier",
      "issuer",
      "subject",
      "B",
      "a-b",
      "a.c",
    ]);
  });

  it("integer-like names come first, as the function's JSON.parse puts them", async () => {
    const identity = await identityOf(`"b":1,"10":2`);
    expect(Object.keys(identity)[0]).toBe("10");
  });

  it("removes only a top-level fva: a nested fva object stays flattened", async () => {
    const identity = await identityOf(`"fva":{"x":1},"y":{"fva":[1,2]}`);
    expect(identity["fva.x"]).toBe(1);
    expect(identity["y.fva"]).toEqual([1, 2]);
    expect(await identityOf(`"fva":[3,4]`)).not.toHaveProperty("fva");
  });

  it("keeps __proto__ claims as own members", async () => {
    const nested = await identityOf(`"__proto__":{"p":1}`);
    expect(Object.hasOwn(nested, "__proto__.p")).toBe(true);
    const flat = await identityOf(`"__proto__":"x"`);
    expect(Object.getOwnPropertyDescriptor(flat, "__proto__")?.value).toBe("x");
    expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
  });

  it("a claim named issuer replaces the issuer in place", async () => {
    const identity = await identityOf(`"issuer":"custom"`);
    expect(identity.issuer).toBe("custom");
    expect(Object.keys(identity).slice(0, 3)).toEqual(["tokenIdentifier", "issuer", "subject"]);
    expect(identity.tokenIdentifier).toBe(`${USER_MANAGEMENT_ISS()}|user_1`);
  });

  it("a repeated custom member keeps its last value; an empty object contributes nothing", async () => {
    const identity = await identityOf(`"c":1,"e":{},"c":3`);
    expect(identity.c).toBe(3);
    expect(identity).not.toHaveProperty("e");
  });

  it("registered claims never appear, even when null", async () => {
    const identity = await identityOf(`"jti":null,"nbf":null,"aud":null,"n":null`);
    for (const claim of ["jti", "nbf", "aud", "exp", "iss", "sub"])
      expect(identity).not.toHaveProperty(claim);
    expect(identity.n).toBeNull();
  });
});
