/**
 * Every catalogue entry and every variant, rendered with realistic evidence, reads as finished
 * text: no unfilled placeholder, no empty explanation or fix, balanced code spans.
 */
import { describe, expect, test } from "vitest";
import { FINDINGS, finding, joinSentence } from "../../src/core/catalogue.js";
import { parseConvexAuthError } from "../../src/core/parseError.js";
import { FINDING_CODES, type EvidenceValue } from "../../src/core/types.js";

const CLIENT = "client_01JTESTCLIENT000000000000";
const OTHER = "client_01JOTHERCLIENT00000000000";
const UM = `https://api.workos.com/user_management/${CLIENT}`;

/** A realistic value for each evidence name the catalogue's templates use. */
const SAMPLES: Record<string, EvidenceValue> = {
  accepted: UM,
  alg: "RS256",
  apiOrigin: "https://api.workos.com",
  algorithm: "HS256",
  apiHostname: "api.workos.com",
  applicationID: CLIENT,
  aud: [CLIENT],
  cause: "KEY_NOT_FOUND",
  bits: 1024,
  checked: ["AuthKit's state", "the access token"],
  closeCode: 1013,
  eligible: 2,
  httpStatus: 404,
  text: "Invalid admin key",
  claim: "nbf",
  clientId: CLIENT,
  clientIdSources: ["the token's issuer", "the JWKS URL"],
  clientSubject: "user_01JAPPUSER00000000000000",
  configured: "ES256",
  current: "http://127.0.0.1:5173",
  deploymentClientId: "not set",
  description: "The redirect URI is not allowed",
  detail: "the token has 2 parts, not 3",
  domain: UM,
  endpoint: "https://api.workos.com/user_management/authenticate",
  error: "invalid_request",
  errorMessage: "Failed to refresh the session",
  errorName: "RefreshError",
  expected: "http://127.0.0.1:5173/callback",
  expectedAlg: "RS256",
  field: "jwks",
  file: "convex/auth.config.ts",
  framework: "Vite",
  iss: UM,
  issuer: UM,
  issuerClientId: CLIENT,
  issuers: ["https://api.workos.com/", UM],
  item: "`.env.local`",
  jwkAlg: "RSA-OAEP",
  jwks: `https://api.workos.com/sso/jwks/${CLIENT}`,
  jwksClientId: OTHER,
  kid: "sso_oidc_key_pair_01JKEY",
  kids: ["sso_oidc_key_pair_01JOTHER"],
  kty: "EC",
  length: 16,
  matcher: ["/"],
  limit: 1048576,
  missing: ["sub"],
  name: "WORKOS_CLIENT_ID",
  origin: "http://localhost:5173",
  page: "app/dashboard/page.tsx",
  pageOrigin: "http://localhost:5173",
  pagePath: "/callback",
  path: "/auth/callback",
  placeholder: "undefined",
  port: 5173,
  portSource: "Vite's default",
  prefix: "VITE_",
  provider: `CustomJWT(issuer=${UM}, app_id=none)`,
  providerIndex: 1,
  providerIssuer: UM,
  providers: [`CustomJWT(issuer=${UM}, app_id=none)`],
  readBy: ["convex/users.ts"],
  reason: "the provider has no string `issuer`",
  redirectOrigin: "http://127.0.0.1:5173",
  redirectPath: "/",
  redirectUri: "http://localhost:5173/callback",
  required: ["sub", "exp"],
  scheme: "ftp:",
  seconds: 42,
  secretKind: "jwt",
  serverClientId: OTHER,
  serverMessage: "No auth provider found matching the given token",
  serverSubject: "user_01JOTHERUSER0000000000000",
  similar: "NEXT_PUBLIC_CONVEX_URL",
  skipped: ["client ID agreement with the deployment"],
  stage: "compiled",
  subject: "user_01JAPPUSER00000000000000",
  url: "https://auth.example.com/.well-known/openid-configuration",
  value: CLIENT,
  where: "withAuth()",
  status: 503,
  convexVersion: "1.49.0",
  node: "20.20.2",
  suggested: "22",
  line: 6,
  deployment: "dev",
  expression: "${buildEnv.VITE_PORT}",
  deployments: ["preview"],
  uses: ["${buildEnv.VERCEL_BRANCH_URL}"],
  names: ["VERCEL_BRANCH_URL"],
  replacement: '"redirectUris": ["http://localhost:5174/callback"],',
  envFile: ".env.local",
  envLine: 8,
  registered: ["http://localhost:5173/callback"],
  listed: ["http://localhost:5173"],
  keySource: "`.env.local`",
  closest: "http://localhost:5173/callback",
  differs: "port",
  allowed: ["http://localhost:5173"],
  importer: "convex/authDiagnostics.ts",
  api: "convex/_generated/api",
  tsconfig: "tsconfig.app.json",
  types: ["vite/client"],
  typesFrom: "tsconfig.base.json",
  typescript: "6.0.2",
};

