/**
 * Shared corpora for the secret detector: ordinary values every surface must leave alone, and
 * the ways a report can try to smuggle secret material past it.
 */
import { CLIENT_ID, USER_MANAGEMENT_ISS } from "./tokens.js";

/** A small deterministic PRNG (mulberry32), so "random" test strings are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ALPHANUMERIC = BASE64URL.slice(0, 62);

/** `length` characters drawn from `alphabet` with `random`. */
export function randomString(random: () => number, length: number, alphabet = BASE64URL): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export const randomAlphanumeric = (random: () => number, length: number) =>
  randomString(random, length, ALPHANUMERIC);

/** Values a report, a rendered diagnosis or the doctor's output legitimately holds. */
export const ORDINARY_VALUES = [
  USER_MANAGEMENT_ISS(),
  `https://api.workos.com/sso/jwks/${CLIENT_ID}`,
  "https://api.workos.com/",
  "https://happy-animal-123.convex.cloud",
  "http://localhost:5173/callback?code=01E2RJ4C05B52KKZ8FSRDAP23J&state=signin",
  "https://auth.example.com/oauth2/authorize?client_id=client_01JP8BD0CZ401TDF9X54NT5ZEK",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.67",
  "curl/8.7.1",
  CLIENT_ID,
  "client_01JP8BD0CZ401TDF9X54NT5ZEK",
  "user_01JTESTUSER0000000000000",
  "session_01JTESTSESSION000000000",
  "org_01JTESTORG00000000000000",
  "01JTESTJTI0000000000000000",
  "sso_oidc_key_pair_01JTESTKEY000000000000000",
  "550e8400-e29b-41d4-a716-446655440000",
  "cus_NffrFeUfNV2Hib",
  "first.last@example.com",
  "Ada Lovelace",
  "posts:read",
  "audit-logs",
  "new-checkout",
  "featureFlagNewCheckout2",
  "MemberOfTheEngineeringTeam2024",
  "ConvexProviderWithAuthKit",
  "WORKOS_CLIENT_ID=client_01JTESTCLIENT000000000000",
  "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
  "RS256",
  "2026-06-01T12:00:00.000Z",
  "1.2.3",
  "heyJude.ab.cd",
];

/** The claims of an ordinary WorkOS access token, with a few custom (JWT template) claims. */
export const ORDINARY_CLAIMS = {
  iss: USER_MANAGEMENT_ISS(),
  sub: "user_01JTESTUSER0000000000000",
  sid: "session_01JTESTSESSION000000000",
  org_id: "org_01JTESTORG00000000000000",
  role: "admin",
  roles: ["admin", "member"],
  permissions: ["posts:read", "posts:write"],
  entitlements: ["audit-logs"],
  feature_flags: ["new-checkout"],
  jti: "01JTESTJTI0000000000000000",
  aud: CLIENT_ID,
  iat: 1_780_000_000,
  exp: 1_780_000_300,
  email: "first.last@example.com",
  name: "Ada Lovelace",
  externalId: "550e8400-e29b-41d4-a716-446655440000",
  stripeCustomerId: "cus_NffrFeUfNV2Hib",
  team: { id: "team_01JTESTTEAM0000000000000", plan: "pro" },
};

/**
 * The deployment's secret env values. The cookie password and the webhook secret have no
 * recognizable shape on purpose: only knowing the values finds them.
 */
export const DEPLOYMENT_SECRETS = {
  WORKOS_API_KEY: "sk_test_a2V5XzAxSlRFU1RBUElLRVkwMDAwMDAwMDAwMDA",
  WORKOS_COOKIE_PASSWORD: "correct horse battery staple, 42 tango!",
  WORKOS_WEBHOOK_SECRET: "whsec-river-lamp-quiet-77-ORANGE",
} as const;

/** `text` with `mark` (invisible characters, taken in turn) between every `every` characters. */
export function interleave(text: string, mark: string | string[], every = 4): string {
  const marks = Array.isArray(mark) ? mark : [mark];
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += every) chunks.push(text.slice(i, i + every));
  return chunks.reduce((out, chunk, i) => out + marks[(i - 1) % marks.length]! + chunk);
}

