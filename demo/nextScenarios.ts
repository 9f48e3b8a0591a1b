/**
 * The failure modes of the Next.js example (`example-nextjs/`), as data: each sets the local
 * WorkOS issuer, the Convex stand-in's deployment and the Next.js server's env (read at run time,
 * so one build serves them all), says what the browser does, and names the finding code the
 * overlay must headline.
 */
import type { FindingCode } from "../src/core/index.js";
import { olderDocsAuthConfigPath } from "./backend.js";
import type { ConvexStandin } from "./convexStandin.js";
import { OTHER_CLIENT_ID } from "./scenarios.js";
import type { IssuerScenario, LocalWorkosIssuer } from "./workosIssuer.js";

/** A `WORKOS_COOKIE_PASSWORD` long enough for AuthKit (it needs 32 characters). */
export const DEMO_COOKIE_PASSWORD = "demo-cookie-password-0123456789abcdef";
/** A stand-in for the WorkOS API key: the local issuer does not check it. */
export const DEMO_API_KEY = "sk_test_localdemo0000000000000000";

/** One Next.js scenario. */
export interface NextScenario {
  id: string;
  title: string;
  /** What goes wrong, in one sentence. */
  description: string;
  /** The finding code the overlay's headline must show. */
  expectedHeadline: FindingCode;
  /** Other codes the overlay must list. */
  alsoExpected?: FindingCode[];
  issuer?: Partial<IssuerScenario>;
  /** `same` (the issuer's client ID) or `other` on the deployment. */
  deploymentClientId?: "same" | "other";
  /** The auth config the deployment runs: the docs' (default) or the older docs'. */
  deploymentAuthConfig?: "docs" | "older-docs";
  /**
   * The Next.js server's env beyond the defaults (`{appUrl}` is replaced by the app's URL).
   * `WORKOS_COOKIE_PASSWORD`, `DEMO_REDIRECT_URI`, `DEMO_CONVEX_AUTH`, `DEMO_EAGER_AUTH`.
   */
  serverEnv?: Record<string, string>;
  /** Sign in first (through the real AuthKit flow), or judge the page as it loads. */
  signIn: boolean;
  /** The path to open after signing in (default: stay where sign-in lands). */
  then?: string;
  /** A `data-testid` the page must show at the verdict (e.g. the error boundary's). */
  pageShows?: string;
}

export const NEXT_SCENARIOS: readonly NextScenario[] = [
  {
    id: "all-good",
    title: "All good",
    description:
      "The starter's setup: the proxy on every page, a 32+ character cookie password, matching client IDs.",
    expectedHeadline: "AUTHENTICATED",
    signIn: true,
  },
  {
    id: "wrong-client-id-on-deployment",
    title: "Wrong WORKOS_CLIENT_ID on the deployment",
    description:
      "The deployment's WORKOS_CLIENT_ID names another WorkOS environment than the app's, so Convex matches no provider.",
    expectedHeadline: "CLIENT_ID_MISMATCH",
    alsoExpected: ["SERVER_TOKEN_REJECTED"],
    deploymentClientId: "other",
    signIn: true,
  },
  {
    id: "cookie-password-too-short",
    title: "WORKOS_COOKIE_PASSWORD too short",
    description:
      "WORKOS_COOKIE_PASSWORD has 16 characters: AuthKit's proxy throws on every request and nobody can sign in.",
    expectedHeadline: "COOKIE_PASSWORD_TOO_SHORT",
    serverEnv: { WORKOS_COOKIE_PASSWORD: "short-password16" },
    signIn: false,
  },
  {
    id: "redirect-uri-missing-route",
    title: "Redirect URI to a missing route",
    description:
      "The redirect URI points at /auth/callback, but the route handler is app/callback/route.ts: WorkOS sends the browser to a 404.",
    expectedHeadline: "REDIRECT_URI_INVALID",
    serverEnv: { DEMO_REDIRECT_URI: "{appUrl}/auth/callback" },
    signIn: true,
  },
  {
    id: "proxy-not-covering-page",
    title: "Proxy not covering the page",
    description:
      "proxy.ts's matcher leaves /uncovered out: withAuth() throws there and AuthKit looks signed out.",
    expectedHeadline: "PROXY_NOT_COVERING",
    signIn: true,
    then: "/uncovered",
  },
  {
    id: "use-access-token-race",
    title: "The useAccessToken race",
    description:
      "A hand-written bridge hands Convex useAccessToken().accessToken as it was when the user appeared: undefined, so Convex never gets a token.",
    expectedHeadline: "CONVEX_GOT_NO_TOKEN",
    serverEnv: { DEMO_CONVEX_AUTH: "racy", DEMO_EAGER_AUTH: "false" },
    signIn: true,
  },
  {
    id: "server-query-rejected",
    title: "Server-rendered query with a rejected token",
    description:
      "The deployment still runs the older docs' auth config (applicationID on the user_management provider): /server's preloadQuery is rejected on the server, and so is the browser's socket.",
    expectedHeadline: "CONFIG_AUDIENCE_NEVER_SENT",
    alsoExpected: ["SERVER_TOKEN_REJECTED", "AUDIENCE_MISSING"],
    deploymentAuthConfig: "older-docs",
    signIn: true,
    then: "/server",
    pageShows: "page-error",
  },
];

/** The scenario with `id`, or a clear error listing the valid ids. */
export function nextScenarioById(id: string): NextScenario {
  const s = NEXT_SCENARIOS.find((x) => x.id === id);
  if (!s)
    throw new Error(
      `Unknown scenario "${id}". Known: ${NEXT_SCENARIOS.map((x) => x.id).join(", ")}`,
    );
  return s;
}

/** The Next.js server's env for a scenario: the healthy defaults, then the scenario's own. */
export function nextServerEnv(
  scenario: NextScenario,
  servers: { issuer: LocalWorkosIssuer; appUrl: string },
): Record<string, string> {
  const { issuer, appUrl } = servers;
  const env: Record<string, string> = {
    WORKOS_CLIENT_ID: issuer.clientId,
    WORKOS_API_KEY: DEMO_API_KEY,
    WORKOS_COOKIE_PASSWORD: DEMO_COOKIE_PASSWORD,
    // authkit-nextjs talks to the local issuer instead of api.workos.com.
    WORKOS_API_HOSTNAME: issuer.hostname,
    WORKOS_API_PORT: String(issuer.port),
    WORKOS_API_HTTPS: "false",
  };
  for (const [k, v] of Object.entries(scenario.serverEnv ?? {}))
    env[k] = v.replaceAll("{appUrl}", appUrl);
  return env;
}

/**
 * Puts the issuer and the stand-in into `scenario` from a clean slate and drops open sync
 * sockets; the caller (re)starts the Next.js server with {@link nextServerEnv}.
 */
export async function applyNextScenario(
  scenario: NextScenario,
  servers: { issuer: LocalWorkosIssuer; convex: ConvexStandin },
): Promise<void> {
  const { issuer, convex } = servers;
  issuer.resetScenario();
  if (scenario.issuer) issuer.setScenario(scenario.issuer);
  await convex.configure({
    env: {
      WORKOS_CLIENT_ID: scenario.deploymentClientId === "other" ? OTHER_CLIENT_ID : issuer.clientId,
    },
    authConfigPath:
      scenario.deploymentAuthConfig === "older-docs" ? olderDocsAuthConfigPath : undefined,
    redactErrors: false,
  });
  convex.dropConnections();
}