const RENDERINGS = FINDING_CODES.flatMap((code) =>
  [undefined, ...Object.keys(FINDINGS[code].variants ?? {})].map((variant) => ({
    label: variant === undefined ? code : `${code}/${variant}`,
    code,
    variant,
  })),
);

describe("the catalogue renders as finished text", () => {
  test.each(RENDERINGS)("$label", ({ code, variant }) => {
    const f = finding(code, SAMPLES, variant);
    for (const [part, text] of [
      ["title", f.title],
      ["explanation", f.message],
      ["fix", f.fix],
    ] as const) {
      expect(text.trim(), `${part} is empty`).not.toBe("");
      expect(text, `${part} has an unfilled placeholder`).not.toMatch(
        /…|\{\w+(:code)?\}|\[\[|\]\]/,
      );
      expect(text.split("`").length % 2, `${part} has an unbalanced backtick`).toBe(1);
      expect(text, `${part} has a space before punctuation`).not.toMatch(/ [.,;:](\s|$)/);
    }
  });

  test("every variant changes the wording of its entry", () => {
    for (const code of FINDING_CODES) {
      for (const [name, variant] of Object.entries(FINDINGS[code].variants ?? {})) {
        expect(
          variant.explanation !== undefined || variant.fix !== undefined,
          `${code}/${name} changes nothing`,
        ).toBe(true);
      }
    }
  });
});

describe("sentences joined with evidence end in one period", () => {
  test("joinSentence keeps a value's own period instead of adding a second", () => {
    expect(joinSentence("The service is temporarily unavailable.", ".")).toBe(
      "The service is temporarily unavailable.",
    );
    expect(joinSentence("Service unavailable", ".")).toBe("Service unavailable.");
    expect(joinSentence("Really?", ".")).toBe("Really?");
    expect(joinSentence("value.", "")).toBe("value.");
  });

  test('CONVEX_GOT_NO_TOKEN after a 503 refresh reads "unavailable. The client", not "unavailable.. The client"', () => {
    const f = finding(
      "CONVEX_GOT_NO_TOKEN",
      {
        errorName: "RefreshError",
        status: 503,
        errorMessage: "The service is temporarily unavailable.",
      },
      "refresh-failed",
    );
    expect(f.message).toContain("The service is temporarily unavailable. The client treats");
    expect(f.message).not.toContain("..");
  });

  test.each(RENDERINGS)(
    "$label: evidence that ends a sentence never doubles the period",
    ({ code, variant }) => {
      const sentences = Object.fromEntries(
        Object.entries(SAMPLES).map(([k, v]) => [k, typeof v === "string" ? `${v}.` : v]),
      );
      const f = finding(code, sentences, variant);
      for (const text of [f.message, f.fix]) expect(text).not.toMatch(/(?<!\.)\.\.(?!\.)/);
    },
  );
});

/** Texts people paste into `--explain` / `parseConvexAuthError`, with no other evidence at hand. */
const PASTED = [
  "No auth provider found matching the given token",
  "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id=client_01JTESTCLIENT000000000000)]",
  "Could not decode token. The JWT's 'kid' (key ID) header is 'k1', does this key match any key in the provider's JWKS?",
  "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
  "Could not validate token: Token expired 42 seconds ago",
  "Could not validate token: Token will be valid in 9 seconds",
  "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.",
  "Could not fetch JWKS from URL 'https://api.workos.com/sso/jwks/undefined': HTTP 404 Not Found. Check that the URL is correct and accessible.",
  "Auth provider discovery of https://auth.example.com failed",
  "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.",
  "Convex token identity expired",
  "Couldn't exchange code",
  "RefreshError: Missing refresh token",
  "LoginRequiredError: No access token available",
  "WorkOSPlatformNotAuthorized",
  "Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set",
  "an error nobody has seen before",
];

describe("every pasted error explains itself as finished text", () => {
  test.each(PASTED)("%s", (text) => {
    const f = parseConvexAuthError(text).finding;
    expect(f.fix.trim()).not.toBe("");
    expect(`${f.message}\n${f.fix}`).not.toMatch(/…|\{\w+(:code)?\}|\[\[|\]\]/);
  });
});

describe("a variant's docs link", () => {
  test("ENV_MISSING about the app's env file links nowhere rather than to the deployment's env page", () => {
    const deployment = finding("ENV_MISSING", { name: "WORKOS_CLIENT_ID", value: "client_01A" });
    expect(deployment.docs).toBe("https://docs.convex.dev/production/environment-variables");
    for (const variant of ["local", "app-client-id", "local-prefix", "local-server"])
      expect(
        finding("ENV_MISSING", { name: "VITE_CONVEX_URL", value: "x", similar: "y" }, variant).docs,
        variant,
      ).toBeNull();
  });
});