/** Zero-width space, word joiner, BOM, soft hyphen, zero-width (non-)joiner, LTR mark, a C0 control. */
export const INVISIBLES = ["\u2060", "\ufeff", "\u00ad", "\u200c", "\u200d", "\u200e", "\u0001"];

/** An opaque refresh token (random, 32 alphanumerics): nothing marks it but its randomness. */
export const REFRESH_TOKEN = randomAlphanumeric(seededRandom(12), 32);

export interface SmugglingAttempt {
  name: string;
  /** Fields of `reportDiagnosis`'s arguments to override. */
  input: Record<string, unknown>;
  /** The `User-Agent` the server sees, when the attempt is made through the request. */
  userAgentHeader?: string;
  /** Whether only knowing the deployment's secret values finds it (the component alone cannot). */
  needsKnownSecrets?: boolean;
}

/** Every way a report tried to carry secret material; all must be refused and nothing stored. */
export function smugglingAttempts(
  token: string,
  claims: Record<string, unknown>,
): SmugglingAttempt[] {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const secrets = DEPLOYMENT_SECRETS;
  const withClaim = (key: string, value: unknown) => ({ claims: { ...claims, [key]: value } });
  let deep: unknown = { note: token };
  for (let i = 0; i < 20; i++) deep = i % 2 === 0 ? [deep] : { level: deep };
  return [
    { name: "a whole JWT in a claim", input: withClaim("note", token) },
    { name: "the signature alone", input: withClaim("sig", signature) },
    {
      name: "header and payload without the signature",
      input: withClaim("raw", `${header}.${payload}.`),
    },
    {
      name: "a JWT split by zero-width spaces",
      input: withClaim("note", interleave(token, "\u200b")),
    },
    {
      name: "a JWT split by other invisible characters",
      input: withClaim("note", interleave(token, INVISIBLES, 3)),
    },
    { name: "an SK_LIVE_ key in upper case", input: { clientId: "SK_LIVE_0123456789ABCDEFGHIJ" } },
    {
      name: "an sk_test_ key in mixed case, nested",
      input: withClaim("billing", { keys: ["Sk_TeSt_0123456789abcdefghij"] }),
    },
    {
      name: "an API key split by zero-width spaces",
      input: withClaim("note", interleave("sk_live_0123456789abcdefghij", "\u200b", 2)),
    },
    {
      name: "the deployment's WORKOS_API_KEY",
      input: withClaim("apiKey", secrets.WORKOS_API_KEY),
    },
    {
      name: "the deployment's cookie password",
      input: withClaim("pw", secrets.WORKOS_COOKIE_PASSWORD),
      needsKnownSecrets: true,
    },
    {
      name: "the deployment's cookie password split by zero-width spaces",
      input: withClaim("pw", interleave(secrets.WORKOS_COOKIE_PASSWORD, "\u200b", 3)),
      needsKnownSecrets: true,
    },
    {
      name: "the deployment's webhook secret in the token header",
      input: { tokenHeader: { alg: "RS256", kid: secrets.WORKOS_WEBHOOK_SECRET } },
      needsKnownSecrets: true,
    },
    {
      name: "the deployment's cookie password as the browser's User-Agent",
      input: {},
      userAgentHeader: `Mozilla/5.0 ${secrets.WORKOS_COOKIE_PASSWORD}`,
      needsKnownSecrets: true,
    },
    { name: "an opaque refresh token", input: withClaim("refresh", REFRESH_TOKEN) },
    {
      name: "a long base64url run",
      input: withClaim("blob", randomString(seededRandom(7), 86)),
    },
    {
      name: "a base64-encoded JWT",
      input: withClaim("b64", btoa(token).slice(0, 400)),
    },
    { name: "a JWT as a key name", input: { claims: { ...claims, [token]: true } } },
    { name: "a JWT nested 20 levels deep", input: withClaim("deep", deep) },
    { name: "a JWT as the user agent", input: { userAgent: token } },
    { name: "a JWT as the server-seen User-Agent", input: {}, userAgentHeader: token },
    { name: "a JWT as the headline", input: { headline: token } },
    { name: "a JWT among the codes", input: { codes: ["TOKEN_EXPIRED", token] } },
  ];
}
