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
  /** `same`: the app's client ID is the issuer's; `other`: a client ID WorkOS does not know. */
  clientId: "same" | "other";
  /**
   * `page`: redirectUri is the page's own origin (healthy). `localhost`: the page runs on
   * 127.0.0.1 but redirectUri names localhost, so the PKCE verifier is left behind.
   */
  redirectUri: "page" | "localhost";
  /** How the Convex client gets AuthKit's token: `authkit` (ConvexProviderWithAuth) or `none` (plain ConvexProvider). */
  convexAuth: "authkit" | "none";
  /** Offset of the browser's clock from real time, in seconds (set by the e2e test, shown by the demo). */
  clockOffsetSeconds: number;
}

export interface Scenario {
  id: string;
  title: string;
  /** What goes wrong, in one sentence, for the picker. */
  description: string;
  /** The finding code the overlay's headline must show. */
  expectedHeadline: FindingCode;
  /** Other codes the overlay must list. */
  alsoExpected?: FindingCode[];
  /**
   * The fix text the headline must show, as a catalogue template, when the code's own fix is only
   * a placeholder filled from a sub-map (e.g. `ENV_MISSING`'s `{setFix}`).
   */
  expectedFix?: string;
  issuer?: Partial<IssuerScenario>;
  deployment?: Partial<Omit<DeploymentSettings, "env">> & {
    /** `same` (the issuer's client ID), `other`, or `unset`. */
    workosClientId?: "same" | "other" | "unset";
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
  },
  {
    id: "wrong-client-id-on-deployment",
    title: "Wrong WORKOS_CLIENT_ID on the deployment",
    description:
      "The deployment's WORKOS_CLIENT_ID names another WorkOS environment, so no provider's issuer matches.",
    expectedHeadline: "CLIENT_ID_MISMATCH",
    alsoExpected: ["ISSUER_MISMATCH"],
    deployment: { workosClientId: "other" },
  },
  {
    id: "missing-client-id-on-deployment",
    title: "WORKOS_CLIENT_ID missing on the deployment",
    description:
      "auth.config.ts reads an unset WORKOS_CLIENT_ID: the push fails and the deployment has no providers.",
    expectedHeadline: "ENV_MISSING",
    alsoExpected: ["NO_PROVIDERS"],
    deployment: { workosClientId: "unset", deployedProviders: [] },
  },
  {
    id: "provider-not-pushed",
    title: "Provider not pushed",
    description:
      "auth.config.ts is right, but the deployment still has an older providers list (no `npx convex dev` since).",
    expectedHeadline: "CONFIG_NOT_DEPLOYED",
    alsoExpected: ["ISSUER_MISMATCH"],
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
    deployment: { authConfigPath: olderDocsAuthConfigPath },
  },
  {
    id: "callback-error",
    title: "?error= on the callback",
    description:
      "WorkOS redirects back with error=… instead of a code; AuthKit ignores it silently.",
    expectedHeadline: "AUTHKIT_CALLBACK_ERROR",
    expectedFix: FINDINGS.AUTHKIT_CALLBACK_ERROR.variants!.invalid_request!.fix,
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
    description: "The page runs on 127.0.0.1 but AuthKit's redirectUri names localhost.",
    expectedHeadline: "REDIRECT_URI_MISMATCH",
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
    client: { redirectUri: "localhost" },
  },
  {
    id: "code-exchange-rejected",
    title: "Code exchange rejected by WorkOS",
    description: "WorkOS answers the authorization_code grant with invalid_grant.",
    expectedHeadline: "CODE_EXCHANGE_FAILED",
    expectedFix: FINDINGS.CODE_EXCHANGE_FAILED.variants!["same-origin"]!.fix,
    issuer: {
      exchangeFailure: {
        status: 400,
        error: "invalid_grant",
        error_description: "The code has expired or is invalid.",
      },
    },
  },
  {
    id: "expired-token",
    title: "Expired token",
    description:
      "The issuer's clock is 15 minutes behind, so every access token has expired when Convex sees it.",
    expectedHeadline: "TOKEN_EXPIRED",
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
    client: { clockOffsetSeconds: 600 },
  },
  {
    id: "unknown-kid",
    title: "Unknown kid",
    description:
      "Tokens are signed with a key whose kid is not in the JWKS (as after a key rotation).",
    expectedHeadline: "KEY_NOT_FOUND",
    issuer: { signingKey: "unpublished" },
  },
  {
    id: "authkit-user-stale",
    title: "AuthKit user stale after refresh failure",
    description:
      "The session ends at WorkOS; the refresh fails but AuthKit's React state keeps the user.",
    expectedHeadline: "AUTHKIT_USER_STALE",
    // AuthKit refreshes 10 s before expiry, so a 12 s token is refreshed (and fails) at once and
    // expires 12 s after sign-in: the overlay's verdict comes then.
    issuer: {
      tokenLifetimeSeconds: 12,
      refreshFailure: {
        status: 400,
        error: "invalid_grant",
        error_description: "Session has already ended.",
      },
      refreshFailureAfter: 0,
    },
    settleMs: 15_000,
  },
  {
    id: "convex-provider-not-wired",
    title: "ConvexProviderWithAuth not wired",
    description:
      "The app uses a plain ConvexProvider: AuthKit is signed in but Convex never receives a token.",
    expectedHeadline: "NO_TOKEN_SENT",
    client: { convexAuth: "none" },
  },
];

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
  });
  convex.dropConnections();
  return clientSettingsOf(scenario);
}

/** The scenario switch {@link createScenarioControl} returns. */
export type ScenarioControl = Awaited<ReturnType<typeof createScenarioControl>>;

/**
 * The demo's `/_demo/` routes, mounted on the stand-in: `GET /_demo/scenario` (current id, its
 * client settings, the issuer's URL and client ID, and every scenario for the picker) and
 * `POST /_demo/scenario` with `{ "id": "…" }` to switch. Resolves once `initial` is applied.
 */
export async function createScenarioControl(
  servers: { issuer: LocalWorkosIssuer; convex: ConvexStandin },
  initial = "all-good",
) {
  let current = scenarioById(initial);
  let client = await applyScenario(current, servers);
  const state = () => ({
    id: current.id,
    client,
    issuer: {
      url: servers.issuer.url,
      clientId: servers.issuer.clientId,
      otherClientId: OTHER_CLIENT_ID,
    },
    scenarios: SCENARIOS.map(({ id, title, description, expectedHeadline }) => ({
      id,
      title,
      description,
      expectedHeadline,
    })),
  });
  return {
    get current() {
      return current;
    },
    /** Switches to scenario `id`; resolves once the issuer and the stand-in are in it. */
    async select(id: string) {
      const next = scenarioById(id);
      client = await applyScenario(next, servers);
      current = next;
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
