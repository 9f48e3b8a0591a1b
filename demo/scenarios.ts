/**
 * The failure modes the demo can switch between and the e2e tests walk through, as data.
 * Each scenario sets the local WorkOS issuer, the Convex stand-in's deployment and what the
 * example app does on the client, and names the finding code the overlay must headline.
 */
import { FINDINGS } from "../src/core/catalogue.js";
import type { FindingCode } from "../src/core/index.js";
import { olderDocsAuthConfigPath } from "./backend.js";
import type { ConvexStandin, DeploymentSettings } from "./convexStandin.js";
import type { IssuerScenario, LocalWorkosIssuer } from "./workosIssuer.js";

/** What the example app does differently; the app reads it from `GET /_demo/scenario`. */
export interface ClientSettings {
  /**
   * `same`: the app's client ID is the issuer's; `other`: a client ID WorkOS does not know;
   * `unset`: `VITE_WORKOS_CLIENT_ID` is not set, so AuthKit gets none.
   */
  clientId: "same" | "other" | "unset";
  /**
   * `page`: redirectUri is the page's own origin (healthy). `localhost`: the page runs on
   * 127.0.0.1 but redirectUri names localhost, so the PKCE verifier is left behind.
   */
  redirectUri: "page" | "localhost";
  /**
   * How the Convex client gets AuthKit's token: `authkit` (ConvexProviderWithAuth with an adapter
   * that asks AuthKit each time), `late-token` (a hand-written adapter that reports the user at
   * once but loads the token separately, as Next.js's `useAccessToken()` does, and hands Convex
   * whatever it holds) or `none` (plain ConvexProvider).
   */
  convexAuth: "authkit" | "late-token" | "none";
  /** Offset of the browser's clock from real time, in seconds (set by the e2e test, shown by the demo). */
  clockOffsetSeconds: number;
}

export interface Scenario {
  id: string;
  title: string;
  /** What goes wrong, in one sentence, for the picker. */
  description: string;
  /** The finding code the overlay's headline must show (once signed in, unless `beforeSignIn`). */
  expectedHeadline: FindingCode;
  /**
   * The headline before anyone signs in, as "Switch and restart signed out" leaves the app
   * (for `beforeSignIn` scenarios: `expectedHeadline`).
   */
  signedOutHeadline: FindingCode;
  /**
   * For `beforeSignIn` scenarios, the headline after signing in anyway (default:
   * `expectedHeadline`).
   */
  signedInHeadline?: FindingCode;
  /** Other codes the overlay must list. */
  alsoExpected?: FindingCode[];
  /**
   * The fix text the headline must show, as a catalogue template, when the code's own fix is only
   * a placeholder filled from a sub-map (e.g. `ENV_MISSING`'s `{setFix}`).
   */
  expectedFix?: string;
  issuer?: Partial<IssuerScenario>;
  deployment?: Partial<Omit<DeploymentSettings, "env" | "cachedJwks">> & {
    /** `same` (the issuer's client ID), `other`, or `unset`. */
    workosClientId?: "same" | "other" | "unset";
    /**
     * The key set the deployment judges tokens with: `issuer` (fetched each time) or
     * `before-rotation` (the one it cached before the issuer rotated its key).
     */
    jwks?: "issuer" | "before-rotation";
  };
  client?: Partial<ClientSettings>;
  /** How long after sign-in the failure can take to show (e.g. waiting for a refresh), in ms. */
  settleMs?: number;
  /** The overlay shows the headline before anyone signs in (the e2e test then skips sign-in). */
  beforeSignIn?: boolean;
}

/** A client ID no WorkOS environment here knows. */
export const OTHER_CLIENT_ID = "client_01JOTHERENVIRONMENT00000000";

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = {
  clientId: "same",
  redirectUri: "page",
  convexAuth: "authkit",
  clockOffsetSeconds: 0,
};

