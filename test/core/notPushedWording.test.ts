/**
 * The `provider-not-pushed` demo scenario: the deployment runs an older providers list while
 * `convex/auth.config.ts` is right. Before sign-in nothing tells the two causes apart, so the fix
 * must cover both; after sign-in the fixes name the client ID the token's issuer gives.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  diagnose,
  lintProviders,
  normalizeProviders,
  type DiagnoseInput,
  type ServerReport,
} from "../../src/core/index.js";
import { CLIENT_ID, makeKey, NOW, workosToken, type TestKey } from "../support/tokens.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
});

const CLERK = [{ domain: "https://example.clerk.accounts.dev", applicationID: "convex" }];
const DOCS_PROVIDER = `https://api.workos.com/user_management/${CLIENT_ID}`;

/** The report the component builds for the providers the deployment runs. */
function deployedReport(providers: unknown): ServerReport {
  return {
    answer: "a test report",
    identity: null,
    providers: normalizeProviders(providers).convexOrder,
    env: [{ name: "WORKOS_CLIENT_ID", set: true, value: CLIENT_ID, length: null }],
    configFindings: lintProviders(providers, { source: "deployed" }),
    clientFindings: [],
    serverTime: NOW,
    convexUrl: "https://happy-animal-123.convex.cloud",
    version: "0.1.0",
  };
}

const signedOut: DiagnoseInput["authKit"] = { isLoading: false, userId: null, clientId: CLIENT_ID };
const rejectedConvex = { isLoading: false, isAuthenticated: false, tokenSent: true };

describe("CONFIG_NO_WORKOS_PROVIDER", () => {
  it("for the providers a deployment runs, the fix also says to push when auth.config.ts already has them", () => {
    const f = lintProviders(CLERK, { source: "deployed" }).find(
      (x) => x.code === "CONFIG_NO_WORKOS_PROVIDER",
    )!;
    expect(f.fix).toContain("already has the two AuthKit providers");
    expect(f.fix).toContain("`npx convex dev`");
    expect(f.fix).toContain("Otherwise add them");
  });

  it("for the auth config file (the doctor), the fix stays: add the providers", () => {
    const f = lintProviders(CLERK).find((x) => x.code === "CONFIG_NO_WORKOS_PROVIDER")!;
    expect(f.fix).toBe(
      "Add the two AuthKit providers from the Convex docs to `convex/auth.config.ts`.",
    );
  });

  it("signed out, the overlay's headline does not claim auth.config.ts lacks the providers", async () => {
    const d = await diagnose({
      authKit: signedOut,
      convex: { isLoading: false, isAuthenticated: false },
      server: deployedReport(CLERK),
      clientTime: NOW,
    });
    expect(d.headline.code).toBe("CONFIG_NO_WORKOS_PROVIDER");
    expect(d.headline.fix).toContain("run `npx convex dev`");
    expect(d.headline.fix).toContain("Otherwise add them");
  });
});

describe("ISSUER_MISMATCH names the client ID it knows", () => {
  it("after sign-in, ISSUER_MISMATCH and CONVEX_REJECTED fill the client ID from the token's issuer", async () => {
    const token = await workosToken(key);
    const d = await diagnose({
      authKit: {
        ...signedOut,
        userId: "user_01JTESTUSER0000000000000",
        accessToken: { ok: true, token },
      },
      convex: rejectedConvex,
      server: deployedReport(CLERK),
      serverErrors: [
        "attempting to reauthenticate: No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [OIDC(domain=https://example.clerk.accounts.dev, app_id=convex)]",
      ],
      clientTime: NOW,
    });
    const codes = d.findings.map((f) => f.code);
    expect(codes).toContain("ISSUER_MISMATCH");
    expect(codes).toContain("CONVEX_REJECTED");
    for (const code of ["ISSUER_MISMATCH", "CONVEX_REJECTED"]) {
      const f = d.findings.find((x) => x.code === code)!;
      expect(f.fix, code).not.toContain("<clientId>");
      expect(f.fix, code).toContain(`\`${DOCS_PROVIDER}\``);
    }
  });

  it("with only the server's text and the app's client ID, CONVEX_REJECTED's fix uses the app's client ID", async () => {
    const d = await diagnose({
      authKit: { ...signedOut, userId: "user_01JTESTUSER0000000000000" },
      convex: rejectedConvex,
      serverErrors: [
        "attempting to reauthenticate: No auth provider found matching the given token",
      ],
      clientTime: NOW,
    });
    const f = d.findings.find((x) => x.code === "CONVEX_REJECTED")!;
    expect(f.fix).toContain(`\`${DOCS_PROVIDER}\``);
  });

  it("with no client ID known anywhere, the fix keeps the <clientId> placeholder", async () => {
    const d = await diagnose({
      convex: rejectedConvex,
      serverErrors: ["No auth provider found matching the given token"],
    });
    expect(d.findings.find((x) => x.code === "CONVEX_REJECTED")!.fix).toContain(
      "user_management/<clientId>",
    );
  });
});
