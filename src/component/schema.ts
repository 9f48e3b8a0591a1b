import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

/**
 * The component's tables. `reports` holds the client diagnoses the app chose to store, readable
 * in the dashboard's Data tab (pick the `authDiagnostics` component); rows are redacted before
 * they get here and the store mutation refuses anything that looks like a token or a key.
 * `sends` and `stats` are bookkeeping kept small, so one store call reads little whatever the
 * limits (see `storeCallCost` in `src/shared.ts`).
 */
export default defineSchema({
  reports: defineTable({
    // Who sent it (`user:<tokenIdentifier>`, `session:<hash>`, `ip:<hash>` or `anonymous`): rate limits and "my reports".
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
    // Size of the stored row in bytes, as Convex counts document size: the per-report size limit.
    bytes: v.number(),
    // Which rows go first when the table is full: 0 = the client has sent a newer report,
    // 1 = a signed-out client's newest, 2 = a signed-in user's newest. Missing on rows stored by
    // earlier versions, which therefore go before all others.
    tier: v.optional(v.number()),
  })
    .index("by_clientKey", ["clientKey"])
    .index("by_expiresAt", ["expiresAt"])
    .index("by_tier", ["tier"]),
  // One row per stored report for one minute: the rate limiter's memory, a few hundred bytes each.
  sends: defineTable({
    // The report's client key.
    clientKey: v.string(),
    // A signed-out sender's IP hash (`ip:<hash>`), limited like a client however many session ids it uses.
    ipKey: v.union(v.null(), v.string()),
    // When the report was stored, ms since the epoch.
    at: v.number(),
  })
    .index("by_clientKey", ["clientKey", "at"])
    .index("by_ipKey", ["ipKey", "at"])
    .index("by_at", ["at"]),
  // A single row counting the reports, so the row limit is kept without reading the table.
  stats: defineTable({
    rows: v.number(),
  }),
});
