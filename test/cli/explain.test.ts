import { describe, expect, test } from "vitest";
import { FINDINGS, parseConvexAuthError } from "../../src/core/index.js";
import {
  discoveryFailedMessage,
  jwksBodyMessage,
  jwksContentTypeMessage,
  jwksFetchErrorMessage,
  kidMessage,
  missingKidMessage,
  MSG,
  noProviderMessage,
  notYetValidMessage,
  tokenExpiredMessage,
} from "../../src/core/convexMessages.js";
import { parseJson, runDoctor } from "./helpers.js";

const CLIENT = "client_01JTESTCLIENT000000000000";
const docsLabels = [
  `CustomJWT(issuer=https://api.workos.com/user_management/${CLIENT}, app_id=none)`,
  `CustomJWT(issuer=https://api.workos.com/, app_id=${CLIENT})`,
];
const longNoProvider = noProviderMessage(docsLabels, false);

// Every text the doctor explains, built from the same message builders Convex's replica uses.
const CONVEX_TEXTS: Array<[string, string]> = [
  ["unparsable payload", MSG.payloadUnparsable],
  ["missing iss", MSG.issuerMissing],
  ["no providers configured", MSG.noProvidersConfigured],
  ["no provider (long)", longNoProvider],
  [
    "no provider, aud on user_management",
    noProviderMessage(
      [`CustomJWT(issuer=https://api.workos.com/user_management/${CLIENT}, app_id=${CLIENT})`],
      false,
    ),
  ],
  ["no provider (redacted)", MSG.noProviderRedacted],
  ["unknown kid", kidMessage("key_1", false)],
  ["unknown kid (redacted)", MSG.kidRedacted],
  ["missing kid", missingKidMessage(false)],
  ["expired", tokenExpiredMessage(42)],
  ["not yet valid", notYetValidMessage(7)],
  ["claim invalid", MSG.claimInvalid],
  ["OIDC claim invalid", MSG.oidcClaimInvalid],
  ["OIDC unparsable", MSG.oidcUnparsable],
  ["OIDC discovery", discoveryFailedMessage("https://issuer.example.com", 404, "not found")],
  ["JWKS fetch", jwksFetchErrorMessage("https://api.workos.com/sso/jwks/x", "connection refused")],
  ["JWKS content type", jwksContentTypeMessage("https://api.workos.com/sso/jwks/x", "text/html")],
  ["JWKS body", jwksBodyMessage("https://api.workos.com/sso/jwks/x")],
  ["JWKS data URL", MSG.jwksDataUrlInvalid],
  ["identity expired (WebSocket)", MSG.identityExpired],
  [
    "client log: Failed to authenticate",
    `Failed to authenticate: "${longNoProvider}", check your server auth config`,
  ],
  [
    "client log: attempting to reauthenticate",
    `attempting to reauthenticate: ${tokenExpiredMessage(3)} [v2]`,
  ],
  ["HTTP 401 body", JSON.stringify({ code: "NoAuthProvider", message: MSG.noProviderRedacted })],
];

async function explain(text: string, json = true) {
  const r = await runDoctor(["--explain", text, ...(json ? ["--json"] : [])]);
  return { ...r, doc: json ? parseJson(r.stdout) : null };
}

describe("--explain: Convex auth error texts", () => {
  test.each(CONVEX_TEXTS)(
    "%s is recognized and explained with the core parser's code and fix",
    async (_name, text) => {
      const expected = parseConvexAuthError(text);
      expect(expected.recognized).toBe(true);
      const { code, doc } = await explain(text);
      expect(doc!.explain).toMatchObject({
        code: expected.code,
        recognized: true,
        convexMessage: expected.convexMessage,
      });
      expect(doc!.findings).toEqual([
        expect.objectContaining({ code: expected.finding.code, fix: expected.finding.fix }),
      ]);
      expect(code).toBe(1);
      const text2 = await explain(text, false);
      expect(text2.stdout).toContain(`[${expected.code}]`);
      expect(text2.stdout).toContain(FINDINGS[expected.code].title);
      expect(text2.stdout).toContain(`Fix: ${expected.finding.fix}`);
    },
  );

  test("names the real cause behind Convex's lumped message (aud on the user_management provider)", async () => {
    const { doc } = await explain(CONVEX_TEXTS[4]![1]);
    expect((doc!.explain as { code: string }).code).toBe("AUDIENCE_MISSING");
  });
});

