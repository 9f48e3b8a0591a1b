/**
 * Stored client diagnoses. The app-side wrapper decides whether storing is enabled, who the
 * client is and which limits apply; this module enforces the limits and refuses anything that
 * looks like a token or an API key, whoever calls it.
 */
import { v } from "convex/values";
import { FINDING_CODES } from "../core/index.js";
import { jsonBytes, toConvexSafe } from "../convexValues.js";
import { findSecretLike } from "../core/secrets.js";
import {
  pruneResultValidator,
  REPORT_LIMIT_BOUNDS,
  reportLimitsValidator,
  reportRowValidator,
  secretRefusal,
  storedReportValidator,
  storeResultValidator,
  type ReportLimits,
  type StoreResult,
} from "../shared.js";
import { mutation, query, type MutationCtx } from "./_generated/server.js";

const MINUTE_MS = 60_000;
/** Rows deleted per store call on top of the new row's own bookkeeping: keeps every write small. */
const PRUNE_BATCH = 20;
const MAX_CODES = 64;
const KNOWN_CODES: ReadonlySet<string> = new Set(FINDING_CODES);

function clampLimits(limits: ReportLimits): ReportLimits {
  const out = { ...limits };
  for (const key of Object.keys(REPORT_LIMIT_BOUNDS) as (keyof ReportLimits)[]) {
    const [min, max] = REPORT_LIMIT_BOUNDS[key];
    const value = Number.isFinite(limits[key]) ? Math.floor(limits[key]) : min;
    out[key] = Math.min(max, Math.max(min, value));
  }
  // The rows are the rate limiter's memory: with more reports per minute than rows kept, the
  // oldest would be dropped before the window closes and stop counting.
  out.globalPerMinute = Math.min(out.globalPerMinute, out.maxRows);
  return out;
}

function refuse(
  reason: Extract<StoreResult, { ok: false }>["reason"],
  detail: string,
  retryAfterMs: number | null = null,
): StoreResult {
  return { ok: false, reason, detail, retryAfterMs };
}

/** Deletes expired rows, then the oldest rows beyond `maxRows`; at most `batch` deletions. */
async function pruneRows(
  ctx: MutationCtx,
  now: number,
  maxRows: number | null,
  batch: number,
): Promise<{ deleted: number; more: boolean }> {
  let deleted = 0;
  const expired = await ctx.db
    .query("reports")
    .withIndex("by_expiresAt", (q) => q.lte("expiresAt", now))
    .take(batch + 1);
  for (const row of expired.slice(0, batch)) {
    await ctx.db.delete("reports", row._id);
    deleted++;
  }
  let more = expired.length > batch;
  if (maxRows !== null && deleted < batch) {
    // Newest first: everything after the first `maxRows` rows is surplus.
    const newest = await ctx.db
      .query("reports")
      .order("desc")
      .take(maxRows + (batch - deleted) + 1);
    const surplus = newest.slice(maxRows).filter((row) => row.expiresAt > now);
    for (const row of surplus.slice(0, batch - deleted)) {
      await ctx.db.delete("reports", row._id);
      deleted++;
    }
    more = more || surplus.length > batch - deleted;
  }
  return { deleted, more };
}

/**
 * Stores one redacted client diagnosis if it passes every limit: known finding codes only, no
 * token- or key-shaped string anywhere, at most `maxBytes`, at most `perClientPerMinute` for this
 * client and `globalPerMinute` overall. Then drops expired rows and the oldest beyond `maxRows`.
 */