export const SCENARIOS: readonly Scenario[] = [
  {
    id: "all-good",
    title: "All good",
    description: "Docs config, matching client IDs, fresh tokens: Convex accepts the token.",
    expectedHeadline: "AUTHENTICATED",
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
  },
  {
    id: "wrong-client-id-on-deployment",
    title: "Wrong WORKOS_CLIENT_ID on the deployment",
    description:
      "The deployment's WORKOS_CLIENT_ID names another WorkOS environment, so no provider's issuer matches.",
    expectedHeadline: "CLIENT_ID_MISMATCH",
    alsoExpected: ["ISSUER_MISMATCH"],
    signedOutHeadline: "CLIENT_ID_MISMATCH",
    deployment: { workosClientId: "other" },
  },
  {
    id: "missing-client-id-on-deployment",
    title: "WORKOS_CLIENT_ID missing on the deployment",
    description:
      "auth.config.ts reads an unset WORKOS_CLIENT_ID: the push fails and the deployment has no providers.",
    expectedHeadline: "ENV_MISSING",
    alsoExpected: ["NO_PROVIDERS"],
    signedOutHeadline: "ENV_MISSING",
    deployment: { workosClientId: "unset", deployedProviders: [] },
  },
  {
    id: "provider-not-pushed",
    title: "Provider not pushed",
    description:
      "auth.config.ts is right, but the deployment still has an older providers list (no `npx convex dev` since).",
    expectedHeadline: "CONFIG_NOT_DEPLOYED",
    alsoExpected: ["ISSUER_MISMATCH"],
    // Before sign-in only the deployed list is known, not that auth.config.ts differs from it:
    // the finding's `deployed` wording says to push, or to add the providers if the file lacks them.
    signedOutHeadline: "CONFIG_NO_WORKOS_PROVIDER",
    deployment: {
      deployedProviders: [
        { domain: "https://example.clerk.accounts.dev", applicationID: "convex" },
      ],
    },
  },
  {
    id: "token-without-aud-older-docs",
    title: "Token without aud vs the older docs config",
    description:
      "The older docs put applicationID on both providers; WorkOS access tokens carry no aud, so neither matches.",
    // The config lint names the edit to make; the token's missing aud is the symptom it explains.
    expectedHeadline: "CONFIG_AUDIENCE_NEVER_SENT",
    alsoExpected: ["AUDIENCE_MISSING"],
    signedOutHeadline: "CONFIG_AUDIENCE_NEVER_SENT",
    deployment: { authConfigPath: olderDocsAuthConfigPath },
  },
  {
    id: "callback-error",
    title: "?error= on the callback",
    description:
      "WorkOS redirects back with error=… instead of a code; AuthKit ignores it silently.",
    expectedHeadline: "AUTHKIT_CALLBACK_ERROR",
    expectedFix: FINDINGS.AUTHKIT_CALLBACK_ERROR.variants!.invalid_request!.fix,
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    issuer: {
      callbackError: {
        error: "invalid_request",
        error_description: "The redirect_uri is not in the list of allowed redirect URIs.",
      },
    },
  },
  {
    id: "redirect-uri-mismatch",
    title: "Redirect URI on another origin",
    description:
      "The page runs on 127.0.0.1 but AuthKit's redirectUri names localhost. Signing in anyway lands on localhost without the PKCE verifier (the next scenario).",
    expectedHeadline: "REDIRECT_URI_MISMATCH",
    signedOutHeadline: "REDIRECT_URI_MISMATCH",
    // On localhost the redirect URI matches the page; what is left to see is the lost code.
    signedInHeadline: "CODE_EXCHANGE_FAILED",
    client: { redirectUri: "localhost" },
    beforeSignIn: true,
  },
  {
    id: "code-exchange-127-vs-localhost",
    title: "Code exchange failure (127.0.0.1 → localhost)",
    description:
      "Sign-in started on 127.0.0.1 and came back to localhost, where the PKCE verifier is missing: the code is never exchanged.",
    expectedHeadline: "CODE_EXCHANGE_FAILED",
    // Back on localhost the page cannot see where sign-in began: the fix covers both causes.
    expectedFix: FINDINGS.CODE_EXCHANGE_FAILED.variants!["same-origin"]!.fix,
    // Before sign-in the page on 127.0.0.1 sees the redirect URI on localhost.
    signedOutHeadline: "REDIRECT_URI_MISMATCH",
    client: { redirectUri: "localhost" },
  },
  {
    id: "code-exchange-rejected",
    title: "Code exchange rejected by WorkOS",
    description: "WorkOS answers the authorization_code grant with invalid_grant.",
    expectedHeadline: "CODE_EXCHANGE_FAILED",
    expectedFix: FINDINGS.CODE_EXCHANGE_FAILED.variants!["same-origin"]!.fix,
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    issuer: {
      exchangeFailure: {
        status: 400,
        error: "invalid_grant",
        error_description: "The code has expired or is invalid.",
      },
    },
  },
  {
    id: "cors-origin-not-allowed",
    title: "App origin not allowed by WorkOS (CORS)",
    description:
      "The app's origin is missing from WorkOS's allowed origins, so the browser blocks AuthKit's code exchange: a network error, not a refused code.",
    expectedHeadline: "CODE_EXCHANGE_BLOCKED",
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    // Only another app's origin is on the list (WorkOS dashboard → Authentication → Configure CORS).
    issuer: { allowedOrigins: ["https://app.example.com"] },
  },
  {
    id: "expired-token",
    title: "Expired token",
    description:
      "The issuer's clock is 15 minutes behind, so every access token has expired when Convex sees it.",
    expectedHeadline: "TOKEN_EXPIRED",
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    issuer: { clockOffsetSeconds: -900 },
  },
  {
    id: "client-clock-skew",
    title: "Client clock skew",
    description:
      "The browser's clock is 10 minutes ahead of the server's; tokens still work, but the client misjudges their lifetimes.",
    // Convex accepts the token; the warning is what is worth a headline.
    expectedHeadline: "CLOCK_SKEW",
    alsoExpected: ["AUTHENTICATED"],
    signedOutHeadline: "CLOCK_SKEW",
    client: { clockOffsetSeconds: 600 },
  },
  {
    id: "unknown-kid",
    title: "Unknown kid",
    description: "Tokens are signed with a key whose kid is not in the JWKS at all.",
    expectedHeadline: "KEY_NOT_FOUND",
    // One client ID everywhere: the wording names the key set, not the client ID.
    expectedFix: FINDINGS.KEY_NOT_FOUND.variants!["same-client"]!.fix,
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    issuer: { signingKey: "unpublished" },
  },
  {
    id: "key-rotation",
    title: "Key rotation, deployment's cached JWKS",
    description:
      "WorkOS rotated its signing key and publishes the new one, but the deployment still judges tokens with the key set it cached before the rotation.",
    expectedHeadline: "KEY_NOT_FOUND",
    // The app, the deployment, the issuer and the JWKS URL name one client: the fix is about
    // the deployment's cached key set (wait for it to expire, retry), not the client ID.
    expectedFix: FINDINGS.KEY_NOT_FOUND.variants!["same-client"]!.fix,
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    issuer: { signingKey: "rotated" },
    deployment: { jwks: "before-rotation" },
  },
  {
    id: "authkit-user-stale",
    title: "AuthKit user stale after refresh failure",
    description:
      "The session ends at WorkOS; the refresh fails but AuthKit's React state keeps the user.",
    expectedHeadline: "AUTHKIT_USER_STALE",
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    // AuthKit refreshes 10 s before expiry, so a 12 s token is refreshed (and fails) at once.
    issuer: {
      tokenLifetimeSeconds: 12,
      refreshFailure: {
        status: 400,
        error: "invalid_grant",
        error_description: "Session has already ended.",
      },
      refreshFailureAfter: 0,
    },
  },
  {
    id: "refresh-transient-failure",
    title: "Refresh fails for a moment (HTTP 503)",
    description:
      "WorkOS answers the refresh Convex asks for with 503, a failure that may pass; the app's fetchAccessToken turns the error into null, which Convex takes as a sign-out.",
    expectedHeadline: "ACCESS_TOKEN_UNAVAILABLE",
    expectedFix: FINDINGS.ACCESS_TOKEN_UNAVAILABLE.variants!.transient!.fix,
    alsoExpected: ["CONVEX_GOT_NO_TOKEN"],
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    issuer: {
      refreshFailure: {
        status: 503,
        error: "service_unavailable",
        error_description: "The service is temporarily unavailable.",
      },
      refreshFailureAfter: 0,
    },
  },
  {
    id: "adapter-token-late",
    title: "Adapter reports the user before the token",
    description:
      "A hand-written useAuth adapter says signed in before its token has loaded; Convex asks, gets none, and never asks again.",
    expectedHeadline: "CONVEX_GOT_NO_TOKEN",
    expectedFix: FINDINGS.CONVEX_GOT_NO_TOKEN.variants!.pending!.fix,
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    client: { convexAuth: "late-token" },
  },
  {
    id: "convex-provider-not-wired",
    title: "ConvexProviderWithAuth not wired",
    description:
      "The app uses a plain ConvexProvider: AuthKit is signed in but Convex never receives a token.",
    expectedHeadline: "NO_TOKEN_SENT",
    signedOutHeadline: "AUTHKIT_SIGNED_OUT",
    client: { convexAuth: "none" },
  },
  {
    id: "missing-client-id-on-client",
    title: "VITE_WORKOS_CLIENT_ID missing in the app",
    description:
      "The app gives AuthKit no client ID, so AuthKit never starts and Sign in does nothing.",
    expectedHeadline: "ENV_MISSING",
    expectedFix: FINDINGS.ENV_MISSING.variants!["app-client-id"]!.fix,
    signedOutHeadline: "ENV_MISSING",
    client: { clientId: "unset" },
    beforeSignIn: true,
  },
];

