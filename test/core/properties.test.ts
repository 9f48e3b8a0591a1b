import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { base64url } from "jose";
import {
  checkToken,
  createDocumentCache,
  diagnose,
  FINDING_CODES,
  FINDINGS,
  lintProviders,
  normalizeProviders,
  parseConvexAuthError,
  renderMarkdown,
  TOKEN_CHECK_CODES,
} from "../../src/core/index.js";
import {
  CLIENT_ID,
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  NOW_S,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

const RUNS = Number(process.env.FC_RUNS ?? 150);
let key: TestKey;
let realToken: string;
beforeAll(async () => {
  key = await makeKey("key_main");
  realToken = await workosToken(key);
});

const fetchAll = () => fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });

const jsonValue = fc.jsonValue({ maxDepth: 2 });
const providerArb = fc.oneof(
  fc.record({
    type: fc.constant("customJwt"),
    issuer: fc.oneof(fc.webUrl(), fc.string()),
    jwks: fc.oneof(fc.constant(WORKOS_JWKS()), fc.webUrl(), fc.string()),
    algorithm: fc.constantFrom("RS256", "ES256", "HS256", 7),
    applicationID: fc.option(fc.string(), { nil: undefined }),
  }),
  fc.record({
    domain: fc.oneof(fc.webUrl(), fc.string()),
    applicationID: fc.oneof(fc.string(), fc.constant(undefined)),
  }),
  fc.constant(docsConfig()[0]),
  fc.constant(docsConfig()[1]),
  jsonValue,
);
const providersArb = fc.oneof(fc.array(providerArb, { maxLength: 5 }), jsonValue);