export const store = mutation({
  args: {
    report: storedReportValidator,
    clientKey: v.string(),
    version: v.string(),
    limits: reportLimitsValidator,
  },
  returns: storeResultValidator,
  handler: async (ctx, args) => {
    const limits = clampLimits(args.limits);
    const now = Date.now();
    const { report } = args;

    const unknown = [report.headline, ...report.codes].find((code) => !KNOWN_CODES.has(code));
    if (unknown !== undefined)
      return refuse(
        "invalid",
        `\`${unknown.slice(0, 64)}\` is not a finding code of convex-authkit-diagnostics.`,
      );
    if (report.codes.length > MAX_CODES)
      return refuse(
        "invalid",
        `A report lists at most ${MAX_CODES} codes; this one has ${report.codes.length}.`,
      );
    if (args.clientKey.length === 0 || args.clientKey.length > 512)
      return refuse("invalid", "The client key must have 1 to 512 characters.");

    const row = {
      clientKey: args.clientKey,
      headline: report.headline,
      codes: report.codes,
      ok: report.ok,
      claims: toConvexSafe(report.claims) as Record<string, unknown> | null,
      tokenHeader: toConvexSafe(report.tokenHeader) as Record<string, unknown> | null,
      clientId: report.clientId,
      userAgent: report.userAgent === null ? null : report.userAgent.slice(0, 512),
      clientTime: report.clientTime,
      version: args.version.slice(0, 64),
    };
    const secret = findSecretLike(row);
    if (secret) return refuse("secret_detected", secretRefusal(secret));
    const bytes = jsonBytes(row);
    if (bytes > limits.maxBytes)
      return refuse("too_large", `The report has ${bytes} bytes; the limit is ${limits.maxBytes}.`);

    const windowStart = now - MINUTE_MS;
    const mine = await ctx.db
      .query("reports")
      .withIndex("by_clientKey", (q) =>
        q.eq("clientKey", args.clientKey).gt("_creationTime", windowStart),
      )
      .take(limits.perClientPerMinute);
    if (mine.length >= limits.perClientPerMinute) {
      const oldest = Math.min(...mine.map((r) => r._creationTime));
      return refuse(
        "rate_limited",
        `At most ${limits.perClientPerMinute} reports per client per minute.`,
        Math.max(0, Math.ceil(oldest + MINUTE_MS - now)),
      );
    }
    const everyone = await ctx.db
      .query("reports")
      .withIndex("by_creation_time", (q) => q.gt("_creationTime", windowStart))
      .take(limits.globalPerMinute);
    if (everyone.length >= limits.globalPerMinute) {
      const oldest = Math.min(...everyone.map((r) => r._creationTime));
      return refuse(
        "rate_limited",
        `At most ${limits.globalPerMinute} reports per minute in total.`,
        Math.max(0, Math.ceil(oldest + MINUTE_MS - now)),
      );
    }

    const id = await ctx.db.insert("reports", { ...row, expiresAt: now + limits.ttlMs, bytes });
    await pruneRows(ctx, now, limits.maxRows, PRUNE_BATCH);
    return { ok: true as const, id };
  },
});

/** Recent unexpired reports, newest first; only one client's when `clientKey` is given. */
export const list = query({
  args: {
    clientKey: v.optional(v.string()),
    limit: v.optional(v.number()),
  },
  returns: v.array(reportRowValidator),
  handler: async (ctx, args) => {
    const limit = Math.min(100, Math.max(1, Math.floor(args.limit ?? 20)));
    const now = Date.now();
    const source =
      args.clientKey === undefined
        ? ctx.db.query("reports").order("desc")
        : ctx.db
            .query("reports")
            .withIndex("by_clientKey", (q) => q.eq("clientKey", args.clientKey!))
            .order("desc");
    return await source.filter((q) => q.gt(q.field("expiresAt"), now)).take(limit);
  },
});

/**
 * Deletes expired reports (and the oldest beyond `maxRows`, when given), at most `batch` per call
 * (default 100). Call it from a cron if reports are enabled; `more: true` means call again.
 */
export const prune = mutation({
  args: {
    maxRows: v.optional(v.number()),
    batch: v.optional(v.number()),
  },
  returns: pruneResultValidator,
  handler: async (ctx, args) => {
    const batch = Math.min(500, Math.max(1, Math.floor(args.batch ?? 100)));
    const [min, max] = REPORT_LIMIT_BOUNDS.maxRows;
    const maxRows =
      args.maxRows === undefined ? null : Math.min(max, Math.max(min, Math.floor(args.maxRows)));
    return await pruneRows(ctx, Date.now(), maxRows, batch);
  },
});
