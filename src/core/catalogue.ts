import { SEVERITIES } from "./present.js";
import type { EvidenceValue, Finding, FindingCode, Severity } from "./types.js";

/** Wording that replaces an entry's explanation and/or fix in one situation (a variant). */
export interface CatalogueVariant {
  explanation?: string;
  fix?: string;
  /** When the variant is graver (or milder) than the entry's usual case. */
  severity?: Severity;
  /** When the entry's link is about another case (`null`: no link fits). */
  docs?: string | null;
}

/**
 * One catalogue entry: the only place a finding's wording lives.
 *
 * Templates: `{name}` is replaced by the evidence value `name` (lists joined by `, `, `null` as
 * `none`); `{name:code}` shows each value as a code span; a segment in `[[…]]` appears only when
 * every value it names is present (not missing, `null`, empty or an empty list), and
 * `[[with {value}||without]]` falls back to the text after `||` when a value is missing.
 */
export interface CatalogueEntry {
  severity: Severity;
  /** Lower = closer to a root cause. `diagnose()` picks its headline by severity, then rank. */
  rank: number;
  title: string;
  /** Explanation template. */
  explanation: string;
  /** What to do; a template like `explanation`. */
  fix: string;
  docs: string | null;
  /**
   * Other wordings of the same finding, chosen by the caller with `finding(code, evidence,
   * variant)`: evidence stays facts, and no renderer has to know which values are sentences.
   */
  variants?: Readonly<Record<string, CatalogueVariant>>;
}

const DOCS = {
  authkit: "https://docs.convex.dev/auth/authkit/",
  debug: "https://docs.convex.dev/auth/debug",
  customJwt: "https://docs.convex.dev/auth/advanced/custom-jwt",
  env: "https://docs.convex.dev/production/environment-variables",
  workosRedirect: "https://workos.com/docs/authkit/react/redirect-uri",
  workosJwt: "https://workos.com/docs/authkit/jwt-templates",
  workosCors: "https://workos.com/docs/sdks/authkit-react",
} as const;

/**
 * The finding catalogue: code → severity, title, explanation, fix and docs link.
 * Codes are stable once released; wording may improve.
 */
