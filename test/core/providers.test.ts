import { describe, expect, it } from "vitest";
import { lintProviders, normalizeProviders, storeIssuerUrl } from "../../src/core/index.js";
import {
  CLIENT_ID,
  docsConfig,
  olderDocsConfig,
  OTHER_CLIENT_ID,
  WORKOS_JWKS,
} from "../support/tokens.js";

const codes = (fs: { code: string }[]) => fs.map((f) => f.code);

describe("normalizeProviders", () => {
  it("recognizes both WorkOS issuer variants and the client ID each refers to", () => {
    const { all } = normalizeProviders(docsConfig());
    expect(all.map((p) => [p.kind, p.workosVariant, p.workosClientId])).toEqual([
      ["customJwt", "legacy", CLIENT_ID],
      ["customJwt", "user_management", CLIENT_ID],
    ]);
  });

  it("orders providers as Convex stores them: no applicationID first, then by issuer", () => {
    const { convexOrder } = normalizeProviders(docsConfig());
    expect(convexOrder.map((p) => p.index)).toEqual([1, 0]);
    expect(convexOrder.map((p) => p.convexOrder)).toEqual([0, 1]);
  });

  it("orders OIDC before customJwt, and RS256 before ES256 for otherwise equal providers", () => {
    const cfg = [
      {
        type: "customJwt",
        issuer: "https://a.example.com",
        jwks: "https://a.example.com/j",
        algorithm: "ES256",
      },
      {
        type: "customJwt",
        issuer: "https://a.example.com",
        jwks: "https://a.example.com/j",
        algorithm: "RS256",
      },
      { domain: "https://z.example.com", applicationID: "z" },
    ];
    expect(normalizeProviders(cfg).convexOrder.map((p) => p.index)).toEqual([2, 1, 0]);
  });

  it("collapses exact duplicates the way Convex's sorted set does", () => {
    const { convexOrder, all } = normalizeProviders([...docsConfig(), docsConfig()[1]]);
    expect(convexOrder).toHaveLength(2);
    expect(all[2]?.convexOrder).toBe(all[1]?.convexOrder);
  });

  it("adds https:// to a scheme-less issuer and labels it as Convex does", () => {
    const { all } = normalizeProviders([{ domain: "example.us.auth0.com", applicationID: "abc" }]);
    expect(all[0]?.issuer).toBe("https://example.us.auth0.com");
    expect(all[0]?.label).toBe("OIDC(domain=https://example.us.auth0.com, app_id=abc)");
  });

  it.each([
    ['"https://quoted.example.com"', "starts with a double quote"],
    ["ftp://example.com", "scheme should be http or https"],
    ["undefined", "Does not look like a URL"],
  ])("rejects the issuer %s like a Convex push", (issuer, reason) => {
    const stored = storeIssuerUrl(issuer);
    expect("error" in stored && stored.error).toContain(reason);
  });

  it("marks a customJwt provider with an unsupported algorithm invalid", () => {
    const { all, convexOrder } = normalizeProviders([
      {
        type: "customJwt",
        issuer: "https://x.example.com",
        jwks: "https://x.example.com/j",
        algorithm: "HS256",
      },
    ]);
    expect(all[0]?.kind).toBe("invalid");
    expect(convexOrder).toHaveLength(0);
  });

  it.each([[null], [42], ["x"], [[[]]]])("never throws on a providers entry of %j", (entry) => {
    expect(() => normalizeProviders([entry])).not.toThrow();
    expect(normalizeProviders([entry]).all[0]?.kind).toBe("invalid");
  });
});