/**
 * `npm run demo -- --list`: one line per scenario (id, headline, title) in columns as wide as
 * their longest value plus two spaces, so a long code never runs into the title.
 */
export function scenarioListLines(
  scenarios: readonly Pick<Scenario, "id" | "expectedHeadline" | "title">[] = SCENARIOS,
): string[] {
  const idWidth = Math.max(...scenarios.map((s) => s.id.length)) + 2;
  const codeWidth = Math.max(...scenarios.map((s) => s.expectedHeadline.length)) + 2;
  return scenarios.map(
    (s) => `${s.id.padEnd(idWidth)}${s.expectedHeadline.padEnd(codeWidth)}${s.title}`,
  );
}

/** The scenario with `id`, or a clear error listing the valid ids. */
export function scenarioById(id: string): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s)
    throw new Error(`Unknown scenario "${id}". Known: ${SCENARIOS.map((x) => x.id).join(", ")}`);
  return s;
}

/** The client settings a scenario implies. */
export function clientSettingsOf(scenario: Scenario): ClientSettings {
  return { ...DEFAULT_CLIENT_SETTINGS, ...scenario.client };
}

/**
 * Puts the issuer and the stand-in into `scenario` (from a clean slate, so scenarios never
 * leak into each other) and drops open sync sockets so clients reconnect under the new rules.
 */
