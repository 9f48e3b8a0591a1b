import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  CLIENT_ID,
  docsConfig,
  LEGACY_ISS,
  olderDocsConfig,
  OTHER_CLIENT_ID,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
} from "../support/tokens.js";
import { authConfig } from "./app/diagnostics.js";
import { app, example, exampleApp, testApp } from "./setup.js";
import { VERSION } from "../../src/version.js";

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

beforeEach(() => {
  vi.stubEnv("WORKOS_CLIENT_ID", CLIENT_ID);
  authConfig.providers = docsConfig();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("diagnoseAuth in the example app (the docs' auth.config.ts)", () => {
  test("signed out: identity is null and the docs config has no config findings", async () => {
    const t = exampleApp();
    const report = await t.query(example.authDiagnostics.diagnoseAuth, {});
    expect(report.identity).toBeNull();
    expect(
      report.configFindings.filter((f) => f.severity === "error" || f.severity === "warning"),
    ).toEqual([]);
    expect(report.clientFindings).toEqual([]);
    expect(report.version).toBe(VERSION);
  });

  test("signed in: identity is what ctx.auth.getUserIdentity() gives the app", async () => {
    const t = exampleApp().withIdentity({
      subject: "user_01ABC",
      issuer: USER_MANAGEMENT_ISS(),
      org_id: "org_1",
    } as never);
    const report = await t.query(example.authDiagnostics.diagnoseAuth, {});
    expect(report.identity).toMatchObject({
      subject: "user_01ABC",
      issuer: USER_MANAGEMENT_ISS(),
      tokenIdentifier: `${USER_MANAGEMENT_ISS()}|user_01ABC`,
      org_id: "org_1",
    });
  });

  test("the report opens with a one-line answer: who the caller is and the first problem", async () => {
    const signedIn = await exampleApp()
      .withIdentity({ subject: "user_01ABC", issuer: USER_MANAGEMENT_ISS() } as never)
      .query(example.authDiagnostics.diagnoseAuth, {});
    expect(Object.keys(signedIn).sort()[0]).toBe("answer");
    expect(signedIn.answer).toBe(
      `Signed in as user_01ABC (issuer ${USER_MANAGEMENT_ISS()}). No config, env or client-ID problem found.`,
    );
    vi.stubEnv("WORKOS_CLIENT_ID", OTHER_CLIENT_ID);
    const mismatch = await exampleApp().query(example.authDiagnostics.diagnoseAuth, {
      clientId: CLIENT_ID,
    });
    expect(mismatch.answer).toMatch(
      /^No identity \(signed out, or the token was refused\)\. First problem: CLIENT_ID_MISMATCH — /,
    );
  });

  test("providers are in the order Convex tries them: user_management (no applicationID) first", async () => {
    const report = await exampleApp().query(example.authDiagnostics.diagnoseAuth, {});
    expect(
      report.providers.map((p) => [
        p.convexOrder,
        p.index,
        p.issuer,
        p.applicationID,
        p.workosVariant,
        p.workosClientId,
      ]),
    ).toEqual([
      [0, 1, USER_MANAGEMENT_ISS(), null, "user_management", CLIENT_ID],
      [1, 0, LEGACY_ISS, CLIENT_ID, "legacy", CLIENT_ID],
    ]);
    expect(
      report.providers.every(
        (p) => p.jwks === WORKOS_JWKS() && p.algorithm === "RS256" && p.kind === "customJwt",
      ),
    ).toBe(true);
  });
});

describe("diagnoseAuth with other configs", () => {
  test("older docs config: applicationID on the user_management provider is flagged, on the legacy one it is not", async () => {
    authConfig.providers = olderDocsConfig();
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    const flagged = report.configFindings.filter((f) => f.code === "CONFIG_AUDIENCE_NEVER_SENT");
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.evidence.issuer).toBe(USER_MANAGEMENT_ISS());
    expect(flagged[0]!.severity).toBe("error");
    expect(report.providers.map((p) => p.applicationID)).toEqual([CLIENT_ID, CLIENT_ID]);
  });

  test("the docs config's applicationID on https://api.workos.com/ is not flagged", async () => {
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    expect(codes(report.configFindings)).not.toContain("CONFIG_AUDIENCE_NEVER_SENT");
  });

  test("WORKOS_CLIENT_ID unset: the config evaluated with `undefined` gets placeholder findings and ENV_MISSING", async () => {
    vi.stubEnv("WORKOS_CLIENT_ID", undefined);
    authConfig.providers = docsConfig(undefined as unknown as string).map((p) => ({
      ...p,
      // What `${process.env.WORKOS_CLIENT_ID}` evaluates to when the variable is unset.
      jwks: `https://api.workos.com/sso/jwks/${undefined}`,
      issuer: p.issuer.includes("user_management")
        ? `https://api.workos.com/user_management/${undefined}`
        : p.issuer,
    }));
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    const placeholders = report.configFindings.filter((f) => f.code === "CONFIG_PLACEHOLDER");
    expect(placeholders.length).toBeGreaterThanOrEqual(2);
    expect(placeholders.map((f) => f.evidence.field)).toEqual(
      expect.arrayContaining(["jwks", "issuer"]),
    );
    expect(codes(report.clientFindings)).toEqual(["ENV_MISSING"]);
    expect(report.clientFindings[0]!.evidence.name).toBe("WORKOS_CLIENT_ID");
    expect(report.env.find((e) => e.name === "WORKOS_CLIENT_ID")).toEqual({
      name: "WORKOS_CLIENT_ID",
      set: false,
      value: null,
      length: null,
    });
  });

  test("a config that hard-codes the client ID does not need WORKOS_CLIENT_ID", async () => {
    vi.stubEnv("WORKOS_CLIENT_ID", undefined);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    expect(codes(report.clientFindings)).not.toContain("ENV_MISSING");
  });

  test("an invalid provider is left out of the Convex order and reported as CONFIG_INVALID", async () => {
    authConfig.providers = [
      ...docsConfig(),
      { type: "customJwt", jwks: WORKOS_JWKS() },
      "nonsense",
    ];
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    expect(report.providers).toHaveLength(2);
    expect(codes(report.configFindings).filter((c) => c === "CONFIG_INVALID")).toHaveLength(2);
  });

  test("providers that are not an array: a finding, not a crash", async () => {
    authConfig.providers = "oops";
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    expect(report.providers).toEqual([]);
    expect(codes(report.configFindings)).toEqual(["CONFIG_INVALID"]);
  });
});

describe("clientId comparison", () => {
  test("the same client ID as the deployment: no client findings", async () => {
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(report.clientFindings).toEqual([]);
  });

  test("a different client ID than WORKOS_CLIENT_ID: CLIENT_ID_MISMATCH naming both", async () => {
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {
      clientId: OTHER_CLIENT_ID,
    });
    expect(codes(report.clientFindings)).toEqual(["CLIENT_ID_MISMATCH"]);
    expect(report.clientFindings[0]!.evidence).toMatchObject({
      clientId: OTHER_CLIENT_ID,
      serverClientId: CLIENT_ID,
    });
    expect(report.clientFindings[0]!.fix).toContain(OTHER_CLIENT_ID);
  });

  test("env matches the app but the providers name another client: CONFIG_NOT_DEPLOYED", async () => {
    authConfig.providers = docsConfig(OTHER_CLIENT_ID);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(codes(report.clientFindings)).toEqual(["CONFIG_NOT_DEPLOYED"]);
    expect(report.clientFindings[0]!.evidence.providerClientIds).toEqual([OTHER_CLIENT_ID]);
  });

  test("env unset and the hard-coded providers name another client: CLIENT_ID_MISMATCH against the providers", async () => {
    vi.stubEnv("WORKOS_CLIENT_ID", undefined);
    authConfig.providers = docsConfig(OTHER_CLIENT_ID);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(codes(report.clientFindings)).toEqual(["CLIENT_ID_MISMATCH"]);
    expect(report.clientFindings[0]!.evidence.serverClientId).toBe(OTHER_CLIENT_ID);
  });

  test("no providers at all: CONFIG_NOT_DEPLOYED", async () => {
    authConfig.providers = [];
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(codes(report.clientFindings)).toEqual(["CONFIG_NOT_DEPLOYED"]);
  });

  test("a value that is not a client ID: CLIENT_ID_INVALID, and a secret-shaped one is not echoed", async () => {
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {
      clientId: "org_01ABCDEF",
    });
    expect(codes(report.clientFindings)).toEqual(["CLIENT_ID_INVALID"]);
    const secret = "sk_test_a1b2c3d4e5f6g7h8i9j0";
    const again = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: secret });
    expect(codes(again.clientFindings)).toEqual(["CLIENT_ID_INVALID"]);
    expect(JSON.stringify(again)).not.toContain(secret);
    // Not a client ID: a warning about the comparison. A secret: an error that says to rotate it.
    expect(report.clientFindings[0]!.severity).toBe("warning");
    expect(again.clientFindings[0]!.severity).toBe("error");
    expect(again.clientFindings[0]!.fix).toMatch(/rotate it in the WorkOS dashboard/);
    expect(report.clientFindings[0]!.fix).not.toMatch(/rotate/);
  });

  test("a huge clientId is reported truncated, not echoed", async () => {
    const huge = "client_" + "A".repeat(200_000);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: huge });
    expect(codes(report.clientFindings)).toEqual(["CLIENT_ID_INVALID"]);
    expect(JSON.stringify(report).length).toBeLessThan(20_000);
  });

  test("wrong argument types are refused by the args validator", async () => {
    await expect(
      testApp().query(app.diagnostics.diagnoseAuth, { clientId: 42 } as never),
    ).rejects.toThrow(/Validator|string/);
  });
});