export const FINDINGS: Readonly<Record<FindingCode, CatalogueEntry>> = {
  // ── token (checkToken) ───────────────────────────────────────────────────────────────
  TOKEN_ACCEPTED: {
    severity: "ok",
    rank: 900,
    title: "Convex accepts this token",
    explanation:
      "The token matches provider #{providerIndex} ({provider}) and passes every check Convex makes.",
    fix: "Nothing to fix for this token.",
    docs: null,
  },
  TOKEN_MALFORMED: {
    severity: "error",
    rank: 30,
    title: "The token is not a JWT",
    explanation: "Convex could not read the token's payload: {detail}.",
    fix: "Pass the AuthKit access token (from `getAccessToken()`), not the refresh token, the user object or an id. Check the function you give to `ConvexProviderWithAuth`'s `useAuth` returns the raw JWT string.",
    docs: DOCS.debug,
    variants: {
      "time-out-of-range": {
        explanation:
          "The token's `{claim}` is `{value}`, a time past the year 262142 (or wrapped below year -262143) that Convex's JWT library cannot represent. The backend fails while reading it and sends no error text: the request fails or the WebSocket closes.",
        fix: "Issue `{claim}` as seconds since the epoch (not milliseconds or microseconds).",
      },
      "oidc-unparsable": {
        explanation: "Convex's OIDC library cannot read the token as an ID token: {detail}.",
        fix: "Issue a standard OIDC ID token: `*_verified` claims as JSON booleans, language tags only on localized claims (`name#en`), `updated_at` as seconds or RFC 3339, a known `alg`.",
      },
      "oidc-header": {
        explanation: "Convex's OIDC verifier refuses the token's header: {detail}.",
        fix: "Issue ID tokens with `typ` absent or `JWT`, and without `cty` or `crit`.",
      },
      "header-unreadable": {
        explanation:
          "Convex's JWT library cannot read the token's header: {detail}. It then reports the token as possibly missing a `kid`, even when the header has one.",
        fix: "Sign the token with an algorithm Convex supports for custom JWTs (RS256 or ES256) and give every standard header member its standard type.",
      },
    },
  },
  ISSUER_MISSING: {
    severity: "error",
    rank: 31,
    title: "The token has no `iss` claim",
    explanation: "Convex routes a token to a provider by its `iss` claim, and this token has none.",
    fix: "Use the WorkOS access token, which always carries `iss`. If you use a WorkOS JWT template, do not remove `iss`.",
    docs: DOCS.debug,
  },
  NO_PROVIDERS: {
    severity: "error",
    rank: 11,
    title: "No auth providers are configured",
    explanation: "The deployment has no auth providers, so Convex rejects every token.",
    fix: "Add the AuthKit providers to `convex/auth.config.ts` and push them with `npx convex dev` (or `npx convex deploy` for production).",
    docs: DOCS.authkit,
  },
  ISSUER_MISMATCH: {
    severity: "error",
    rank: 20,
    title: "No provider has this token's issuer",
    explanation:
      "The token's issuer is `{iss}`, but the configured providers accept {issuers:code}.",
    fix: "Add a provider whose issuer is [[`{iss}`||the token's `iss`]] to `convex/auth.config.ts` (for AuthKit: the `customJwt` provider of the Convex docs with issuer `https://api.workos.com/user_management/[[{clientId}||<clientId>]]`), check the client ID in it matches the app's, then run `npx convex dev` / `npx convex deploy`.",
    docs: DOCS.authkit,
    variants: {
      // The token's WorkOS client is not the one the providers name (checkToken's `otherClient`).
      "other-client": {
        explanation:
          "The token comes from WorkOS client `{clientId}` (issuer `{iss}`), but the providers accept WorkOS client `{serverClientId}` ({issuers:code}): the app and the deployment use different WorkOS client IDs.",
        fix: "Use one WorkOS client ID in the app and on the deployment rather than adding another client's issuer to `convex/auth.config.ts`. If `{clientId}` is right, run `npx convex env set WORKOS_CLIENT_ID {clientId}` (the docs' `auth.config.ts` builds its providers from it; change the ID in the file if it is written there) and push with `npx convex dev`; if `{serverClientId}` is right, give the app that client ID (`VITE_WORKOS_CLIENT_ID`, or `WORKOS_CLIENT_ID` in Next.js).",
      },
    },
  },
  AUDIENCE_MISSING: {
    severity: "error",
    rank: 19,
    title: "The provider demands an `aud` the token does not have",
    explanation:
      'Provider #{providerIndex} has issuer `{iss}` and `applicationID: "{applicationID}"`, but the token has no `aud` claim, so Convex skips that provider.',
    fix: 'Make the issuer put [[`aud: "{applicationID}"`||the `aud` the provider requires]] in its tokens; or, if tokens from [[`{iss}`||this issuer]] never carry `aud`, remove `applicationID` from [[provider #{providerIndex}||that provider]] in `convex/auth.config.ts` and run `npx convex dev` / `npx convex deploy`.',
    docs: DOCS.authkit,
    // Chosen by the provider the token's issuer matched (`audienceMissingVariant()` in checkToken).
    variants: {
      // A WorkOS client-scoped issuer (`…/user_management/<clientId>`): its tokens never carry `aud`.
      "user-management": {
        explanation:
          'Provider #{providerIndex} has the WorkOS issuer `{iss}` and `applicationID: "{applicationID}"`, but WorkOS access tokens from this issuer carry no `aud` claim, so the provider can never match them. Older Convex AuthKit docs put `applicationID` on this provider.',
        fix: "Remove `applicationID` from [[provider #{providerIndex}||that provider]] in `convex/auth.config.ts` (the current Convex AuthKit docs have none on the `user_management` provider) and run `npx convex dev` / `npx convex deploy`.",
      },
      // WorkOS's `https://api.workos.com/` issuer: the docs' provider requires `aud` = client ID.
      legacy: {
        explanation:
          'Provider #{providerIndex} is the Convex docs\' provider for the WorkOS issuer `{iss}`, with `applicationID: "{applicationID}"`: WorkOS puts the client ID in `aud` of the tokens it issues as `{iss}`, but this token has no `aud` claim.',
        fix: 'Keep the provider as the Convex docs have it: the token is what lacks `aud`. Find what produced it (a WorkOS JWT template that leaves `aud` out, or a token AuthKit did not issue, such as one from a test helper or another service) and make it carry [[`aud: "{applicationID}"`||the client ID in `aud`]]; the app should give Convex the access token from AuthKit\'s `getAccessToken()`.',
      },
      // `{ domain, applicationID }`: Convex cannot store an OIDC provider without `applicationID`.
      oidc: {
        explanation:
          'Provider #{providerIndex} is an OIDC provider for `{iss}` with `applicationID: "{applicationID}"`: Convex picks it only for ID tokens whose `aud` contains `{applicationID}`, and this token has no `aud` claim.',
        fix: 'Removing `applicationID` is no way out (Convex refuses an OIDC provider without it): send an OIDC ID token whose `aud` is `{applicationID}`, or, for a token that is not an ID token (such as an AuthKit access token), use a `type: "customJwt"` provider with `issuer`, `jwks` and `algorithm` instead.',
      },
    },
  },
  AUDIENCE_MISMATCH: {
    severity: "error",
    rank: 19,
    title: "The token's `aud` differs from the provider's applicationID",
    explanation:
      "Provider #{providerIndex} has issuer `{iss}` and expects `aud` to contain `{applicationID}`, but the token's `aud` is {aud:code}.",
    fix: "Make `applicationID` in `convex/auth.config.ts` the same client ID the app signs in with (usually `process.env.WORKOS_CLIENT_ID` on the deployment), then run `npx convex dev` / `npx convex deploy`.",
    docs: DOCS.authkit,
  },
  JWKS_UNAVAILABLE: {
    severity: "error",
    rank: 25,
    title: "Convex cannot load the provider's JWKS",
    explanation: "Fetching the keys from `{jwks}` fails: {detail}",
    fix: "Check the `jwks` URL[[ `{jwks}`]] in `convex/auth.config.ts`: for AuthKit it is `https://api.workos.com/sso/jwks/<clientId>` with your real client ID (a missing env var turns it into `https://api.workos.com/sso/jwks/undefined`).",
    docs: DOCS.customJwt,
  },
  OIDC_DISCOVERY_FAILED: {
    severity: "error",
    rank: 25,
    title: "OIDC discovery failed",
    explanation: "Convex could not load `{url}`: {detail}",
    fix: 'For AuthKit, use `type: "customJwt"` providers with the WorkOS JWKS URL instead of `domain`-style OIDC providers: WorkOS access tokens are not OIDC id tokens.',
    docs: DOCS.authkit,
    variants: {
      "websocket-close": {
        explanation:
          "Convex could not load `{url}`: {detail}. Over the WebSocket this failure sends no auth error: the server closes the socket with code {closeCode} and reason `AuthProviderDiscoveryFailed`, and the Convex client reconnects and keeps waiting (over HTTP it is status {httpStatus}).",
      },
      "issuer-not-url": {
        explanation:
          "The token's `iss` (`{iss}`) matches an OIDC provider only once Convex adds `https://`, but the discovery step uses the raw `iss`, which is not a URL. The backend fails with an internal error and no auth error text (HTTP {httpStatus}; over the WebSocket, close code 1011 `InternalServerError`).",
        fix: "Issue tokens whose `iss` is the full issuer URL, including `https://`.",
      },
    },
  },
  KEY_ID_MISSING: {
    severity: "error",
    rank: 26,
    title: "The token header has no `kid`",
    explanation:
      "Convex finds the verification key by the token's `kid` header, and this token has none.",
    fix: "Sign tokens with a key that has a key ID (WorkOS access tokens always have one); a token without `kid` is not a WorkOS access token.",
    docs: DOCS.customJwt,
  },
  KEY_NOT_FOUND: {
    severity: "error",
    rank: 22,
    title: "The signing key is not in the provider's JWKS",
    explanation:
      "The token was signed with key `{kid}`, but `{jwks}` holds {kids:code}. The token was most likely issued for a different WorkOS client ID or environment than the JWKS URL names.",
    fix: "Use the same WorkOS client ID in the app (`VITE_WORKOS_CLIENT_ID`) and on the deployment (`WORKOS_CLIENT_ID`), so the JWKS URL in `auth.config.ts` serves the key that signs the app's tokens.",
    docs: DOCS.authkit,
    variants: {
      // The client IDs agree (`keyClientAgreement()` in clientIds.ts, with the Convex source
      // that makes a stale JWKS copy possible): what is left is the key set, not the client.
      "same-client": {
        explanation:
          "The token was signed with key [[`{kid}`||the `kid` its header names]], but the key set read from [[`{jwks}`||the provider's JWKS URL]] does not hold it[[ (it holds {kids:code})]]. The client ID is the same everywhere it shows ({clientIdSources}: `{clientId}`), so a wrong client ID is not the cause: either WorkOS started signing with a new key after that key set was fetched (Convex may still judge with a copy older than what the URL serves now), or the token was not signed by this client's keys (another WorkOS environment, or an issuer that only copies the URL).",
        fix: "Open [[`{jwks}`||the provider's JWKS URL]] in a browser. If it lists [[`{kid}`||the token's `kid`]], WorkOS rotated its keys and the deployment still judges with an older copy: Convex keeps the JWKS in an HTTP cache for as long as its `Cache-Control` allows and does not fetch it again for an unknown `kid`, so wait for that copy to expire and reload the page to send the token again (a self-hosted backend also fetches it anew after a restart). If it does not list it, the token comes from elsewhere: sign out, sign in again in this app, and check that AuthKit talks to the WorkOS environment of `{clientId}`.",
      },
      oidc: {
        explanation:
          "The token was signed with key `{kid}`, but the JWKS named by the issuer's discovery document holds {kids:code}.",
      },
      "oidc-ambiguous": {
        explanation:
          "{eligible} keys of the JWKS named by the issuer's discovery document could verify the token[[ (key `{kid}`)]], and Convex's OIDC verifier refuses to choose between them.",
        fix: "Put a `kid` in the token header that matches exactly one key, or serve distinct `kid`s in the JWKS.",
      },
    },
  },
  ALGORITHM_MISMATCH: {
    severity: "error",
    rank: 26,
    title: "The token's algorithm is not the one configured",
    explanation:
      'The token is signed with `{alg}`, but {expectedAlg:code} is required: the provider is configured with `algorithm: "{configured}"`.',
    fix: 'Set [[`algorithm: "{alg}"`||`algorithm` to the algorithm of the token]] on the provider when Convex supports it (RS256 or ES256); WorkOS signs access tokens with RS256.',
    docs: DOCS.customJwt,
    variants: {
      "jwk-not-signing": {
        explanation:
          "The token is signed with `{alg}`, but key `{kid}` in the JWKS is for `{jwkAlg}`, not a signing algorithm.",
        fix: 'Serve the signing key in the JWKS with `alg: "{alg}"` (or without `alg`).',
      },
      "jwk-alg": {
        explanation:
          "The token is signed with `{alg}`, but key `{kid}` in the JWKS declares `alg: {jwkAlg}`.",
        fix: 'Sign the token with `{jwkAlg}`, or serve the key with `alg: "{alg}"`.',
      },
      "key-type": {
        explanation:
          "The token is signed with `{alg}`, but key `{kid}` (kty `{kty}`) cannot verify {expectedAlg:code}.",
        fix: "Serve a key of the type the algorithm needs (`RSA` for RS256, `EC` P-256 for ES256).",
      },
      "key-type-panic": {
        explanation:
          "The token is signed with `{alg}`, but key `{kid}` in the JWKS is of type `{kty}`. Convex's JWT library fails outright on this pair and sends no error text: the request fails or the WebSocket closes.",
        fix: "Serve a key of the type the algorithm needs (`RSA` for RS256, `EC` P-256 for ES256).",
      },
      oidc: {
        explanation:
          "The token is signed with `{alg}`, but Convex's OIDC verifier allows only {expectedAlg:code}.",
        fix: 'Use a `type: "customJwt"` provider with `algorithm` set to the token\'s algorithm (RS256 or ES256), or issue tokens signed with RS256.',
      },
    },
  },
  SIGNATURE_INVALID: {
    severity: "error",
    rank: 27,
    title: "The token's signature is invalid",
    explanation:
      "Key `{kid}` exists in the JWKS, but the signature does not verify with it: the token was altered or signed by another key with the same ID.",
    fix: "Send the token exactly as AuthKit returns it; do not edit or re-encode it.",
    docs: DOCS.debug,
    variants: {
      oidc: {
        explanation:
          "No key of the JWKS named by the issuer's discovery document verifies the token's signature[[ (key `{kid}`)]]: the token was altered or signed by another key.",
      },
      "key-size": {
        explanation:
          "Key `{kid}` is an RSA key of {bits} bits; Convex verifies RSA signatures only with keys of 2048 to 8192 bits, so no signature verifies with it.",
        fix: "Sign tokens with an RSA key of 2048 to 8192 bits (WorkOS keys are 2048 bits).",
      },
    },
  },
  TOKEN_EXPIRED: {
    severity: "error",
    rank: 40,
    title: "The token has expired",
    explanation: "The token expired {seconds} s before the time it was checked at.",
    fix: "Let AuthKit refresh the token (`getAccessToken()` refreshes it) and make sure the function given to `ConvexProviderWithAuth` honors `forceRefreshToken`. If the token is fresh on the client, the client's clock is off.",
    docs: DOCS.debug,
    variants: {
      websocket: {
        explanation:
          "The token expired {seconds} s before the time it was checked at (within the 5 s leeway of validation, but the WebSocket sync worker rejects any identity at or past `exp`).",
      },
      oidc: {
        explanation:
          "The token expired {seconds} s before the time it was checked at (OIDC providers allow no leeway).",
      },
    },
  },
  TOKEN_NOT_YET_VALID: {
    severity: "error",
    rank: 41,
    title: "The token is not valid yet",
    explanation:
      "The token's `{claim}` is {seconds} s in the future for the server, more than the 5 s Convex tolerates.",
    fix: "Synchronize the clock of the machine that issued the token (for a local issuer) or of the server checking it.",
    docs: DOCS.debug,
  },
  CLAIM_MISSING: {
    severity: "error",
    rank: 42,
    title: "A required claim is missing",
    explanation: "Convex requires {required:code} in the token, and {missing:code} is missing.",
    fix: "Use the WorkOS access token as issued; if a JWT template is involved, keep the standard claims in it.",
    docs: DOCS.customJwt,
  },
  MULTIPLE_AUDIENCES: {
    severity: "error",
    rank: 42,
    title: "The token has several audiences",
    explanation:
      "OIDC providers in Convex reject tokens whose `aud` lists more than one audience; this token has {aud:code}.",
    fix: 'Use a `type: "customJwt"` provider, which accepts tokens with several audiences, or issue tokens with a single audience.',
    docs: DOCS.customJwt,
  },
  TOKEN_UNVERIFIED: {
    severity: "warning",
    rank: 80,
    title: "The token's signature was not checked",
    explanation:
      "Provider #{providerIndex} ({provider}) would be picked, but fetching keys was switched off, so the signature and the checks after it were not made.",
    fix: "Run the check with network access (or on the server with `verifyToken`) to get a final verdict.",
    docs: null,
    variants: {
      "fetch-limit": {
        explanation:
          "Provider #{providerIndex} ({provider}) would be picked, but the checker stopped its request to `{url}` ({detail}). Convex sets no such limit (no timeout, no size cap, redirects followed), so what Convex would see there is unknown.",
        fix: "Check that `{url}` answers quickly with a small document, without redirecting elsewhere; `verifyToken` only follows redirects to URLs of the auth config.",
      },
      unreachable: {
        explanation:
          "Provider #{providerIndex} ({provider}) would be picked, but `{url}` could not be reached from here ({detail}). Convex fetches it from its own servers, so this says nothing about what Convex sees there.",
        fix: 'Check this machine\'s network connection and that the host in `{url}` is spelt right (for AuthKit: `api.workos.com`), then check again; or run the check on the deployment with `verifyToken`. If Convex cannot reach it either, it answers "Could not fetch JWKS" or a discovery error.',
      },
    },
  },
  PROVIDER_NOT_MATCHED: {
    severity: "info",
    rank: 700,
    title: "A provider did not match",
    explanation:
      "Provider #{providerIndex} ({provider}) does not match: its issuer is `{providerIssuer}` and the token's `iss` is `{iss}`.",
    fix: "Nothing to do if another provider is meant for this token.",
    docs: DOCS.authkit,
    variants: {
      "audience-missing": {
        explanation:
          "Provider #{providerIndex} ({provider}) does not match: it requires `aud` to contain `{applicationID}`, and the token has no `aud`.",
        fix: "Remove `applicationID` from this provider if its tokens carry no `aud` (WorkOS `user_management` tokens never do).",
      },
      // The docs' `https://api.workos.com/` provider: its tokens carry `aud`, the provider stays.
      "audience-missing-legacy": {
        explanation:
          "Provider #{providerIndex} ({provider}) does not match: it requires `aud` to contain `{applicationID}`, and the token has no `aud`.",
        fix: 'Nothing to change in the provider (the Convex docs have `applicationID` on it): tokens WorkOS issues as `{providerIssuer}` carry `aud: "{applicationID}"`, and this one does not.',
      },
      "audience-missing-oidc": {
        explanation:
          "Provider #{providerIndex} ({provider}) does not match: it requires `aud` to contain `{applicationID}`, and the token has no `aud`.",
        fix: "Nothing to remove: an OIDC provider needs `applicationID`, so only ID tokens with `aud` `{applicationID}` match it.",
      },
      "audience-mismatch": {
        explanation:
          "Provider #{providerIndex} ({provider}) does not match: it requires `aud` to contain `{applicationID}`, and the token's `aud` is {aud:code}.",
        fix: "Make `applicationID` the client ID the app signs in with.",
      },
    },
  },

  // ── client / AuthKit ─────────────────────────────────────────────────────────────────
  AUTHKIT_LOADING: {
    severity: "info",
    rank: 600,
    title: "AuthKit is still loading",
    explanation: "AuthKit has not finished restoring the session yet.",
    fix: "Wait a moment. If it never finishes, check `apiHostname` and that the WorkOS API is reachable from the browser.",
    docs: DOCS.authkit,
  },
  AUTHKIT_SIGNED_OUT: {
    // Not a fault, but it is the answer to "why is Convex not authenticated?": a cause, not a note.
    severity: "warning",
    rank: 500,
    title: "Nobody is signed in",
    explanation:
      "AuthKit has no user, so there is no token to send: `isAuthenticated: false` is expected.",
    fix: "Sign in (`signIn()` from `useAuth()`), then look again.",
    docs: DOCS.authkit,
  },
  AUTHKIT_CALLBACK_ERROR: {
    severity: "error",
    rank: 7,
    title: "WorkOS returned an error to the redirect URI",
    explanation:
      "The page URL carries `error={error}`[[ (`{description}`)]]. AuthKit ignores it silently.",
    fix: "Read `error_description`, fix the setting it names in the WorkOS dashboard, then sign in again.",
    docs: DOCS.workosRedirect,
    // Keyed by the `error` value WorkOS puts on the redirect URI.
    variants: {
      invalid_request: {
        fix: "Check the redirect URI[[ `{redirectUri}`]]: it must be listed exactly (scheme, host, port, path) under Redirects in the WorkOS dashboard, and `clientId` must be this environment's client ID.",
      },
      unauthorized_client: {
        fix: "Check `clientId` (`VITE_WORKOS_CLIENT_ID`): it must be the client ID of the WorkOS environment the app signs in to.",
      },
      access_denied: {
        fix: "The user canceled or is not allowed to sign in (organization policy, disabled sign-up method). Try again or check the WorkOS dashboard's authentication settings.",
      },
      invalid_redirect_uri: {
        fix: "Add the redirect URI[[ `{redirectUri}`]] to Redirects in the WorkOS dashboard, exactly as the app sends it.",
      },
    },
  },
  CODE_EXCHANGE_FAILED: {
    severity: "error",
    rank: 8,
    title: "The sign-in code was never exchanged",
    explanation:
      "WorkOS sent the browser back with a sign-in `code`, but AuthKit could not trade it for tokens: either no sign-in was started from [[`{pageOrigin}`||this origin]] in this browser session (the PKCE verifier is missing: `localhost` and `127.0.0.1`, or two ports, are different origins), or WorkOS refused the code (already used or expired).",
    fix: "Open the app at [[`{pageOrigin}` (the redirect URI's origin)||the redirect URI's origin]] and sign in from there; do not reload a bookmarked callback URL. Check the browser console for \"Couldn't exchange code\".",
    docs: DOCS.workosRedirect,
    // Keyed by why the code stayed unexchanged; the default is a missing PKCE verifier.
    variants: {
      "origin-mismatch": {
        explanation:
          "WorkOS sent the browser back with a sign-in `code`, but AuthKit could not trade it for tokens: sign-in started on `{redirectOrigin}` but came back to `{pageOrigin}`; the PKCE verifier is stored per origin.",
        fix: "Open the app at `{redirectOrigin}` (not `{pageOrigin}`), or make the redirect URI use the origin you browse: `localhost` and `127.0.0.1` are different origins.",
      },
      // The code came back to the origin the redirect URI names: WorkOS refused it, or it was reused.
      "same-origin": {
        explanation:
          "WorkOS sent the browser back to `{pageOrigin}` with a sign-in `code`, but AuthKit could not trade it for tokens: either the sign-in started on another origin (`localhost` and `127.0.0.1`, or two ports, are different origins, and the PKCE verifier stays behind), or WorkOS refused the code (already used, expired or issued to another client).",
        fix: 'Sign in again from this page, not from another origin or a bookmarked callback URL. If it keeps failing, check the browser console for "Couldn\'t exchange code" and the response of `/user_management/authenticate` in the network panel.',
      },
      "path-mismatch": {
        explanation:
          "WorkOS sent the browser back with a sign-in `code`, but AuthKit could not trade it for tokens: the code arrived at `{pagePath}` but AuthKit handles it at `{redirectPath}`.",
        fix: "Render `AuthKitProvider` on `{pagePath}` too, or point the redirect URI at the path that renders it.",
      },
    },
  },
  REDIRECT_URI_MISMATCH: {
    severity: "error",
    rank: 6,
    title: "The redirect URI does not match this page",
    explanation:
      "AuthKit's redirect URI is `{redirectUri}`, but the app runs at `{current}`. WorkOS sends the browser back to the redirect URI's origin, where this page's session storage (and its PKCE verifier) does not exist.",
    fix: "Set `VITE_WORKOS_REDIRECT_URI` (or the `redirectUri` prop) to `{expected}` and add exactly that URI under Redirects in the WorkOS dashboard.",
    docs: DOCS.workosRedirect,
    variants: {
      // Next.js: the redirect URI comes from the env (or the proxy's `redirectUri` option).
      next: {
        explanation:
          "The redirect URI in effect is `{redirectUri}`, but the app runs at `{current}`. WorkOS sends the browser back to the redirect URI's origin, where the sign-in cookie `/sign-in` set (with the PKCE verifier) does not exist and the session cookie would not be sent.",
        fix: "Set `NEXT_PUBLIC_WORKOS_REDIRECT_URI` (and the `redirectUri` given to `authkitMiddleware()`, if any) to `{expected}`, restart the Next.js server, and add exactly that URI under Redirects in the WorkOS dashboard.",
      },
    },
  },
  ACCESS_TOKEN_UNAVAILABLE: {
    severity: "error",
    rank: 13,
    title: "AuthKit cannot produce an access token",
    explanation:
      "`getAccessToken()` failed[[ with {errorName}]][[ (HTTP {status})]][[: {errorMessage}||.]]",
    fix: "Sign in again. If it keeps failing after a reload, the refresh token is not being stored: see REFRESH_COOKIE_BLOCKED and check `devMode`.",
    docs: DOCS.authkit,
    variants: {
      // AuthKit's RefreshError.isTransient, a lock timeout or a network error.
      transient: {
        explanation:
          "`getAccessToken()` failed with {errorName}[[ (HTTP {status})]], a failure that may pass on its own (a hidden tab, a laptop waking up, a timeout, a 408, 429 or 5xx): {errorMessage}",
        fix: "AuthKit refreshes again on its schedule. Make the `fetchAccessToken` you give `ConvexProviderWithAuth` retry such failures instead of returning `null`, which Convex treats as a sign-out; if it keeps failing, check the network and WorkOS's status.",
      },
    },
  },
  AUTHKIT_USER_STALE: {
    severity: "error",
    rank: 12,
    title: "AuthKit shows a user but has no valid session",
    explanation:
      "`useAuth().user` is still set, but `getAccessToken()` throws: the session refresh failed and AuthKit kept the old user.",
    fix: "Call `signOut()` or `signIn()` to start a new session; handle `onRefreshFailure` in `AuthKitProvider` to do it automatically.",
    docs: DOCS.authkit,
  },
  REFRESH_COOKIE_BLOCKED: {
    severity: "warning",
    rank: 60,
    title: "The session will not survive a reload",
    explanation:
      "`devMode` is off and AuthKit talks to `{apiHostname}`, so the refresh token lives in a cookie of a WorkOS domain that browsers block as third-party.",
    fix: "Keep `devMode` on while developing, or configure a custom authentication domain in WorkOS for production.",
    docs: DOCS.authkit,
  },
  AUTHKIT_UNAVAILABLE: {
    severity: "warning",
    rank: 90,
    title: "AuthKit state could not be read",
    explanation: "AuthKit's state could not be read: {reason}.",
    fix: "Render the diagnostics inside `<AuthKitProvider>` (and install `@workos-inc/authkit-react`), or pass an `authKit` adapter in the options.",
    docs: DOCS.authkit,
  },

  // ── client ↔ server ──────────────────────────────────────────────────────────────────
  NO_TOKEN_SENT: {
    severity: "error",
    rank: 9,
    title: "Convex never received a token",
    explanation:
      "AuthKit is signed in, but Convex reports no authentication attempt: the Convex client was not given AuthKit's token.",
    fix: "Wrap the app in `ConvexProviderWithAuth` (or `ConvexProviderWithAuthKit` from `@convex-dev/workos`) with a `useAuth` that returns AuthKit's `getAccessToken`, instead of a plain `ConvexProvider`.",
    docs: DOCS.authkit,
  },
  CLIENT_ID_MISMATCH: {
    severity: "error",
    rank: 4,
    title: "The app and the deployment use different WorkOS client IDs",
    explanation:
      "The app signs in with `{clientId}`, but the deployment's `WORKOS_CLIENT_ID` is `{serverClientId}`.",
    fix: "Use one client ID: set `WORKOS_CLIENT_ID` on the deployment to `{clientId}` (`npx convex env set WORKOS_CLIENT_ID {clientId}`) or change the app's client ID (`VITE_WORKOS_CLIENT_ID` for Vite, `WORKOS_CLIENT_ID` for Next.js, in `.env.local`) to match, then reload.",
    docs: DOCS.env,
    variants: {
      // A provider of the auth config names another client (its issuer or JWKS URL).
      provider: {
        explanation:
          "The app signs in with `{clientId}`, but provider #{providerIndex} of the auth config (issuer `{providerIssuer}`) names client `{serverClientId}`[[; the deployment's `WORKOS_CLIENT_ID` is {deploymentClientId}]].",
        fix: "Make the providers in `convex/auth.config.ts` read the client ID from `process.env.WORKOS_CLIENT_ID`, set it on the deployment (`npx convex env set WORKOS_CLIENT_ID {clientId}`) and run `npx convex dev`.",
      },
    },
  },
  CLIENT_ID_INVALID: {
    severity: "warning",
    rank: 36,
    title: "The client ID to compare is not a WorkOS client ID",
    explanation:
      "`{value}` does not look like a WorkOS client ID (`client_` followed by letters and digits), so it was not compared with the deployment's.",
    fix: "Pass the client ID the app gives AuthKit (`VITE_WORKOS_CLIENT_ID`, which starts with `client_`); an API key (`sk_test_` or `sk_live_`), an organization ID or a user ID will not work.",
    docs: DOCS.env,
    variants: {
      // A secret where the app's client ID belongs: with a `VITE_` or `NEXT_PUBLIC_` variable
      // it is built into the browser bundle, so it is an error whatever else is wrong.
      secret: {
        severity: "error",
        explanation:
          "The client ID to compare has the shape of a secret ({secretKind}; not shown), not of a WorkOS client ID, so it was not compared with the deployment's.",
        fix: "Set the app's client ID variable (`VITE_WORKOS_CLIENT_ID`, or `WORKOS_CLIENT_ID` in Next.js) to the client ID from the WorkOS dashboard (it starts with `client_`). If the value is a real key and the variable is one the browser bundle gets (a `VITE_` or `NEXT_PUBLIC_` variable), treat the key as leaked: rotate it in the WorkOS dashboard.",
      },
    },
  },
  CONFIG_NOT_DEPLOYED: {
    severity: "error",
    rank: 5,
    title: "The auth config does not accept this app's tokens",
    explanation:
      "No deployed provider refers to client `{clientId}` (deployed: {providers:code}), although the deployment's `WORKOS_CLIENT_ID` matches it: the auth config on the deployment is older than `convex/auth.config.ts`, or it does not read `WORKOS_CLIENT_ID`.",
    fix: "Run `npx convex dev` (development) or `npx convex deploy` (production) so the deployment gets the providers from `convex/auth.config.ts`, and check it reads `WORKOS_CLIENT_ID` from the deployment's env.",
    docs: DOCS.authkit,
    variants: {
      "env-unset": {
        explanation:
          "No deployed provider refers to client `{clientId}` (deployed: {providers:code}), and the deployment has no `WORKOS_CLIENT_ID`: the auth config on the deployment does not accept this app's tokens.",
        fix: "Set `WORKOS_CLIENT_ID` on the deployment (`npx convex env set WORKOS_CLIENT_ID {clientId}`), make `convex/auth.config.ts` read it, and run `npx convex dev` (or `npx convex deploy` for production).",
      },
      // The doctor reads the auth config file itself, not the deployed copy.
      file: {
        explanation:
          "No provider in `{file}` refers to client `{clientId}` (providers: {providers:code}), although the deployment's `WORKOS_CLIENT_ID` matches it: once pushed, this config will not accept the app's tokens.",
        fix: "Make the providers in `{file}` read the client ID from `process.env.WORKOS_CLIENT_ID` (as the Convex AuthKit docs show), then run `npx convex dev`.",
      },
    },
  },
  ENV_MISSING: {
    severity: "error",
    rank: 2,
    title: "An environment variable is not set",
    explanation: "`{name}` is not set on the Convex deployment[[ (read by {readBy:code})]].",
    fix: "Run `npx convex env set {name} {value}` (or set it in the dashboard under Settings → Environment Variables). `auth.config.ts` is re-evaluated with it when the deployment's env changes; if a push failed because of it, run `npx convex dev` again.",
    docs: DOCS.env,
    variants: {
      // The deployment's WORKOS_CLIENT_ID, when no provider names a WorkOS client either.
      // The app gives AuthKit an empty client ID, so AuthKit never starts.
      "app-client-id": {
        // The app's own env file: Convex's deployment-env page is about something else.
        docs: null,
        explanation:
          "The app gives AuthKit no client ID: `{name}` is not set where the app is built, so AuthKit cannot start a sign-in.",
        fix: "Add `{name}={value}` to `.env.local` and restart the dev server.",
      },
      "deployment-client-id": {
        explanation:
          "`{name}` is not set on this Convex deployment, so `convex/auth.config.ts` names no WorkOS client.",
      },
      local: {
        // The app's own env file: Convex's deployment-env page is about something else.
        docs: null,
        explanation: "`{name}` is not set in `.env.local` or `.env`.",
        fix: "Add `{name}={value}` to `.env.local` and restart the dev server.",
      },
      // The same variable is set under another framework's prefix (Vite vs Next.js).
      "local-prefix": {
        // The app's own env file: Convex's deployment-env page is about something else.
        docs: null,
        explanation:
          "`{name}` is not set in `.env.local` or `.env`; `{similar}` is set, but {framework} only exposes `{prefix}`-prefixed variables to the browser.",
        fix: "Rename `{similar}` to `{name}` in `.env.local` and restart the dev server.",
      },
      "local-server": {
        // The app's own env file: Convex's deployment-env page is about something else.
        docs: null,
        explanation:
          "`{name}` is not set in `.env.local` or `.env`; `{similar}` is set, but Next.js server code reads `{name}`.",
        fix: "Add `{name}` (same value as `{similar}`) to `.env.local` and restart the dev server.",
      },
    },
  },
  CLOCK_SKEW: {
    severity: "warning",
    rank: 45,
    title: "The browser's clock differs from the server's",
    explanation:
      "The client clock is {seconds} s ahead of the server's. Token lifetimes are judged by the server, so the client may send tokens it believes valid but the server does not.",
    fix: "Enable automatic time synchronization on this machine.",
    docs: DOCS.debug,
    variants: {
      behind: {
        explanation:
          "The client clock is {seconds} s behind the server's. Token lifetimes are judged by the server, so the client may send tokens it believes valid but the server does not.",
      },
    },
  },
  CONVEX_UNREACHABLE: {
    severity: "error",
    rank: 10,
    title: "The Convex deployment is not reachable",
    explanation:
      "The Convex client is not connected to the deployment, so no token can be checked.",
    fix: "Check `VITE_CONVEX_URL` points at a running deployment (`npx convex dev` prints it) and that the browser can reach it.",
    docs: DOCS.debug,
  },
  CONVEX_AUTH_PENDING: {
    severity: "info",
    rank: 550,
    title: "Convex is still checking the token",
    explanation: "A token was sent and the server has not answered yet.",
    fix: "Wait a moment. If it stays like this, the WebSocket connection may be blocked.",
    docs: DOCS.debug,
  },
  CONVEX_REJECTED: {
    severity: "error",
    // The server's text is the symptom: any token cause checkToken names (TOKEN_EXPIRED 40 …
    // MULTIPLE_AUDIENCES 42) is closer to the root, so it headlines when known.
    rank: 43,
    title: "Convex rejected the token",
    explanation: 'The server said: "{serverMessage}"',
    // `rejectionFinding()` replaces this with the fix of the cause (`{cause}`) when it is known.
    fix: "Look up `{cause}` in the findings above: its fix applies.",
    docs: DOCS.debug,
  },
  FORCE_REFRESH_IGNORED: {
    severity: "warning",
    rank: 50,
    title: "The same token was sent again after a rejection",
    explanation:
      "After Convex rejected the token, the client asked for a fresh one (`forceRefreshToken: true`) and got the same token back.",
    fix: "Make the `fetchAccessToken` you give `ConvexProviderWithAuth` pass `forceRefresh: true` to AuthKit's `getAccessToken` when `forceRefreshToken` is set.",
    docs: DOCS.authkit,
  },
  IDENTITY_MISMATCH: {
    severity: "warning",
    rank: 55,
    title: "The server's identity is not the signed-in user",
    explanation: "AuthKit's user is `{clientSubject}`, but the server sees `{serverSubject}`.",
    fix: "Sign out and in again; if it persists, look for a second Convex client or a cached token from another session.",
    docs: DOCS.debug,
  },
  CONVEX_GOT_NO_TOKEN: {
    severity: "error",
    // After the AuthKit causes it follows from (AUTHKIT_USER_STALE 12, ACCESS_TOKEN_UNAVAILABLE 13).
    rank: 15,
    title: "Convex got no token from the app",
    explanation:
      "The Convex client asked the app's `fetchAccessToken` for a token and got none, so it treats the user as signed out although AuthKit has a user.",
    fix: "Make the function you give `ConvexProviderWithAuth` return AuthKit's access token: call `getAccessToken()` (with `forceRefresh: true` when Convex passes `forceRefreshToken`) and return `null` only when nobody is signed in.",
    docs: DOCS.authkit,
    variants: {
      "refresh-failed": {
        explanation:
          "The Convex client asked for a token and the app's `fetchAccessToken` gave none: AuthKit's `getAccessToken()` failed with {errorName}[[ (HTTP {status})]]: {errorMessage}. The client treats that as a sign-out.",
        fix: "Retry transient failures in `fetchAccessToken` before returning `null`, and ask again when the page becomes visible (`ConvexProviderWithAuthKit` from `@convex-dev/workos` turns every error into `null` and ignores `forceRefreshToken`: use `ConvexProviderWithAuth` with your own `useAuth` to retry). If it keeps failing, sign in again.",
      },
      // The adapter race: AuthKit's token arrived after Convex asked.
      pending: {
        explanation:
          "AuthKit has a user and a token, and `ConvexProviderWithAuth` is in place, yet the app's `fetchAccessToken` gave Convex no token when it asked, so the client treats the user as signed out. That happens when it returns a token captured in a render (AuthKit had none yet: `useAccessToken().accessToken` stays `undefined` until the first fetch finishes) or when the `useAuth` hook reported `isLoading: false` before the token was there.",
        fix: "In the hook you pass to `ConvexProviderWithAuth`'s `useAuth`, return `isAuthenticated: !!user` from AuthKit's `useAuth()` and make `fetchAccessToken` return `await getAccessToken()` (with authkit-nextjs or TanStack Start the one from `useAccessToken()`, which waits for the token; `await refresh()` when `forceRefreshToken` is set) instead of a token value from a render.",
      },
    },
  },
  CAUSE_UNKNOWN: {
    severity: "warning",
    rank: 95,
    title: "Convex is not authenticated, and the cause is not known yet",
    explanation:
      "`useConvexAuth()` says `isAuthenticated: false`, and nothing checked so far explains it. Checked: {checked}.",
    fix: "What would settle it: {missing}.",
    docs: DOCS.debug,
  },
  SERVER_REPORT_UNAVAILABLE: {
    severity: "info",
    rank: 650,
    title: "The server report is not available",
    explanation: "Reading `diagnoseAuth` failed: {error}",
    fix: "Add the component (`app.use(authDiagnostics)`), re-export `diagnoseAuth` from `convex/authDiagnostics.ts` and run `npx convex dev`.",
    docs: null,
  },
  AUTHENTICATED: {
    severity: "ok",
    rank: 1000,
    title: "Convex is authenticated",
    explanation: "Convex accepted the token[[ for `{subject}`]].",
    fix: "Nothing to fix.",
    docs: null,
  },

  // ── config lint ──────────────────────────────────────────────────────────────────────
  CONFIG_INVALID: {
    severity: "error",
    rank: 1,
    title: "The auth config is invalid",
    explanation: "Convex refuses to push this auth config: {reason}.",
    fix: 'Each provider needs either `{ domain, applicationID }` (OIDC) or `{ type: "customJwt", issuer, jwks, algorithm }`; fix `convex/auth.config.ts` and push it with `npx convex dev`.',
    docs: DOCS.customJwt,
  },
  CONFIG_PLACEHOLDER: {
    severity: "error",
    rank: 3,
    title: "A provider URL contains a placeholder",
    explanation:
      'Provider #{providerIndex} has `{field}: "{value}"`, which still holds `{placeholder}`: an env var was not set when the config was evaluated, or a template value was never replaced.',
    fix: "Set the env var on the deployment (`npx convex env set WORKOS_CLIENT_ID <your WorkOS client ID>`) or write the real value into `convex/auth.config.ts`, then push.",
    docs: DOCS.env,
    variants: {
      empty: {
        explanation:
          "Provider #{providerIndex} has an empty `{field}`: an env var was not set when the config was evaluated, or a template value was never replaced.",
      },
    },
  },
  CONFIG_AUDIENCE_NEVER_SENT: {
    severity: "error",
    rank: 18,
    title: "A provider requires an `aud` WorkOS never sends",
    explanation:
      "Provider #{providerIndex} (issuer `{issuer}`) has `applicationID`, but WorkOS access tokens from this issuer carry no `aud` claim, so it can never match. Older docs recommended this.",
    fix: "Remove `applicationID` from the `{issuer}` provider in `convex/auth.config.ts` and push it with `npx convex dev` (`npx convex deploy` for production).",
    docs: DOCS.authkit,
  },
  CONFIG_JWKS_CLIENT_MISMATCH: {
    severity: "error",
    rank: 17,
    title: "A provider's JWKS and issuer name different client IDs",
    explanation:
      "Provider #{providerIndex} has issuer client ID `{issuerClientId}` but JWKS client ID `{jwksClientId}`; the keys will not match the tokens.",
    fix: "Use the same client ID in `issuer` and `jwks` (both from `process.env.WORKOS_CLIENT_ID`).",
    docs: DOCS.authkit,
  },
  CONFIG_UNSUPPORTED_ALGORITHM: {
    severity: "error",
    rank: 16,
    title: "Unsupported algorithm",
    explanation:
      'Provider #{providerIndex} has `algorithm: "{algorithm}"`; Convex only supports RS256 and ES256 for customJwt providers.',
    fix: 'Use `algorithm: "RS256"` for WorkOS.',
    docs: DOCS.customJwt,
  },
  CONFIG_HTTP_ISSUER: {
    severity: "warning",
    rank: 70,
    title: "A provider uses plain http",
    explanation:
      "Provider #{providerIndex} uses `{value}` over http. That is only right for a local test issuer.",
    fix: "Use the https URL of the issuer in production.",
    docs: DOCS.customJwt,
  },
  CONFIG_NO_WORKOS_PROVIDER: {
    severity: "warning",
    rank: 65,
    title: "No provider accepts WorkOS tokens",
    explanation: "None of the configured providers has a WorkOS issuer ({issuers:code}).",
    fix: "Add the two AuthKit providers from the Convex docs to `convex/auth.config.ts`.",
    docs: DOCS.authkit,
    variants: {
      // The providers a deployment runs (the component's report): nothing there tells whether
      // `convex/auth.config.ts` lacks the providers or has them but was never pushed.
      deployed: {
        explanation:
          "None of the providers the deployment runs has a WorkOS issuer ({issuers:code}), so it rejects every AuthKit token.",
        fix: "If `convex/auth.config.ts` already has the two AuthKit providers from the Convex docs, the deployment has not received them yet: run `npx convex dev` (`npx convex deploy` for production). Otherwise add them to `convex/auth.config.ts` first, then push the same way.",
      },
    },
  },
  CONFIG_WORKOS_AS_OIDC: {
    severity: "error",
    rank: 17,
    title: "WorkOS is configured as an OIDC provider",
    explanation:
      'Provider #{providerIndex} is `{ domain: "{domain}", applicationID }`: Convex validates it as OIDC ID tokens (discovery, `aud` equal to `applicationID`), but AuthKit access tokens are not ID tokens and carry no `aud`. Removing `applicationID` is no way out: Convex refuses an OIDC provider without it when the config is pushed.',
    fix: 'Replace it with the two `customJwt` providers from the Convex AuthKit docs: issuer `{issuer}` without `applicationID`, and issuer `https://api.workos.com/` with `applicationID: "{clientId}"`, both with `jwks: "{jwks}"` and `algorithm: "RS256"`; then run `npx convex dev`.',
    docs: DOCS.authkit,
  },
  CONFIG_ISSUER_VARIANT_MISSING: {
    severity: "info",
    rank: 300,
    title: "A WorkOS issuer variant is not accepted",
    explanation:
      "The config accepts tokens issued as `{accepted}`, but not as `{missing}`. Which one WorkOS uses depends on the environment's age.",
    fix: "Add the missing provider from the Convex docs so both variants work.",
    docs: DOCS.authkit,
  },

  // ── CLI / tooling ────────────────────────────────────────────────────────────────────
  PLATFORM_NOT_AUTHORIZED: {
    severity: "error",
    rank: 1,
    title: "WorkOS refused to provision an environment for this team",
    explanation:
      "`WorkOSPlatformNotAuthorized`: WorkOS did not authorize automatic provisioning for this Convex team's email address.",
    fix: "Contact WorkOS support, or run `npx convex integration workos disconnect-team` and then `npx convex integration workos provision-team` with a different email address.",
    docs: DOCS.authkit,
  },
  AUTH_CONFIG_ENV_UNSET: {
    severity: "error",
    rank: 1,
    title: "auth.config.ts reads an env var the deployment does not have",
    explanation:
      "Convex refused the push: `{name}` is used in `convex/auth.config.ts` but not set on the deployment, so the previous providers stay deployed.",
    fix: "Run `npx convex env set {name} <value>` (or set it in the dashboard), then `npx convex dev` / `npx convex deploy` again.",
    docs: DOCS.env,
  },
  AUTH_CONFIG_UNREADABLE: {
    severity: "error",
    rank: 1,
    title: "auth.config.ts cannot be evaluated",
    explanation:
      "`{file}` could not be {stage}: {detail}. Convex fails the same way when it pushes, so the previous providers stay deployed.",
    fix: "Fix `{file}` so it compiles and runs on its own and ends with `export default { providers: [...] }`, then run `npx convex dev`.",
    docs: DOCS.authkit,
  },
  DEPLOYMENT_ENV_UNAVAILABLE: {
    severity: "warning",
    rank: 80,
    title: "The deployment's environment variables could not be read",
    explanation: "{reason}. Checks that compare with the deployment were skipped: {skipped}.",
    fix: "Make `npx convex env list` work in this project (`npx convex login`, `CONVEX_DEPLOYMENT` in `.env.local`), or pass its output with `--deployment-env <file>`.",
    docs: DOCS.env,
  },
  PROJECT_FILE_UNREADABLE: {
    severity: "warning",
    rank: 81,
    title: "A project file was not read",
    explanation:
      "`{file}` {reason}, so the doctor did not read it; the checks that need it ran without it and may report what it sets as missing.",
    fix: "Make `{file}` a regular file of at most {limit} (or remove it), then run the doctor again.",
    docs: null,
  },
  REFRESH_TOKEN_MISSING: {
    severity: "error",
    rank: 14,
    title: "AuthKit has no refresh token",
    explanation: 'AuthKit reported "Missing refresh token": the session could not be restored.',
    fix: "Sign in again. With `devMode` off, the refresh token needs a custom auth domain; keep `devMode` on while developing.",
    docs: DOCS.authkit,
  },
  COOKIE_PASSWORD_TOO_SHORT: {
    severity: "error",
    rank: 14,
    title: "WORKOS_COOKIE_PASSWORD is too short",
    explanation:
      "`WORKOS_COOKIE_PASSWORD` has {length} characters; AuthKit for Next.js needs at least 32.",
    fix: "Generate one with `openssl rand -base64 32` and set it in `.env.local`.",
    docs: DOCS.authkit,
  },
  REDIRECT_URI_INVALID: {
    severity: "error",
    rank: 7,
    title: "The redirect URI is not valid",
    explanation:
      "`{name}` is `{value}`: it is not an absolute URL (scheme, host and path, e.g. `http://localhost:5173/callback`).",
    fix: "Use an absolute URL such as `http://localhost:5173/callback` (Vite) or `http://localhost:3000/callback` (Next.js) — http only for localhost — and register it under Redirects in the WorkOS dashboard.",
    docs: DOCS.workosRedirect,
    // Keyed by what is wrong with the URI; the default is a value that is not an absolute URL.
    variants: {
      scheme: {
        explanation: "`{name}` is `{value}`: its scheme is `{scheme}`; a web app needs http(s).",
      },
      "http-not-loopback": {
        explanation:
          "`{name}` is `{value}`: plain http is only allowed for `localhost` and `127.0.0.1`; use https.",
      },
      fragment: {
        explanation:
          "`{name}` is `{value}`: it has a `#fragment`, which a redirect URI cannot carry.",
      },
      port: {
        explanation:
          "`{name}` is `{value}`: the dev server listens on port {port} ({portSource}), so WorkOS would send the browser to a port nothing serves.",
        fix: "Set `{name}` to `{expected}` and register exactly that URI under Redirects in the WorkOS dashboard.",
      },
      "next-root": {
        explanation:
          "`{name}` is `{value}`: Next.js needs a route handler that calls `handleAuth()` at the redirect path, e.g. `app/callback/route.ts` for `/callback`; `/` is a page.",
        fix: "Create `app/callback/route.ts` exporting `GET = handleAuth()` from `@workos-inc/authkit-nextjs`, set `{name}` to the `/callback` URL and register it under Redirects in the WorkOS dashboard.",
      },
      "next-no-route": {
        explanation: "`{name}` is `{value}`: no route handler serves `{path}`.",
        fix: "Create `app{path}/route.ts` exporting `GET = handleAuth()` from `@workos-inc/authkit-nextjs`.",
      },
    },
  },
  NOT_ENOUGH_DATA: {
    severity: "info",
    rank: 990,
    title: "Not enough information yet",
    explanation:
      "Nothing was known about AuthKit, the token, Convex or the server when this diagnosis was made.",
    fix: "Render the diagnostics inside `AuthKitProvider` and `ConvexProviderWithAuth`, or pass more inputs to `diagnose()`.",
    docs: null,
  },
  UNKNOWN_ERROR_TEXT: {
    severity: "info",
    rank: 800,
    title: "Unrecognized error text",
    explanation: "This text is not one of the Convex, WorkOS or AuthKit auth errors we know.",
    fix: "Paste the full error (with the lines around it) into a support thread together with the diagnosis report (the overlay's `Copy report` button, or `renderMarkdown(diagnosis)` in code).",
    docs: DOCS.debug,
    variants: {
      // The doctor's `--explain`: a CLI user has the doctor's own report to attach.
      cli: {
        fix: "Paste the full error (with the lines around it) into a support thread together with the doctor's report for the project: the output of `npx convex-authkit-doctor --json`, run in the project.",
      },
    },
  },
  AUTH_HEADER_INVALID: {
    severity: "error",
    rank: 10,
    title: "The Authorization header is not `Bearer <token>`",
    explanation:
      "Convex's HTTP API answered `{text}`: the request's `Authorization` header does not start with `Bearer ` followed by the token (Convex reads any other header as an admin key), is shorter than 7 characters, or is not plain ASCII.",
    fix: "Send the token as `Authorization: Bearer <token>` (`ConvexHttpClient.setAuth(token)` does this), not the bare token.",
    docs: DOCS.debug,
  },
  CONVEX_INTERNAL_ERROR: {
    severity: "error",
    rank: 28,
    title: "Convex failed with an internal error while checking the token",
    explanation:
      "Convex answered with its generic internal error (`{text}`) instead of an auth error. While authenticating, that happens when a token's `iss` is not a URL yet matches an OIDC provider (through the `https://` Convex adds), or when a provider's `jwks` is not a valid URI.",
    fix: "Check that the token's `iss` is a full `https://` URL and that every `jwks` in `convex/auth.config.ts` is a valid URL (no spaces or non-ASCII characters).",
    docs: DOCS.debug,
  },
  DEPLOYMENT_CLIENT_ID_INVALID: {
    severity: "error",
    rank: 4,
    title: "The deployment's WORKOS_CLIENT_ID is not a WorkOS client ID",
    explanation:
      "`{name}` on the deployment holds {length} characters that are not a WorkOS client ID (`client_` followed by letters and digits)[[; they have the shape of a secret ({secretKind})]]. In case it is a secret pasted into the wrong variable, its value is not shown anywhere in this report.",
    fix: "Set it to the client ID from the WorkOS dashboard (`npx convex env set {name} <your WorkOS client ID>`). If it held a secret (an API key or the cookie password), rotate that secret in the WorkOS dashboard.",
    docs: DOCS.env,
  },
  CODE_EXCHANGE_BLOCKED: {
    severity: "error",
    // A cause CODE_EXCHANGE_FAILED (8) cannot tell apart; it takes that finding's place.
    rank: 8,
    title: "The browser could not send the sign-in code to WorkOS",
    explanation:
      "WorkOS sent the browser back with a sign-in `code`, but the browser blocks calls from `{origin}` to `{endpoint}` while `{apiOrigin}` itself answers: WorkOS does not allow this origin (CORS), so AuthKit's code exchange failed with a network error before WorkOS saw the code.",
    fix: "Add `{origin}` to the allowed origins in the WorkOS dashboard (Authentication → Configure CORS), then sign in again.",
    docs: DOCS.workosCors,
    variants: {
      // Even a no-cors request to the API origin failed.
      unreachable: {
        explanation:
          "WorkOS sent the browser back with a sign-in `code`, but this browser cannot reach `{apiOrigin}` at all (a network error, not an answer from WorkOS), so AuthKit could not exchange the code.",
        fix: "Check the `apiHostname`, `https` and `port` given to `<AuthKitProvider>` and that this browser can reach `{apiOrigin}` (network, proxy, blocking extensions), then sign in again.",
      },
    },
  },

  // ── Next.js and session-based AuthKit adapters ─────────────────────────────────────────
  PROXY_NOT_COVERING: {
    severity: "error",
    rank: 6,
    title: "The AuthKit proxy does not run for a page",
    explanation:
      "The AuthKit proxy (`authkitMiddleware()` in `proxy.ts`, `middleware.ts` before Next.js 16) did not run for this page[[ (`{path}`)]], so `withAuth()` throws there and server components, route handlers and server actions on this path see no session; `useAuth()` stays signed out.",
    fix: "Make `config.matcher` in `proxy.ts` match this page's path[[ `{path}`]] (the starter's matcher covers every path except `_next` and static files), then reload the page; restart `next dev` if it is still not covered, and run `next build` again for a production server.",
    docs: DOCS.authkit,
    variants: {
      // The doctor, reading the proxy file's matcher.
      file: {
        explanation:
          "`{file}` exports a `config.matcher` ({matcher:code}) that does not match `{path}`, which `{page}` serves: the AuthKit proxy will not run there, so `withAuth()` throws on that path and `useAuth()` stays signed out.",
        fix: "Add `{path}` to the `matcher` in `{file}`, or use the starter's matcher, which covers every path except `_next` and static files.",
      },
      "no-file": {
        explanation:
          "No `proxy.ts` or `middleware.ts` (at the project root or in `src/`) runs AuthKit's `authkitMiddleware()` / `authkitProxy()`, so `withAuth()` throws on every page and `useAuth()` never sees a session.",
        fix: "Create `proxy.ts` (`middleware.ts` before Next.js 16) next to `app/`, exporting `default authkitMiddleware()` from `@workos-inc/authkit-nextjs` and the starter's `config.matcher`.",
      },
    },
  },
  AUTHKIT_SERVER_ERROR: {
    severity: "error",
    rank: 12,
    title: "AuthKit failed on the server",
    explanation: "{where} threw: {error}",
    fix: "The error names the setting to fix (`WORKOS_CLIENT_ID`, `WORKOS_API_KEY`, `WORKOS_COOKIE_PASSWORD`, `NEXT_PUBLIC_WORKOS_REDIRECT_URI` in `.env.local`); fix it and restart the Next.js server.",
    docs: DOCS.authkit,
  },
  SERVER_TOKEN_REJECTED: {
    severity: "error",
    // A symptom like CONVEX_REJECTED: a known token cause (rank 19 … 42) headlines instead.
    rank: 44,
    title: "Convex rejects the token server rendering sends",
    explanation:
      'Queries sent from the server with `withAuth()`\'s `accessToken` (`fetchQuery`, `preloadQuery`, server actions) fail: Convex said "{serverMessage}".',
    // `serverTokenFinding()` replaces this with the fix of the cause (`{cause}`) when it is known.
    fix: "Look up `{cause}` in the findings above: its fix applies.",
    docs: DOCS.authkit,
  },

  // ── doctor: the project's tooling and WorkOS environment ───────────────────────────────
  NODE_TOO_OLD_FOR_CONVEX: {
    severity: "error",
    rank: 2,
    title: "This Node.js is too old for the project's convex package",
    explanation:
      "The project's `convex` {convexVersion} needs Node.js `{required}` (`engines` in `{file}`), and this is Node.js {node}: `npx convex dev`, `npx convex deploy` and `npx convex env list` cannot be trusted to run under it.",
    fix: "Run the project with a Node.js that satisfies `{required}`[[ (e.g. `nvm install {suggested}` and `nvm use {suggested}`)]], or install a `convex` release whose `engines` allow Node.js {node}.",
    docs: null,
  },
  AUTHKIT_CONFIG_INVALID: {
    severity: "error",
    rank: 3,
    title: "convex.json's `authKit` section is invalid",
    explanation:
      "`convex.json`[[ line {line}]]: {detail}. The Convex CLI refuses the file, so `npx convex dev` stops before it pushes anything or configures WorkOS.",
    fix: "Fix `authKit` in `convex.json`[[ at line {line}]] to the shape of the Convex starters: `dev`, `preview`, `prod`, each with `configure` (`redirectUris`, `corsOrigins`, `appHomepageUrl`) and, for `dev`, `localEnvVars`.",
    docs: "https://docs.convex.dev/auth/authkit/auto-provision",
  },
  AUTHKIT_TEMPLATE_INVALID: {
    severity: "error",
    rank: 4,
    title: "A convex.json `authKit` template cannot be resolved",
    explanation:
      '`authKit.{deployment}.{field}` (`convex.json`[[ line {line}]]) is `{value}`, and {expression:code} is not set in the shell, `.env.local` or `.env`: `npx convex dev` stops with "Cannot resolve template".',
    fix: "Set `{name}` (e.g. in `.env.local`), or write the URL literally in `convex.json`[[ line {line}]].",
    docs: "https://docs.convex.dev/auth/authkit/auto-provision",
    variants: {
      unknown: {
        explanation:
          "`authKit.{deployment}.{field}` (`convex.json`[[ line {line}]]) is `{value}`, and the Convex CLI does not know {expression:code}: it resolves `buildEnv.<NAME>` and `authEnv.WORKOS_CLIENT_ID`, `authEnv.WORKOS_API_KEY`, `authEnv.WORKOS_ENVIRONMENT_ID` inside a `${}` template and stops on anything else.",
        fix: "Change {expression:code} in `convex.json`[[ line {line}]] to `${buildEnv.<NAME>}` (a variable of the environment `npx convex` runs in) or one of the `${authEnv.NAME}` values.",
      },
    },
  },
  AUTHKIT_BUILD_ENV_UNSET: {
    severity: "info",
    rank: 85,
    title: "convex.json's preview or prod `authKit` needs build variables",
    explanation:
      'The `authKit` templates for {deployments} deployments in `convex.json` use {uses}, and {names:code} are not set here. That is expected outside the build, but `npx convex deploy` stops with "Cannot resolve template" wherever one of them is unset.',
    fix: "Make sure {names:code} are set where `npx convex deploy` runs for {deployments} deployments (on Vercel, let the build see the system environment variables).",
    docs: "https://docs.convex.dev/auth/authkit/auto-provision",
  },
  AUTHKIT_PORT_MISMATCH: {
    severity: "error",
    rank: 6,
    title: "convex.json's `authKit` names a port the dev server does not use",
    explanation:
      "`authKit.dev.{field}` is `{value}` (`convex.json`[[ line {line}]]), but the dev server listens on port {port} ({portSource}): `npx convex dev` sets up WorkOS (or `.env.local`) for a port nothing serves.",
    fix: "Change `convex.json`[[ line {line} to `{replacement}`]] and run `npx convex dev` again.",
    docs: "https://docs.convex.dev/auth/authkit/auto-provision",
  },
  AUTHKIT_REDIRECT_NOT_CONFIGURED: {
    severity: "error",
    rank: 6,
    title: "The app's redirect URI is not one convex.json registers with WorkOS",
    explanation:
      "`{name}` is `{value}` (`{envFile}`[[ line {envLine}]]), but `authKit.dev.configure.redirectUris` in `convex.json` registers {registered:code}: `npx convex dev` never adds `{value}` to WorkOS, so unless someone added it by hand WorkOS refuses the sign-in.",
    fix: "Change `{envFile}`[[ line {envLine}]] to `{replacement}`, then restart the dev server.",
    docs: "https://workos.com/docs/authkit/react/redirect-uri",
    variants: {
      env: {
        fix: "Change `{envFile}`[[ line {envLine}]] to `{replacement}`[[ (the registered URI on the dev server's port {port})]], then restart the dev server.",
      },
      "convex-json": {
        fix: "Change `convex.json`[[ line {line}]] to `{replacement}` and run `npx convex dev`, which registers `{value}` with WorkOS.",
      },
    },
  },
  AUTHKIT_CORS_ORIGIN_MISSING: {
    severity: "error",
    rank: 6,
    title: "The app's origin is not in convex.json's `corsOrigins`",
    explanation:
      "AuthKit in the browser calls WorkOS from `{origin}`, but `authKit.dev.configure.corsOrigins` in `convex.json` lists {listed:code}: `npx convex dev` does not allow that origin in WorkOS, so unless someone added it by hand the code exchange and token refresh fail with a CORS error.",
    fix: "Change `convex.json`[[ line {line}]] to `{replacement}` and run `npx convex dev`.",
    docs: "https://docs.convex.dev/auth/authkit/auto-provision",
  },
  AUTHKIT_LOCAL_ENV_DIFFERS: {
    severity: "warning",
    rank: 60,
    title: "`.env.local` disagrees with convex.json's `localEnvVars`",
    explanation:
      "`{envFile}`[[ line {envLine}]] sets `{name}` to `{value}`, but `authKit.dev.localEnvVars` in `convex.json`[[ (line {line})]] says `{expected}`. `npx convex dev` only writes variables that are missing, so the hand edit stays and the two disagree.",
    fix: "Make them agree: change `{envFile}`[[ line {envLine}]] to `{replacement}`, or change `convex.json`[[ line {line}]] if `{value}` is the right value.",
    docs: "https://docs.convex.dev/auth/authkit/auto-provision",
  },
  WORKOS_LIVE_UNAVAILABLE: {
    severity: "warning",
    rank: 82,
    title: "The WorkOS environment was not checked",
    explanation: "`--live` could not check the WorkOS environment: {reason}.",
    fix: "Put the environment's API key in `WORKOS_API_KEY` (in the shell, in `.env.local`, or on the deployment with `npx convex env set WORKOS_API_KEY <your API key>`) and run the doctor with `--live` again; it never prints the key.",
    docs: "https://workos.com/docs/reference/authkit",
  },
  WORKOS_CLIENT_ID_FOREIGN: {
    severity: "error",
    rank: 5,
    title: "The client ID is not in the API key's WorkOS environment",
    explanation:
      "WorkOS answered `invalid_client` for `{clientId}` ({where}) with the API key from {keySource}: they belong to different WorkOS environments (or the client ID does not exist), so users sign in to one environment while the redirect URIs and CORS origins checked here belong to another.",
    fix: "Use the client ID and the API key of one environment (the WorkOS dashboard's API Keys page shows both): change {where} or `WORKOS_API_KEY`.",
    docs: "https://workos.com/docs/reference/authkit",
  },
  WORKOS_REDIRECT_URI_NOT_REGISTERED: {
    severity: "error",
    rank: 7,
    title: "The redirect URI is not registered in WorkOS",
    explanation:
      "`{name}` is `{value}`, and the WorkOS environment's redirect URIs are {registered:code}. WorkOS compares the redirect URI exactly (scheme, host, port and path) before anything else and refuses the sign-in[[; the closest, `{closest}`, differs in {differs}]].",
    fix: "Add `{value}` under Redirects in the WorkOS dashboard (or to `authKit.dev.configure.redirectUris` in `convex.json`, then run `npx convex dev`), or set `{name}` to a registered URI[[ such as `{closest}`]].",
    docs: "https://workos.com/docs/authkit/react/redirect-uri",
  },
  WORKOS_CORS_ORIGIN_NOT_ALLOWED: {
    severity: "error",
    rank: 7,
    title: "The app's origin is not an allowed WorkOS CORS origin",
    explanation:
      "AuthKit in the browser calls WorkOS from `{origin}`, but the environment allows {allowed:code}: the code exchange and every token refresh fail with a CORS error.",
    fix: "Add `{origin}` to the CORS origins of the WorkOS environment (dashboard: Authentication → Sessions), or to `authKit.dev.configure.corsOrigins` in `convex.json` and run `npx convex dev`.",
    docs: "https://workos.com/docs/reference/authkit",
  },
  WORKOS_CONFIG_NOT_APPLIED: {
    severity: "warning",
    rank: 61,
    title: "convex.json's `authKit` is not applied in WorkOS",
    explanation:
      "`authKit.{deployment}.{field}` in `convex.json` has `{value}`, but the WorkOS environment of the API key does not: the Convex CLI has not configured this environment since, or configured another one.",
    fix: "Run `npx convex dev` (for `prod`: `npx convex deploy`), which registers the `configure` values, or add `{value}` in the WorkOS dashboard.",
    docs: "https://docs.convex.dev/auth/authkit/auto-provision",
  },
  WORKOS_JWKS_KID_NOT_SERVED: {
    severity: "error",
    rank: 22,
    title: "No configured JWKS serves the token's key",
    explanation:
      "The token was signed with key `{kid}`, but the JWKS the auth config names ({jwks:code}) serve {kids:code}, so Convex cannot verify it: the token comes from another WorkOS environment or client than `auth.config.ts` names.",
    fix: "Use one WorkOS client ID in the app and in `auth.config.ts` (through the deployment's `WORKOS_CLIENT_ID`), so its JWKS URL serves the key that signs the app's tokens.",
    docs: "https://docs.convex.dev/auth/authkit/",
  },

  // ── doctor: the app's TypeScript build ─────────────────────────────────────────────────
  AUTH_CONFIG_PROCESS_UNTYPED: {
    severity: "warning",
    rank: 70,
    title: "A Convex module breaks the app's type-check: `process` has no type",
    explanation:
      "[[`{importer}` imports `{file}`, so every program that imports `{api}` type-checks `{file}` too||`{file}` is a module of your Convex functions, which `{api}` imports for its types, so every program that imports `{api}` type-checks it]], `{tsconfig}` among them. [[`compilerOptions.types` in `{tsconfig}` lists {types:code} but not `node`||`compilerOptions.types` in `{tsconfig}` is empty]][[ (set in `{typesFrom}`)]], so Node's types are not loaded there and `tsc` fails with error TS2591 \"Cannot find name 'process'\" (the Vite starter's `npm run build` runs `tsc -b` before `vite build`).",
    fix: 'Add `declare const process: { env: Record<string, string | undefined> };` to `{file}`, below its imports: it types `process` in that file only and changes nothing at run time (esbuild drops `declare` lines). Or add `"node"` to `compilerOptions.types` in `{tsconfig}`, which also lets the browser code use Node\'s globals.',
    docs: "https://www.typescriptlang.org/tsconfig/#types",
    variants: {
      "types-absent": {
        explanation:
          "[[`{importer}` imports `{file}`, so every program that imports `{api}` type-checks `{file}` too||`{file}` is a module of your Convex functions, which `{api}` imports for its types, so every program that imports `{api}` type-checks it]], `{tsconfig}` among them. `{tsconfig}` sets no `compilerOptions.types`, and TypeScript {typescript} (6 and later) then loads no `@types/*` package, so `process` has no type there: `tsc` fails with error TS2591 \"Cannot find name 'process'\" (the Vite starter's `npm run build` runs `tsc -b` before `vite build`).",
      },
    },
  },
};