describe("--explain: CLI, WorkOS and AuthKit texts", () => {
  test("WorkOSPlatformNotAuthorized: contact support or re-provision with another email", async () => {
    const text =
      "✖ Error: WorkOSPlatformNotAuthorized: the platform is not authorized for this team";
    const { doc } = await explain(text);
    expect(doc!.explain).toMatchObject({ code: "PLATFORM_NOT_AUTHORIZED", source: "cli" });
    const { stdout } = await explain(text, false);
    expect(stdout).toContain("npx convex integration workos disconnect-team");
    expect(stdout).toContain("npx convex integration workos provision-team");
    expect(stdout).toContain("different email address");
  });

  test("the unset env var push error names the variable in the fix", async () => {
    const text =
      "✖ Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set. Go to:\n\n    https://dashboard.convex.dev/d/x/settings/environment-variables?var=WORKOS_CLIENT_ID\n\n  to set it up.";
    const { doc } = await explain(text);
    expect(doc!.explain).toMatchObject({
      code: "AUTH_CONFIG_ENV_UNSET",
      details: { envVar: "WORKOS_CLIENT_ID" },
    });
    const { stdout } = await explain(text, false);
    expect(stdout).toContain("npx convex env set WORKOS_CLIENT_ID <value>");
  });

  test.each([
    ["Couldn't exchange code", "Couldn't exchange code: invalid_grant", "CODE_EXCHANGE_FAILED"],
    ["Missing refresh token", "Error: Missing refresh token", "REFRESH_TOKEN_MISSING"],
  ])("AuthKit's %s", async (_name, text, expected) => {
    const { doc } = await explain(text);
    expect(doc!.explain).toMatchObject({ code: expected, recognized: true, source: "authkit" });
  });

  test("unknown text tells a CLI user to attach the doctor's --json report, not renderMarkdown()'s", async () => {
    const { doc } = await explain("Something unrelated went wrong");
    const f = (doc!.findings as { code: string; fix: string }[])[0]!;
    expect(f.code).toBe("UNKNOWN_ERROR_TEXT");
    expect(f.fix).toContain("`npx convex-authkit-doctor --json`");
    expect(f.fix).not.toContain("renderMarkdown");
    const text = await runDoctor(["--explain", "Something unrelated went wrong"]);
    expect(text.stdout).toContain("npx convex-authkit-doctor --json");
    expect(text.stdout).not.toContain("renderMarkdown");
  });

  test("unknown text is reported as unrecognized with exit code 0", async () => {
    const { doc, code } = await explain("Something unrelated went wrong");
    expect(doc!.explain).toMatchObject({ code: "UNKNOWN_ERROR_TEXT", recognized: false });
    expect(code).toBe(0);
  });

  test("reads the text from stdin, and never echoes a token pasted with it", async () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl";
    const r = await runDoctor(["--explain", "-"], {
      stdin: `Authorization: Bearer ${jwt}\nMissing refresh token\n`,
    });
    expect(r.stdout).toContain("[REFRESH_TOKEN_MISSING]");
    expect(r.stdout).not.toContain(jwt);
    const json = await runDoctor(["--explain", "-", "--json"], {
      stdin: `${jwt} WorkOSPlatformNotAuthorized`,
    });
    expect(json.stdout).not.toContain("c2lnbmF0dXJl");
  });

  test("empty stdin is a usage error", async () => {
    const r = await runDoctor(["--explain", "-"], { stdin: "   \n" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stdin was empty");
  });
});
