/**
 * `AUDIENCE_MISSING`'s fix depends on the provider the token's issuer matched: removing
 * `applicationID` is right for WorkOS `user_management` providers, wrong for the docs'
 * `https://api.workos.com/` provider (its tokens carry `aud`), impossible for OIDC providers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { checkToken } from "../../src/core/index.js";
import {
  CLIENT_ID,
  docsConfig,
  LEGACY_ISS,
  makeKey,
  NOW,
  olderDocsConfig,
  USER_MANAGEMENT_ISS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
});

async function audienceMissing(claims: Record<string, unknown>, providers: unknown) {
  const r = await checkToken(await workosToken(key, claims), providers, { now: NOW, fetch: null });
  expect(r.code).toBe("AUDIENCE_MISSING");
  return r;
}

const REMOVE_APPLICATION_ID = /remove `applicationID`/i;

describe("AUDIENCE_MISSING", () => {
  it("a legacy-issuer token without aud against the docs' config never says to remove applicationID from the docs' provider", async () => {
    const r = await audienceMissing({ iss: LEGACY_ISS }, docsConfig());
    const f = r.findings.find((x) => x.code === "AUDIENCE_MISSING")!;
    expect(f.fix).not.toMatch(REMOVE_APPLICATION_ID);
    expect(f.fix).not.toContain("never do");
    expect(f.fix).toContain("Keep the provider as the Convex docs have it");
    expect(f.fix).toContain(`\`aud: "${CLIENT_ID}"\``);
    expect(f.message).not.toContain("carry no `aud`");
    // The per-provider note for the same provider agrees with it.
    const note = r.findings.find(
      (x) => x.code === "PROVIDER_NOT_MATCHED" && x.evidence.mismatch === "audience-missing",
    )!;
    expect(note.fix).not.toMatch(REMOVE_APPLICATION_ID);
  });

  it("a user_management token against the older docs' config says to remove applicationID from that provider", async () => {
    const r = await audienceMissing({ iss: USER_MANAGEMENT_ISS() }, olderDocsConfig());
    const f = r.findings.find((x) => x.code === "AUDIENCE_MISSING")!;
    expect(f.fix).toMatch(/^Remove `applicationID` from provider #\d+ in `convex\/auth.config.ts`/);
    expect(f.message).toContain("carry no `aud`");
    expect(f.fix).not.toContain("JWT template");
  });

  it("an OIDC provider's fix does not suggest removing applicationID, which Convex refuses", async () => {
    const iss = "https://auth.example.com";
    const r = await audienceMissing({ iss }, [{ domain: iss, applicationID: "my-app" }]);
    const f = r.findings.find((x) => x.code === "AUDIENCE_MISSING")!;
    expect(f.message).toContain("OIDC provider");
    expect(f.fix).toContain("no way out");
    expect(f.fix).toContain('`type: "customJwt"`');
    const note = r.findings.find((x) => x.code === "PROVIDER_NOT_MATCHED")!;
    expect(note.fix).not.toMatch(REMOVE_APPLICATION_ID);
  });

  it("a non-WorkOS customJwt issuer gets both options, without WorkOS claims", async () => {
    const iss = "https://issuer.example.com";
    const r = await audienceMissing({ iss }, [
      {
        type: "customJwt",
        issuer: iss,
        jwks: "https://issuer.example.com/jwks",
        algorithm: "RS256",
        applicationID: "my-app",
      },
    ]);
    const f = r.findings.find((x) => x.code === "AUDIENCE_MISSING")!;
    expect(f.fix).toContain('`aud: "my-app"`');
    expect(f.fix).toMatch(REMOVE_APPLICATION_ID);
    expect(`${f.message}\n${f.fix}`).not.toMatch(/WorkOS|user_management/);
  });
});