function isPresent(value: EvidenceValue | undefined): boolean {
  if (value === undefined || value === null || value === "") return false;
  return !Array.isArray(value) || value.length > 0;
}

function show(value: EvidenceValue | undefined, code: boolean): string {
  if (value === undefined) return "…";
  if (value === null) return "none";
  const items = Array.isArray(value) ? value : [String(value)];
  if (items.length === 0) return "none";
  return items.map((item) => (code ? `\`${item}\`` : item)).join(", ");
}

const PLACEHOLDER = /\{(\w+)(:code)?\}/g;
/** A placeholder and the period the template may put right after it. */
const PLACEHOLDER_AND_PERIOD = /\{(\w+)(:code)?\}(\.?)/g;

/**
 * Joins a filled-in value to the template's period after it: a value that already ends a
 * sentence (an error text such as "The service is temporarily unavailable.") keeps its own
 * punctuation, so the sentence never ends in "..".
 * @example joinSentence("Service unavailable.", ".") // "Service unavailable."
 * @example joinSentence("Service unavailable", ".")  // "Service unavailable."
 */
export function joinSentence(value: string, period: string): string {
  return period === "." && /[.!?…]$/.test(value) ? value : value + period;
}
const OPTIONAL = /\[\[([^\]]*)\]\]/g;
const FALLBACK = "||";