export async function applyScenario(
  scenario: Scenario,
  servers: { issuer: LocalWorkosIssuer; convex: ConvexStandin },
): Promise<ClientSettings> {
  const { issuer, convex } = servers;
  issuer.resetScenario();
  // The key set as it was before the scenario's issuer changes (a rotation among them).
  const jwksBefore = issuer.jwks();
  if (scenario.issuer) issuer.setScenario(scenario.issuer);
  const d = scenario.deployment ?? {};
  const clientId = d.workosClientId ?? "same";
  await convex.configure({
    env: {
      WORKOS_CLIENT_ID:
        clientId === "same" ? issuer.clientId : clientId === "other" ? OTHER_CLIENT_ID : undefined,
    },
    authConfigPath: d.authConfigPath,
    deployedProviders: d.deployedProviders,
    redactErrors: d.redactErrors ?? false,
    cachedJwks: d.jwks === "before-rotation" ? jwksBefore : undefined,
  });
  convex.dropConnections();
  return clientSettingsOf(scenario);
}

/** The scenario switch {@link createScenarioControl} returns. */
export type ScenarioControl = Awaited<ReturnType<typeof createScenarioControl>>;

/** What the picker shows of a scenario. */
export function scenarioSummary(s: Scenario) {
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    expectedHeadline: s.expectedHeadline,
    signedOutHeadline: s.signedOutHeadline,
    signedInHeadline: s.beforeSignIn ? (s.signedInHeadline ?? s.expectedHeadline) : null,
    beforeSignIn: s.beforeSignIn === true,
  };
}