describe("lintProviders", () => {
  it("finds nothing wrong with the docs' config (applicationID on the legacy provider is correct)", () => {
    expect(
      lintProviders(docsConfig()).filter((f) => f.severity === "error" || f.severity === "warning"),
    ).toEqual([]);
  });

  it("flags applicationID on the user_management provider (older docs)", () => {
    const findings = lintProviders(olderDocsConfig());
    expect(codes(findings)).toEqual(["CONFIG_AUDIENCE_NEVER_SENT"]);
    expect(findings[0]?.evidence.providerIndex).toBe(1);
  });

  it("flags `undefined` left in URLs by an unset WORKOS_CLIENT_ID", () => {
    const findings = lintProviders(docsConfig("undefined"));
    const placeholders = findings.filter((f) => f.code === "CONFIG_PLACEHOLDER");
    expect(placeholders.length).toBeGreaterThanOrEqual(3);
    expect(placeholders.map((f) => f.evidence.field)).toEqual(
      expect.arrayContaining(["issuer", "jwks", "applicationID"]),
    );
  });

  it("flags a JWKS URL naming another client ID than the issuer", () => {
    const cfg = [
      {
        type: "customJwt",
        issuer: `https://api.workos.com/user_management/${CLIENT_ID}`,
        jwks: WORKOS_JWKS(OTHER_CLIENT_ID),
        algorithm: "RS256",
      },
    ];
    expect(codes(lintProviders(cfg))).toContain("CONFIG_JWKS_CLIENT_MISMATCH");
  });

  it("flags unsupported algorithms and plain http outside loopback, but not a local issuer", () => {
    expect(
      codes(
        lintProviders([
          {
            type: "customJwt",
            issuer: "https://a.example.com",
            jwks: "https://a.example.com/j",
            algorithm: "PS256",
          },
        ]),
      ),
    ).toContain("CONFIG_UNSUPPORTED_ALGORITHM");
    expect(
      codes(
        lintProviders([
          {
            type: "customJwt",
            issuer: "http://auth.example.com",
            jwks: "http://auth.example.com/sso/jwks/x",
            algorithm: "RS256",
          },
        ]),
      ),
    ).toContain("CONFIG_HTTP_ISSUER");
    expect(
      codes(
        lintProviders([
          {
            type: "customJwt",
            issuer: "http://127.0.0.1:4000/user_management/x",
            jwks: "http://127.0.0.1:4000/sso/jwks/x",
            algorithm: "RS256",
          },
        ]),
      ),
    ).not.toContain("CONFIG_HTTP_ISSUER");
  });

  it("notes which WorkOS issuer variant the config cannot accept", () => {
    const onlyUserManagement = [docsConfig()[1]];
    const f = lintProviders(onlyUserManagement).find(
      (x) => x.code === "CONFIG_ISSUER_VARIANT_MISSING",
    );
    expect(f?.evidence.missing).toBe("https://api.workos.com/");
  });

  it("warns when no provider is a WorkOS provider", () => {
    expect(
      codes(lintProviders([{ domain: "https://clerk.example.com", applicationID: "convex" }])),
    ).toEqual(["CONFIG_NO_WORKOS_PROVIDER"]);
  });

  it("reports a providers value that is not an array", () => {
    expect(codes(lintProviders({ providers: [] }))).toEqual(["CONFIG_INVALID"]);
  });
});

describe("WorkOS configured as an OIDC provider", () => {
  it.each([[`https://api.workos.com/user_management/${CLIENT_ID}`], ["https://api.workos.com/"]])(
    "%s as `domain` gets the docs' two customJwt providers, not 'remove applicationID'",
    (domain) => {
      const lint = lintProviders([{ domain, applicationID: CLIENT_ID }]);
      const f = lint.find((x) => x.code === "CONFIG_WORKOS_AS_OIDC")!;
      expect(f.fix).toContain(`\`https://api.workos.com/user_management/${CLIENT_ID}\``);
      expect(f.fix).toContain(`jwks: "https://api.workos.com/sso/jwks/${CLIENT_ID}"`);
      expect(f.message).toContain("refuses an OIDC provider without it");
      expect(lint.map((x) => x.code)).not.toContain("CONFIG_AUDIENCE_NEVER_SENT");
    },
  );
});
