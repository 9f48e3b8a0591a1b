/**
 * `KEY_NOT_FOUND` must not blame the client ID when the evidence shows one client ID everywhere
 * (the `key-rotation` demo scenario): the key set is what is left, and the fix says what Convex's
 * JWKS cache lets the user do.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkToken,
  createDocumentCache,
  diagnose,
  lintProviders,
  normalizeProviders,
  type DiagnoseInput,
  type ServerReport,
} from "../../src/core/index.js";
import { keyClientAgreement } from "../../src/core/clientIds.js";
import {
  CLIENT_ID,
  docsConfig,
  fakeFetch,
  jwksOf,
  LEGACY_ISS,
  makeKey,
  NOW,
  OTHER_CLIENT_ID,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

let signing: TestKey;
let published: TestKey;
beforeAll(async () => {
  signing = await makeKey("key_rotated_in");
  published = await makeKey("key_before_rotation");
});

const BLAMES_CLIENT_ID = /different WorkOS client ID|Use the same WorkOS client ID/;

function report(env: Record<string, string | undefined>, providers = docsConfig()): ServerReport {
  return {
    answer: "a test report",
    identity: null,
    providers: normalizeProviders(providers).convexOrder,
    env: ["WORKOS_CLIENT_ID"].map((name) => ({
      name,
      set: env[name] !== undefined,
      value: env[name] ?? null,
      length: null,
    })),
    configFindings: lintProviders(providers),
    clientFindings: [],
    serverTime: NOW,
    convexUrl: "https://happy-animal-123.convex.cloud",
    version: "0.1.0",
  };
}

const signedIn = (token: string, clientId = CLIENT_ID): DiagnoseInput["authKit"] => ({
  isLoading: false,
  userId: "user_01JTESTUSER0000000000000",
  clientId,
  accessToken: { ok: true, token },
});
const rejectedConvex = { isLoading: false, isAuthenticated: false, tokenSent: true };
const kidText = (kid: string) =>
  `attempting to reauthenticate: Could not decode token. The JWT's 'kid' (key ID) header is '${kid}', does this key match any key in the provider's JWKS?`;

async function staleJwksCheck(token: string) {
  return checkToken(token, docsConfig(), {
    now: NOW,
    fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(published) } }),
    cache: createDocumentCache(),
  });
}

describe("KEY_NOT_FOUND when every client ID agrees", () => {
  it("checkToken names the key set, not the client ID, when the issuer and the JWKS URL name one client", async () => {
    const check = await staleJwksCheck(await workosToken(signing));
    expect(check.code).toBe("KEY_NOT_FOUND");
    const f = check.findings.find((x) => x.code === "KEY_NOT_FOUND")!;
    expect(`${f.message}\n${f.fix}`).not.toMatch(BLAMES_CLIENT_ID);
    expect(f.message).toContain("a wrong client ID is not the cause");
    expect(f.message).toContain(`\`${CLIENT_ID}\``);
    expect(f.fix).toContain(`Open \`${WORKOS_JWKS()}\``);
    expect(f.fix).toContain("`key_rotated_in`");
    expect(f.fix).toContain("Cache-Control");
  });

  it("the overlay's verdict after the server's check names the key set when app, deployment, issuer and JWKS agree", async () => {
    const token = await workosToken(signing);
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      serverErrors: [kidText("key_rotated_in")],
      tokenCheck: await staleJwksCheck(token),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("KEY_NOT_FOUND");
    expect(d.headline.message).toContain(
      "the token's issuer, the app, the JWKS URL, the deployment's WORKOS_CLIENT_ID",
    );
    const rejected = d.findings.find((f) => f.code === "CONVEX_REJECTED")!;
    for (const f of [d.headline, rejected])
      expect(`${f.message}\n${f.fix}`).not.toMatch(BLAMES_CLIENT_ID);
    expect(rejected.fix).toBe(d.headline.fix);
  });

  it("the CONVEX_REJECTED headline before the server's check does not tell the user to align client IDs that agree", async () => {
    const token = await workosToken(signing);
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      serverErrors: [kidText("key_rotated_in")],
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CONVEX_REJECTED");
    expect(d.headline.fix).not.toMatch(BLAMES_CLIENT_ID);
    // The JWKS URL comes from the provider the token matches, the kid from the server's text.
    expect(d.headline.fix).toContain(`Open \`${WORKOS_JWKS()}\``);
    expect(d.headline.fix).toContain("`key_rotated_in`");
  });

  it("a legacy-issuer token counts as agreeing through the app's and the deployment's client IDs", async () => {
    const token = await workosToken(signing, { iss: LEGACY_ISS, aud: CLIENT_ID });
    const d = await diagnose({
      authKit: signedIn(token),
      convex: rejectedConvex,
      server: report({ WORKOS_CLIENT_ID: CLIENT_ID }),
      tokenCheck: await staleJwksCheck(token),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("KEY_NOT_FOUND");
    expect(d.headline.fix).not.toMatch(BLAMES_CLIENT_ID);
  });
});

describe("KEY_NOT_FOUND when the client IDs are unknown or differ keeps the client-ID wording", () => {
  it("a provider whose issuer and JWKS URL name different clients", async () => {
    const providers = [
      {
        type: "customJwt",
        issuer: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID),
        jwks: WORKOS_JWKS(CLIENT_ID),
        algorithm: "RS256",
      },
    ];
    const token = await workosToken(signing, { iss: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID) });
    const check = await checkToken(token, providers, {
      now: NOW,
      fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(published) } }),
      cache: createDocumentCache(),
    });
    expect(check.code).toBe("KEY_NOT_FOUND");
    expect(check.findings.find((f) => f.code === "KEY_NOT_FOUND")!.fix).toMatch(BLAMES_CLIENT_ID);
  });

  it("the server's text alone, with nothing known about client IDs", async () => {
    const d = await diagnose({ convex: rejectedConvex, serverErrors: [kidText("k1")] });
    expect(d.headline.code).toBe("CONVEX_REJECTED");
    expect(d.headline.fix).toMatch(BLAMES_CLIENT_ID);
  });

  it("keyClientAgreement needs a token side and a deployment side, all equal", () => {
    const jwks = WORKOS_JWKS();
    expect(keyClientAgreement({ jwks })).toBeNull();
    expect(keyClientAgreement({ appClientId: CLIENT_ID })).toBeNull();
    expect(keyClientAgreement({ appClientId: CLIENT_ID, jwks })?.clientId).toBe(CLIENT_ID);
    expect(
      keyClientAgreement({ appClientId: CLIENT_ID, jwks, deploymentClientId: OTHER_CLIENT_ID }),
    ).toBeNull();
    expect(keyClientAgreement({ issuer: USER_MANAGEMENT_ISS(OTHER_CLIENT_ID), jwks })).toBeNull();
  });
});