describe("env and deployment facts", () => {
  test("WORKOS_CLIENT_ID's value is shown; secrets only as presence and length", async () => {
    const apiKey = "sk_test_0123456789abcdefghij";
    vi.stubEnv("WORKOS_API_KEY", apiKey);
    vi.stubEnv("WORKOS_COOKIE_PASSWORD", "p".repeat(40));
    vi.stubEnv("WORKOS_WEBHOOK_SECRET", undefined);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    expect(report.env).toEqual([
      { name: "WORKOS_CLIENT_ID", set: true, value: CLIENT_ID, length: null },
      { name: "WORKOS_API_KEY", set: true, value: null, length: apiKey.length },
      { name: "WORKOS_COOKIE_PASSWORD", set: true, value: null, length: 40 },
      { name: "WORKOS_WEBHOOK_SECRET", set: false, value: null, length: null },
    ]);
    expect(JSON.stringify(report)).not.toContain(apiKey);
    expect(JSON.stringify(report)).not.toContain("p".repeat(40));
  });

  test("serverTime is the server clock and convexUrl comes from CONVEX_CLOUD_URL", async () => {
    vi.stubEnv("CONVEX_CLOUD_URL", "https://happy-animal-123.convex.cloud");
    const before = Date.now();
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    expect(report.serverTime).toBeGreaterThanOrEqual(before);
    expect(report.serverTime).toBeLessThanOrEqual(Date.now());
    expect(report.convexUrl).toBe("https://happy-animal-123.convex.cloud");
    vi.stubEnv("CONVEX_CLOUD_URL", undefined);
    expect((await testApp().query(app.diagnostics.diagnoseAuth, {})).convexUrl).toBeNull();
  });

  test("the report is plain, shallow JSON (readable in the dashboard's function runner)", async () => {
    const report = await testApp()
      .withIdentity({ subject: "u" })
      .query(app.diagnostics.diagnoseAuth, { clientId: OTHER_CLIENT_ID });
    const depth = (value: unknown): number =>
      typeof value === "object" && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map(depth))
        : 0;
    expect(depth(report)).toBeLessThanOrEqual(5);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("diagnoseAuth never returns a secret pasted into WORKOS_CLIENT_ID", () => {
  // What the docs' auth.config.ts evaluates to: the variable's value inside both URLs.
  const deployWith = (value: string) => {
    vi.stubEnv("WORKOS_CLIENT_ID", value);
    authConfig.providers = docsConfig(value);
  };
  const clientIdEntry = (report: { env: { name: string }[] }) =>
    report.env.find((e) => e.name === "WORKOS_CLIENT_ID");

  test("an API key: hidden in env, in the providers' URLs and in the findings, and explained", async () => {
    const apiKey = "sk_test_a1b2c3d4e5f6g7h8i9j0";
    deployWith(apiKey);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(JSON.stringify(report)).not.toContain(apiKey);
    expect(clientIdEntry(report)).toEqual({
      name: "WORKOS_CLIENT_ID",
      set: true,
      value: null,
      length: apiKey.length,
    });
    expect(report.clientFindings[0]).toMatchObject({
      code: "DEPLOYMENT_CLIENT_ID_INVALID",
      evidence: { name: "WORKOS_CLIENT_ID", length: apiKey.length, secretKind: "api-key" },
    });
    expect(report.providers[0]!.issuer).toBe("https://api.workos.com/user_management/[redacted]");
  });

  test("the cookie password, shapeless, also set as WORKOS_COOKIE_PASSWORD: hidden everywhere", async () => {
    const password = "correct horse battery staple, 42 tango!";
    vi.stubEnv("WORKOS_COOKIE_PASSWORD", password);
    deployWith(password);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(JSON.stringify(report)).not.toContain(password);
    expect(clientIdEntry(report)).toMatchObject({ value: null, length: password.length });
  });

  test("a shapeless cookie password the deployment does not hold: hidden because it is no client ID", async () => {
    const password = "Tr0ub4dor&3 always-on coffee pot 1987";
    vi.stubEnv("WORKOS_COOKIE_PASSWORD", undefined);
    deployWith(password);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    const json = JSON.stringify(report);
    expect(json).not.toContain(password);
    expect(json).not.toContain("always-on coffee pot");
    expect(codes(report.clientFindings)).toEqual([
      "DEPLOYMENT_CLIENT_ID_INVALID",
      "CLIENT_ID_MISMATCH",
    ]);
    expect(report.clientFindings[0]!.evidence.secretKind).toBeNull();
    expect(report.clientFindings[1]!.message).toContain("`[redacted]`");
  });

  test("a JWT: hidden everywhere, named as a JWT", async () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
    deployWith(jwt);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, {});
    expect(JSON.stringify(report)).not.toContain("eyJzdWIiOiJ1c2VyXzEifQ");
    expect(report.clientFindings[0]!.evidence.secretKind).toBe("jwt");
  });

  test("only hidden values are cut: an identity whose IDs merely look random is returned whole", async () => {
    deployWith("sk_test_a1b2c3d4e5f6g7h8i9j0");
    const subject = "user_2NNEqL2nrIRdJ194ndJqAHwEfxC";
    const report = await testApp()
      .withIdentity({ subject, issuer: "https://clerk.example.com" })
      .query(app.diagnostics.diagnoseAuth, {});
    expect(report.identity).toMatchObject({ subject });
  });

  test("a real client ID is shown as before, with no extra finding", async () => {
    deployWith(CLIENT_ID);
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(clientIdEntry(report)).toMatchObject({ value: CLIENT_ID, length: null });
    expect(codes(report.clientFindings)).toEqual([]);
  });
});

describe("odd auth configs", () => {
  test("a sparse providers array ([p, , p]) is reported, not thrown on", async () => {
    const [legacy, userManagement] = docsConfig();
    // eslint-disable-next-line no-sparse-arrays
    authConfig.providers = [legacy, , userManagement];
    const report = await testApp().query(app.diagnostics.diagnoseAuth, { clientId: CLIENT_ID });
    expect(report.providers.map((x) => x.index)).toEqual([2, 0]);
    expect(report.configFindings.find((f) => f.code === "CONFIG_INVALID")?.evidence).toMatchObject({
      providerIndex: 1,
    });
  });
});
