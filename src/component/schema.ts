import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

/**
 * The component's only table: client diagnoses the app chose to store, readable in the
 * dashboard's Data tab (pick the `authDiagnostics` component). Rows are redacted before they get
 * here and the store mutation refuses anything that looks like a token or an API key.
 */
export default defineSchema({
  reports: defineTable({
    // Who sent it (`user:<tokenIdentifier>`, `session:<id>`, `ip:<hash>` or `anonymous`): rate limits and "my reports".
    clientKey: v.string(),
    // The diagnosis' headline finding code: the one-line answer to "why is isAuthenticated false?".
    headline: v.string(),
    // Every finding code of the diagnosis, most important first: the full picture without any prose.
    codes: v.array(v.string()),
    // Whether the client considered itself authenticated with nothing wrong: filters the noise out.
    ok: v.boolean(),
    // The access token's decoded claims (never the token or its signature): issuer, client, expiry.
    claims: v.union(v.null(), v.record(v.string(), v.any())),
    // The token's decoded header (`alg`, `kid`, `typ`): key and algorithm problems.
    tokenHeader: v.union(v.null(), v.record(v.string(), v.any())),
    // The WorkOS client ID the app signed in with (public): client ID mismatches.
    clientId: v.union(v.null(), v.string()),
    // The browser, as the server saw it (or as the client said): cookie and storage quirks differ per browser.
    userAgent: v.union(v.null(), v.string()),
    // The client's clock when it diagnosed, ms since the epoch: clock skew against `_creationTime`.
    clientTime: v.union(v.null(), v.number()),
    // Version of convex-authkit-diagnostics on the server: reports stay comparable across upgrades.
    version: v.string(),
    // When the row stops being served and may be deleted (ms since the epoch): the expiry limit.
    expiresAt: v.number(),
    // Size of the stored report in bytes (UTF-8 JSON): the per-report size limit, visible per row.
    bytes: v.number(),
  })
    .index("by_clientKey", ["clientKey"])
    .index("by_expiresAt", ["expiresAt"]),
});