/** Fills a catalogue template with evidence values (see {@link CatalogueEntry} for the syntax). */
export function fillTemplate(template: string, evidence: Record<string, EvidenceValue>): string {
  const kept = template.replace(OPTIONAL, (_m, segment: string) => {
    const split = segment.indexOf(FALLBACK);
    const inner = split < 0 ? segment : segment.slice(0, split);
    const fallback = split < 0 ? "" : segment.slice(split + FALLBACK.length);
    for (const [, name] of inner.matchAll(PLACEHOLDER)) {
      if (!isPresent(evidence[name!])) return fallback;
    }
    return inner;
  });
  return kept.replace(
    PLACEHOLDER_AND_PERIOD,
    (_m, name: string, code: string | undefined, period: string) =>
      joinSentence(show(evidence[name], code !== undefined), period),
  );
}

/** A message opens a sentence: a template that starts with a value (`{reason}. …`) gets a capital. */
function sentence(text: string): string {
  const first = text.charCodeAt(0);
  return first >= 0x61 && first <= 0x7a ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/**
 * Builds a {@link Finding} from its catalogue entry, the evidence (facts) and, optionally, the
 * variant of its wording that fits the situation.
 * @example finding("KEY_NOT_FOUND", { kid: "key_1", jwks: url, kids: ["key_2"] })
 * @example finding("CLIENT_ID_MISMATCH", { clientId, serverClientId, providerIndex: 1, providerIssuer }, "provider")
 */
export function finding(
  code: FindingCode,
  evidence: Record<string, EvidenceValue> = {},
  variant?: string,
): Finding {
  const entry = FINDINGS[code];
  const chosen = variant === undefined ? undefined : entry.variants?.[variant];
  return {
    code,
    severity: chosen?.severity ?? entry.severity,
    title: entry.title,
    message: sentence(fillTemplate(chosen?.explanation ?? entry.explanation, evidence)),
    fix: sentence(fillTemplate(chosen?.fix ?? entry.fix, evidence)),
    docs: chosen?.docs !== undefined ? chosen.docs : entry.docs,
    evidence,
  };
}

/** Orders findings most important first: severity, then catalogue rank (root causes first). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    FINDINGS[a.code].rank - FINDINGS[b.code].rank
  );
}
