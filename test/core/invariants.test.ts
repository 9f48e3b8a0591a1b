/**
 * The three promises of a diagnosis, over 10,000 generated sign-in states:
 * (a) while Convex is neither loading nor authenticated, `ok` is false and the headline is a
 *     cause (an error or a warning), never a calm note or a confirmation;
 * (b) every finding reads as finished text: a non-empty fix and no unfilled placeholder;
 * (c) nothing is attributed to Convex that Convex did not say: a `CONVEX_REJECTED` quotes one of
 *     the server texts it was given, and a check without network never claims a JWKS verdict.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  diagnose,
  lintProviders,
  normalizeProviders,
  parseConvexAuthError,
  type DiagnoseInput,
  type ServerReport,
} from "../../src/core/index.js";
import {
  CLIENT_ID,
  docsConfig,
  makeKey,
  NOW,
  NOW_S,
  olderDocsConfig,
  OTHER_CLIENT_ID,
  workosToken,
} from "../support/tokens.js";

const RUNS = Number(process.env.FC_INVARIANT_RUNS ?? 10_000);

let tokens: string[];
beforeAll(async () => {
  const key = await makeKey("key_invariants");
  tokens = [
    await workosToken(key),
    await workosToken(key, { exp: NOW_S - 3600 }),
    await workosToken(key, { iss: `https://api.workos.com/user_management/${OTHER_CLIENT_ID}` }),
    await workosToken(key, { aud: CLIENT_ID, iss: "https://api.workos.com/" }),
    await workosToken(key, { nbf: NOW_S + 600 }),
    "not-a-jwt",
  ];
});

const SERVER_TEXTS = [
  "attempting to reauthenticate: No auth provider found matching the given token [v2]",
  'Failed to authenticate: "Could not validate token: Token expired 12 seconds ago", check your server auth config',
  "Could not decode token. The JWT's 'kid' (key ID) header is 'k9', does this key match any key in the provider's JWKS?",
  '{"code":"NoAuthProvider","message":"No auth provider found matching the given token"}',
  "Convex token identity expired",
  "something the parser has never seen",
];

function report(clientEnv: string | null, providers: unknown, skewMs: number): ServerReport {
  return {
    answer: "a test report",

    identity: null,
    providers: normalizeProviders(providers).convexOrder,
    env: [
      { name: "WORKOS_CLIENT_ID", set: clientEnv !== null, value: clientEnv, length: null },
      { name: "WORKOS_API_KEY", set: true, value: null, length: 40 },
    ],
    configFindings: lintProviders(providers),
    clientFindings: [],
    serverTime: NOW + skewMs,
    convexUrl: null,
    version: "0.1.0",
  };
}

const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const accessTokenArb = fc.oneof(
  fc.constant(null),
  fc.nat({ max: 5 }).map((i) => ({ ok: true as const, index: i })),
  fc.record({
    ok: fc.constant(false as const),
    errorName: fc.constantFrom(
      "RefreshError",
      "RefreshTimeoutError",
      "LoginRequiredError",
      "TypeError",
      "NoToken",
    ),
    errorMessage: fc.constantFrom(
      "Failed to refresh",
      "No access token available",
      "Failed to fetch",
    ),
    transient: option(fc.boolean()),
    status: option(fc.constantFrom(400, 408, 429, 503)),
  }),
);

const stateArb = fc.record({
  authKit: option(
    fc.record({
      isLoading: fc.boolean(),
      userId: option(fc.constant("user_01JTESTUSER0000000000000")),
      clientId: option(fc.constantFrom(CLIENT_ID, OTHER_CLIENT_ID, "", "org_01JNOTACLIENT")),
      redirectUri: option(
        fc.constantFrom("http://localhost:5173/", "http://127.0.0.1:5173/callback"),
      ),
      devMode: option(fc.boolean()),
      accessToken: accessTokenArb,
    }),
  ),
  tokenIndex: option(fc.nat({ max: 5 })),
  pageUrl: option(
    fc.constantFrom(
      "http://localhost:5173/",
      "http://localhost:5173/?code=01JCODE",
      "http://localhost:5173/?error=invalid_request&error_description=Bad",
      "http://127.0.0.1:5173/callback?code=01JCODE",
    ),
  ),
  convex: option(
    fc.record({
      isLoading: fc.boolean(),
      isAuthenticated: fc.boolean(),
      tokenSent: option(fc.boolean()),
      noTokenFromApp: option(fc.boolean()),
      sameTokenAfterForceRefresh: option(fc.boolean()),
      connected: option(fc.boolean()),
    }),
  ),
  server: fc.oneof(
    fc.constant(null),
    fc.constant({ error: "diagnoseAuth is not deployed" }),
    fc.record({
      env: option(fc.constantFrom(CLIENT_ID, OTHER_CLIENT_ID)),
      providers: fc.constantFrom("docs", "older", "other", "none"),
      skewMs: fc.constantFrom(0, 30_000, -400_000),
    }),
  ),
  serverErrors: fc.subarray(SERVER_TEXTS, { maxLength: 3 }),
});

type State = typeof stateArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(s: State): DiagnoseInput {
  const providers = {
    docs: docsConfig(),
    older: olderDocsConfig(),
    other: docsConfig(OTHER_CLIENT_ID),
    none: [],
  };
  const server =
    s.server === null || "error" in s.server
      ? s.server
      : report(s.server.env, providers[s.server.providers], s.server.skewMs);
  const authKit = s.authKit && {
    ...s.authKit,
    accessToken:
      s.authKit.accessToken && "index" in s.authKit.accessToken
        ? { ok: true as const, token: tokens[s.authKit.accessToken.index]! }
        : s.authKit.accessToken,
  };
  return {
    authKit,
    token: s.tokenIndex === null ? null : tokens[s.tokenIndex]!,
    pageUrl: s.pageUrl,
    convex: s.convex,
    server,
    serverErrors: s.serverErrors,
    clientTime: NOW,
  };
}

const PLACEHOLDER = /…|\{\w+(:code)?\}|\[\[|\]\]/;

describe("the promises of every diagnosis", () => {
  it(`hold over ${RUNS} generated states`, async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, async (state) => {
        const input = inputOf(state);
        const d = await diagnose(input);
        // (a) never calm while Convex says no
        const c = input.convex;
        if (c && !c.isLoading && !c.isAuthenticated) {
          expect(d.ok).toBe(false);
          expect(["error", "warning"]).toContain(d.headline.severity);
        }
        // (b) finished text
        for (const f of d.findings) {
          expect(f.fix.trim()).not.toBe("");
          expect(`${f.message}\n${f.fix}`).not.toMatch(PLACEHOLDER);
        }
        // (c) only what Convex said is attributed to Convex
        const said = new Set(
          (input.serverErrors ?? []).map((t) => parseConvexAuthError(t).convexMessage),
        );
        for (const f of d.findings.filter((x) => x.code === "CONVEX_REJECTED")) {
          expect(said.has(String(f.evidence.serverMessage))).toBe(true);
        }
        if (d.tokenCheck) expect(d.tokenCheck.code).not.toBe("JWKS_UNAVAILABLE");
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
