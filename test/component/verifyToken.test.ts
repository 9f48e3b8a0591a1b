import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { allowListFetch, discoveryUrl } from "../../src/client/fetchAllowList.js";
import { normalizeProviders } from "../../src/core/index.js";
import {
  CLIENT_ID,
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  OTHER_CLIENT_ID,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";
import { authConfig, network } from "./app/diagnostics.js";
import { app, example, exampleApp, testApp } from "./setup.js";

let key: TestKey;
let stranger: TestKey;
const nowS = () => Math.floor(Date.now() / 1000);
const fresh = () => ({ iat: nowS() - 60, exp: nowS() + 240 });

beforeAll(async () => {
  key = await makeKey("key_live_1");
  stranger = await makeKey("key_unknown_9");
});

let server: ReturnType<typeof fakeFetch>;
beforeEach(() => {
  vi.stubEnv("WORKOS_CLIENT_ID", CLIENT_ID);
  authConfig.providers = docsConfig();
  server = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
  network.fetch = server;
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("verifyToken against the configured providers", () => {
  test("accepts a valid AuthKit token and predicts the identity", async () => {
    const token = await workosToken(key, fresh());
    const check = await testApp().action(app.diagnostics.verifyToken, { token });
    expect(check.verdict).toBe("accepted");
    expect(check.code).toBe("TOKEN_ACCEPTED");
    expect(check.providerIndex).toBe(1);
    expect(check.identity).toMatchObject({
      subject: "user_01JTESTUSER0000000000000",
      issuer: USER_MANAGEMENT_ISS(),
    });
  });

  test("a token signed with a key the JWKS does not hold: KEY_NOT_FOUND", async () => {
    const token = await workosToken(stranger, fresh());
    const check = await testApp().action(app.diagnostics.verifyToken, { token });
    expect(check.verdict).toBe("rejected");
    expect(check.code).toBe("KEY_NOT_FOUND");
    expect(check.convexMessage).toContain("key_unknown_9");
  });

  test("an expired token: TOKEN_EXPIRED judged by the server clock", async () => {
    const token = await workosToken(key, { iat: nowS() - 7200, exp: nowS() - 3600 });
    const check = await testApp().action(app.diagnostics.verifyToken, { token });
    expect(check.code).toBe("TOKEN_EXPIRED");
    expect(check.convexMessage).toMatch(/Token expired \d+ seconds ago/);
  });

  test("a JWKS the server cannot load: JWKS_UNAVAILABLE", async () => {
    authConfig.providers = docsConfig(OTHER_CLIENT_ID);
    const token = await workosToken(key, { ...fresh(), iss: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID) });
    const check = await testApp().action(app.diagnostics.verifyToken, { token });
    expect(check.code).toBe("JWKS_UNAVAILABLE");
    expect(server.calls).toEqual([WORKOS_JWKS(OTHER_CLIENT_ID)]);
  });

  test("garbage and a 1 MB value are TOKEN_MALFORMED, with no request made", async () => {
    const t = testApp();
    expect((await t.action(app.diagnostics.verifyToken, { token: "not a token" })).code).toBe(
      "TOKEN_MALFORMED",
    );
    const huge = await t.action(app.diagnostics.verifyToken, { token: "a".repeat(1024 * 1024) });
    expect(huge.code).toBe("TOKEN_MALFORMED");
    expect(huge.findings[0]!.evidence.detail).toMatch(/1048576 characters/);
    expect(server.calls).toEqual([]);
  });

  test("a token argument that is not a string is refused by the validator", async () => {
    await expect(
      testApp().action(app.diagnostics.verifyToken, { token: 12 } as never),
    ).rejects.toThrow();
  });
});

describe("verifyToken never leaks the token and only fetches the auth config's URLs", () => {
  test("the result holds neither the token nor its signature, accepted or rejected", async () => {
    for (const signer of [key, stranger]) {
      const token = await workosToken(signer, fresh());
      const check = await testApp().action(app.diagnostics.verifyToken, { token });
      const json = JSON.stringify(check);
      expect(json).not.toContain(token);
      expect(json).not.toContain(token.split(".")[2]!);
      expect(json).not.toContain(token.split(".")[1]!);
    }
  });

  test("nothing is logged that contains the token", async () => {
    const logged: unknown[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation(
        (...args: unknown[]) => void logged.push(...args),
      );
    }
    const token = await workosToken(stranger, fresh());
    await testApp().action(app.diagnostics.verifyToken, { token });
    expect(logged.map((x) => String(x)).join("\n")).not.toContain(token.split(".")[2]!);
  });

  test("a token whose iss and jku point at another host causes no request there", async () => {
    const evil = "https://attacker.example";
    const token = await workosToken(
      stranger,
      { ...fresh(), iss: `${evil}/` },
      { jku: `${evil}/jwks.json`, x5u: `${evil}/cert` },
    );
    const check = await testApp().action(app.diagnostics.verifyToken, { token });
    expect(check.code).toBe("ISSUER_MISMATCH");
    expect(server.calls.filter((url) => url.includes("attacker"))).toEqual([]);

    // Same with the configured issuer: only the configured JWKS URL is requested, never the jku.
    const sneaky = await workosToken(stranger, fresh(), { jku: `${evil}/jwks.json` });
    await testApp().action(app.diagnostics.verifyToken, { token: sneaky });
    expect(server.calls.every((url) => url === WORKOS_JWKS())).toBe(true);
  });

  test("the allow-list refuses a foreign URL before the request is made", async () => {
    const base = fakeFetch({
      [WORKOS_JWKS()]: { body: jwksOf(key) },
      "https://attacker.example/jwks": { body: jwksOf(stranger) },
    });
    const guarded = allowListFetch(normalizeProviders(docsConfig()).convexOrder, base);
    await expect(guarded("https://attacker.example/jwks")).rejects.toThrow(/refused/);
    expect(base.calls).toEqual([]);
    expect((await guarded(WORKOS_JWKS())).status).toBe(200);
    expect([...guarded.allowed]).toEqual([WORKOS_JWKS()]);
  });

  test("OIDC providers: discovery of the configured domain and its jwks_uri are allowed, nothing else", async () => {
    const domain = "https://issuer.example.com";
    const base = fakeFetch({
      [discoveryUrl(domain)]: {
        body: { issuer: domain, jwks_uri: `${domain}/keys` },
        contentType: "application/json",
      },
      [`${domain}/keys`]: { body: jwksOf(key) },
    });
    const guarded = allowListFetch(
      normalizeProviders([{ domain: `${domain}/`, applicationID: "app" }]).convexOrder,
      base,
    );
    await expect(guarded(`${domain}/keys`)).rejects.toThrow(/refused/);
    expect((await guarded(discoveryUrl(domain))).status).toBe(200);
    expect((await guarded(`${domain}/keys`)).status).toBe(200);
    await expect(guarded("https://other.example/keys")).rejects.toThrow(/refused/);
    expect(base.calls).toEqual([discoveryUrl(domain), `${domain}/keys`]);
  });

  test("the example app uses the server's global fetch, behind the same allow-list", async () => {
    const globalFetch = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
    vi.stubGlobal("fetch", globalFetch);
    const t = exampleApp();
    const token = await workosToken(
      key,
      { ...fresh(), iss: USER_MANAGEMENT_ISS() },
      { jku: "https://attacker.example/k" },
    );
    const check = await t.action(example.authDiagnostics.verifyToken, { token });
    expect(check.verdict).toBe("accepted");
    expect(globalFetch.calls).toEqual([WORKOS_JWKS()]);
  });
});
