import "server-only";

/**
 * Read on the server at run time, so one build serves every demo scenario.
 *
 * The diagnostics' server side runs in development, or in a production server started with
 * `EXAMPLE_DIAGNOSTICS=on` (the e2e tests build and start the example that way).
 */
export const diagnosticsEnabled =
  process.env.NODE_ENV === "development" || process.env.EXAMPLE_DIAGNOSTICS === "on";

/**
 * How the app hands AuthKit's token to Convex: `correct` (what the starter does), or `racy` —
 * a hand-written bridge that passes Convex the `accessToken` value `useAccessToken()` held when the
 * user appeared (the demo's "`useAccessToken` race" scenario sets `DEMO_CONVEX_AUTH=racy`).
 */
export const convexAuthBridge: "correct" | "racy" =
  process.env.DEMO_CONVEX_AUTH === "racy" ? "racy" : "correct";

/** The redirect URI the proxy passes to AuthKit, when a deployment overrides the env's. */
export const redirectUriOverride = process.env.DEMO_REDIRECT_URI || undefined;

/** `eagerAuth` of the proxy (the starter turns it on); `DEMO_EAGER_AUTH=false` turns it off. */
export const eagerAuth = process.env.DEMO_EAGER_AUTH !== "false";