/**
 * The demo's `/_demo/` routes, mounted on the stand-in: `GET /_demo/scenario` (current id, its
 * client settings, the issuer's URL and client ID, the app's origin, and every scenario for the
 * picker) and `POST /_demo/scenario` with `{ "id": "…" }` to switch. Resolves once `initial` is
 * applied.
 *
 * Each switch gets a new `generation` (unique to this run): the app clears its storage when it
 * first loads under a generation it has not seen on that origin, so nothing (a session, a PKCE
 * verifier) survives from the scenario before, whoever switched and wherever the app was.
 */
export async function createScenarioControl(
  servers: { issuer: LocalWorkosIssuer; convex: ConvexStandin },
  initial = "all-good",
) {
  const run = Math.random().toString(36).slice(2, 10);
  let switches = 0;
  let current = scenarioById(initial);
  let client = await applyScenario(current, servers);
  let appOrigin: string | null = null;
  const state = () => ({
    id: current.id,
    generation: `${run}-${switches}`,
    client,
    appOrigin,
    issuer: {
      url: servers.issuer.url,
      clientId: servers.issuer.clientId,
      otherClientId: OTHER_CLIENT_ID,
    },
    scenarios: SCENARIOS.map(scenarioSummary),
  });
  return {
    get current() {
      return current;
    },
    /** The origin the app is served on; "Switch and restart" goes back there from any origin. */
    get appOrigin() {
      return appOrigin;
    },
    set appOrigin(origin: string | null) {
      appOrigin = origin === null ? null : new URL(origin).origin;
    },
    /** Switches to scenario `id`; resolves once the issuer and the stand-in are in it. */
    async select(id: string) {
      const next = scenarioById(id);
      client = await applyScenario(next, servers);
      current = next;
      switches += 1;
      return state();
    },
    /** Handler for `startConvexStandin({ control })`. */
    async handle(
      method: string,
      path: string,
      body: string,
    ): Promise<{ status: number; body: unknown } | null> {
      if (path !== "/_demo/scenario") return null;
      if (method === "GET") return { status: 200, body: state() };
      if (method !== "POST") return { status: 405, body: { error: "Use GET or POST" } };
      let id: unknown;
      try {
        id = (JSON.parse(body) as { id?: unknown }).id;
      } catch {
        return { status: 400, body: { error: 'Body must be JSON: { "id": "<scenario id>" }' } };
      }
      if (typeof id !== "string") return { status: 400, body: { error: "Missing scenario id" } };
      try {
        return { status: 200, body: await this.select(id) };
      } catch (e) {
        return { status: 404, body: { error: e instanceof Error ? e.message : String(e) } };
      }
    },
  };
}