describe("checkToken never throws and always returns a catalogued code", () => {
  it("for arbitrary values as token and providers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), jsonValue, fc.constant(undefined)),
        providersArb,
        async (token, providers) => {
          const r = await checkToken(token, providers, {
            now: NOW,
            fetch: fetchAll(),
            cache: createDocumentCache(),
          });
          expect(TOKEN_CHECK_CODES).toContain(r.code);
          for (const f of r.findings) expect(FINDINGS[f.code]).toBeDefined();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("for tokens with random claims, signed with the real key", async () => {
    const claimsArb = fc.record(
      {
        iss: fc.oneof(
          fc.constant(USER_MANAGEMENT_ISS()),
          fc.constant("https://api.workos.com/"),
          fc.string(),
          fc.integer(),
        ),
        sub: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        aud: fc.oneof(
          fc.constant(CLIENT_ID),
          fc.array(fc.string(), { maxLength: 3 }),
          fc.integer(),
        ),
        exp: fc.oneof(
          fc.integer({ min: NOW_S - 1000, max: NOW_S + 1000 }),
          fc.double(),
          fc.string(),
        ),
        nbf: fc.integer({ min: NOW_S - 100, max: NOW_S + 100 }),
        iat: fc.integer({ min: NOW_S - 100, max: NOW_S + 100 }),
        extra: jsonValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(claimsArb, providersArb, async (claims, providers) => {
        const token = await workosToken(key, {
          iss: undefined,
          sub: undefined,
          exp: undefined,
          iat: undefined,
          ...claims,
        });
        const r = await checkToken(token, providers, {
          now: NOW,
          fetch: fetchAll(),
          cache: createDocumentCache(),
        });
        expect(TOKEN_CHECK_CODES).toContain(r.code);
        if (r.verdict === "accepted") {
          expect(r.identity?.tokenIdentifier).toBe(`${claims.iss}|${claims.sub}`);
          expect(r.convexMessage).toBeNull();
        } else {
          expect(r.identity).toBeNull();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("accepted tokens always carry an identity whose tokenIdentifier is iss|sub", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          USER_MANAGEMENT_ISS(),
          `${USER_MANAGEMENT_ISS()}/`,
          `api.workos.com/user_management/${CLIENT_ID}`,
        ),
        fc.string({ minLength: 1 }),
        fc.integer({ min: NOW_S - 20, max: NOW_S + 600 }),
        fc.dictionary(
          fc.string().filter((k) => !["iss", "sub", "exp", "nbf", "iat", "aud"].includes(k)),
          jsonValue,
          { maxKeys: 4 },
        ),
        async (iss, sub, exp, extra) => {
          const token = await workosToken(key, { ...extra, iss, sub, exp });
          const r = await checkToken(token, docsConfig(), {
            now: NOW,
            fetch: fetchAll(),
            cache: createDocumentCache(),
            transport: "http",
          });
          if (r.verdict !== "accepted") return;
          accepted++;
          expect(r.identity?.tokenIdentifier).toBe(`${iss}|${sub}`);
          expect(r.identity?.subject).toBe(sub);
        },
      ),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 2);
  });

  it("for mutated real tokens (characters flipped, parts dropped or duplicated)", async () => {
    const good = await workosToken(key);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(good.length - 1),
        fc.constantFrom("A", ".", "-", "_", "=", "é", ""),
        fc.boolean(),
        async (pos, ch, dropPart) => {
          let mutated = good.slice(0, pos) + ch + good.slice(pos + 1);
          if (dropPart) mutated = mutated.split(".").slice(0, 2).join(".");
          const r = await checkToken(mutated, docsConfig(), {
            now: NOW,
            fetch: fetchAll(),
            cache: createDocumentCache(),
          });
          expect(TOKEN_CHECK_CODES).toContain(r.code);
          // Convex's decoder is strict about trailing bits, so no altered token is accepted.
          if (mutated !== good) expect(r.verdict).toBe("rejected");
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("for JSON payloads of any shape", async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, async (payload) => {
        const token = `eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleV9tYWluIn0.${base64url.encode(JSON.stringify(payload))}.c2ln`;
        const r = await checkToken(token, docsConfig(), {
          now: NOW,
          fetch: fetchAll(),
          cache: createDocumentCache(),
        });
        expect(TOKEN_CHECK_CODES).toContain(r.code);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("diagnose and the parser never throw", () => {
  it("diagnose returns a catalogued headline for arbitrary inputs", async () => {
    const inputArb = fc.record(
      {
        authKit: fc.oneof(
          fc.constant(null),
          fc.record({
            isLoading: fc.boolean(),
            userId: fc.option(fc.string(), { nil: null }),
            clientId: fc.option(fc.string(), { nil: null }),
            redirectUri: fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: null }),
          }),
        ),
        token: fc.oneof(fc.constant(null), fc.string(), fc.constant("REAL")),
        pageUrl: fc.option(fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()), {
          nil: null,
        }),
        convex: fc.option(
          fc.record({
            isLoading: fc.boolean(),
            isAuthenticated: fc.boolean(),
            tokenSent: fc.option(fc.boolean(), { nil: null }),
          }),
          { nil: null },
        ),
        serverErrors: fc.array(fc.string(), { maxLength: 3 }),
        server: fc.oneof(
          fc.constant(null),
          fc.record({ error: fc.string() }),
          fc
            .tuple(
              providersArb,
              fc.option(fc.string(), { nil: undefined }),
              fc.integer({ min: NOW - 600_000, max: NOW + 600_000 }),
            )
            .map(([providers, clientId, serverTime]) => ({
              identity: null,
              providers: normalizeProviders(providers).convexOrder,
              env: [
                {
                  name: "WORKOS_CLIENT_ID",
                  set: clientId !== undefined,
                  value: clientId ?? null,
                  length: null,
                },
              ],
              configFindings: lintProviders(providers),
              clientFindings: [],
              serverTime,
              convexUrl: null,
              version: "0.0.0",
            })),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(inputArb, async (input) => {
        if (input.token === "REAL") (input as { token: string }).token = realToken;
        const d = await diagnose({ ...(input as object), clientTime: NOW } as never);
        expect(FINDING_CODES).toContain(d.headline.code);
        expect(typeof renderMarkdown(d)).toBe("string");
      }),
      { numRuns: RUNS },
    );
  });

  it("parseConvexAuthError returns a catalogued code for any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constantFrom(
            "attempting to reauthenticate: ",
            'Failed to authenticate: "',
            "No auth provider found",
          ),
        ),
        (text) => {
          const p = parseConvexAuthError(text);
          expect(FINDING_CODES).toContain(p.code);
          expect(FINDINGS[p.finding.code]).toBeDefined();
        },
      ),
      { numRuns: 500 },
    );
  });
});
