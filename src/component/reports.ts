/**
 * Stored client diagnoses. The app-side wrapper decides whether storing is enabled, who the
 * client is and which limits apply; this module checks the limits, enforces them and refuses
 * anything that looks like a token or a key, whoever calls it.
 *
 * Every call reads and writes a bounded amount, whatever the table holds: rate limits read the
 * small `sends` rows of the last minute, the row limit reads the single `stats` row, and each
 * call deletes at most a fixed batch. `storeCallCost` and `pruneCallCost` in `src/shared.ts` sum
 * exactly the calls made here; keep them in step.
 */
import { v } from "convex/values";
import { FINDING_CODES } from "../core/index.js";
import { documentBytes, toConvexSafe } from "../convexValues.js";
import { findSecretLike } from "../core/secrets.js";
import {
  MAX_CLIENT_KEY,
  MAX_IP_KEY,
  overBudget,
  PRUNE_MAX_BATCH,
  pruneCallCost,
  pruneResultValidator,
  REPORT_LIMIT_BOUNDS,
  reportLimitProblems,
  reportLimitsValidator,
  reportRowValidator,
  secretRefusal,
  SENDS_DELETE_BATCH,
  STORE_DELETE_BATCH,
  storedReportValidator,
  storeResultValidator,
  type StoreResult,
} from "../shared.js";
import type { Doc, Id } from "./_generated/dataModel.js";
import { mutation, query, type MutationCtx } from "./_generated/server.js";

const MINUTE_MS = 60_000;
const MAX_CODES = 64;
const KNOWN_CODES: ReadonlySet<string> = new Set(FINDING_CODES);
/** What a finding code looks like: safe to repeat in a refusal. */
const CODE_SHAPE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Eviction tiers (see the schema): lower goes first when the table is full. */
const TIER_SUPERSEDED = 0;
const TIER_SIGNED_OUT = 1;
const TIER_SIGNED_IN = 2;

function refuse(
  reason: Extract<StoreResult, { ok: false }>["reason"],
  detail: string,
  retryAfterMs: number | null = null,
): StoreResult {
  return { ok: false, reason, detail, retryAfterMs };
}

/** The `stats` row, created on first use (rows stored by earlier versions are not counted). */
async function stats(ctx: MutationCtx): Promise<Doc<"stats">> {
  const existing = await ctx.db.query("stats").first();
  if (existing) return existing;
  const id = await ctx.db.insert("stats", { rows: 0 });
  return (await ctx.db.get("stats", id))!;
}

/**
 * Counts `added` new reports, deletes expired reports, then, while more than `maxRows` are
 * counted, the lowest-tier oldest ones (superseded reports first, then signed-out clients' newest,
 * then signed-in users' newest); at most `batch` reports in all. Then deletes up to `sendsBatch`
 * rate-limiter rows older than the window, and updates the row count.
 */
async function cleanUp(
  ctx: MutationCtx,
  now: number,
  maxRows: number | null,
  batch: number,
  sendsBatch: number,
  added: { count: number; keep: Id<"reports"> | null } = { count: 0, keep: null },
): Promise<{ deleted: number; more: boolean }> {
  const counter = await stats(ctx);
  let rows = counter.rows + added.count;
  let deleted = 0;
  const expired = await ctx.db
    .query("reports")
    .withIndex("by_expiresAt", (q) => q.lte("expiresAt", now))
    .take(batch + 1);
  for (const row of expired.slice(0, batch)) {
    await ctx.db.delete("reports", row._id);
    deleted++;
    rows--;
  }
  let more = expired.length > batch;
  if (maxRows !== null && rows > maxRows && deleted < batch) {
    const wanted = Math.min(rows - maxRows, batch - deleted);
    // No range: the whole table in eviction order (tier, then age). The report just stored is
    // never dropped in its own call: its sender was told it is stored.
    const candidates = await ctx.db
      .query("reports")
      .withIndex("by_tier")
      .take(wanted + (added.keep === null ? 0 : 1));
    const victims = candidates.filter((row) => row._id !== added.keep).slice(0, wanted);
    for (const row of victims) {
      await ctx.db.delete("reports", row._id);
      deleted++;
      rows--;
    }
    // Fewer rows than counted: only the kept row, if any, is left (rows deleted by hand, say).
    if (victims.length < wanted) rows = added.keep === null ? 0 : 1;
    more = more || rows > maxRows;
  }
  const oldSends = await ctx.db
    .query("sends")
    .withIndex("by_at", (q) => q.lte("at", now - MINUTE_MS))
    .take(sendsBatch);
  for (const send of oldSends) await ctx.db.delete("sends", send._id);
  rows = Math.max(0, rows);
  if (rows !== counter.rows) await ctx.db.patch("stats", counter._id, { rows });
  return { deleted, more };
}

/**
 * Stores one redacted client diagnosis if it passes every limit: valid limits, no token- or
 * key-shaped string anywhere, known finding codes only, at most `maxBytes` as stored, at most
 * `perClientPerMinute` for this client (and for this IP, for signed-out senders) and
 * `globalPerMinute` overall. Then drops expired rows and, beyond `maxRows`, the least important.
 */
export const store = mutation({
  args: {
    report: storedReportValidator,
    clientKey: v.string(),
    /** A signed-out sender's IP hash: rate-limited like a client, whatever session id it sends. */
    ipKey: v.optional(v.string()),
    version: v.string(),
    limits: reportLimitsValidator,
  },
  returns: storeResultValidator,
  handler: async (ctx, args) => {
    const problems = reportLimitProblems(args.limits);
    if (problems.length > 0) return refuse("invalid", `Limits refused: ${problems.join("; ")}.`);
    const limits = args.limits;
    const now = Date.now();
    const { report } = args;

    // First, before anything is repeated back in a refusal.
    const secret = findSecretLike({
      report,
      clientKey: args.clientKey,
      ipKey: args.ipKey,
      version: args.version,
    });
    if (secret) return refuse("secret_detected", secretRefusal(secret));

    const unknown = [report.headline, ...report.codes].find((code) => !KNOWN_CODES.has(code));
    if (unknown !== undefined)
      return refuse(
        "invalid",
        CODE_SHAPE.test(unknown)
          ? `\`${unknown}\` is not a finding code of convex-authkit-diagnostics.`
          : "The headline or a code is not a finding code of convex-authkit-diagnostics.",
      );
    if (report.codes.length > MAX_CODES)
      return refuse(
        "invalid",
        `A report lists at most ${MAX_CODES} codes; this one has ${report.codes.length}.`,
      );
    if (args.clientKey.length === 0 || args.clientKey.length > MAX_CLIENT_KEY)
      return refuse("invalid", `The client key must have 1 to ${MAX_CLIENT_KEY} characters.`);
    if (args.ipKey !== undefined && (args.ipKey.length === 0 || args.ipKey.length > MAX_IP_KEY))
      return refuse("invalid", `The IP key must have 1 to ${MAX_IP_KEY} characters.`);

    const signedIn = args.clientKey.startsWith("user:");
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
      expiresAt: now + limits.ttlMs,
      tier: signedIn ? TIER_SIGNED_IN : TIER_SIGNED_OUT,
      bytes: 0,
    };
    // Numbers have a fixed size, so measuring with `bytes: 0` gives the stored size.
    const bytes = documentBytes(row);
    if (bytes > limits.maxBytes)
      return refuse(
        "too_large",
        `The report takes ${bytes} bytes as stored; the limit is ${limits.maxBytes}.`,
      );

    const windowStart = now - MINUTE_MS;
    const checks: [string, Promise<Doc<"sends">[]>, number][] = [
      [
        `At most ${limits.perClientPerMinute} reports per client per minute.`,
        ctx.db
          .query("sends")
          .withIndex("by_clientKey", (q) => q.eq("clientKey", args.clientKey).gt("at", windowStart))
          .take(limits.perClientPerMinute),
        limits.perClientPerMinute,
      ],
    ];
    if (args.ipKey !== undefined) {
      checks.push([
        `At most ${limits.perClientPerMinute} reports per minute from one signed-out sender's address.`,
        ctx.db
          .query("sends")
          .withIndex("by_ipKey", (q) => q.eq("ipKey", args.ipKey!).gt("at", windowStart))
          .take(limits.perClientPerMinute),
        limits.perClientPerMinute,
      ]);
    }
    checks.push([
      `At most ${limits.globalPerMinute} reports per minute in total.`,
      ctx.db
        .query("sends")
        .withIndex("by_at", (q) => q.gt("at", windowStart))
        .take(limits.globalPerMinute),
      limits.globalPerMinute,
    ]);
    for (const [detail, pending, limit] of checks) {
      const recent = await pending;
      // Oldest first (index order): it is the one whose minute ends first.
      if (recent.length >= limit)
        return refuse("rate_limited", detail, Math.max(0, recent[0]!.at + MINUTE_MS - now));
    }

    // The client's previous newest report steps down to the first tier evicted when full.
    const previous = await ctx.db
      .query("reports")
      .withIndex("by_clientKey", (q) => q.eq("clientKey", args.clientKey))
      .order("desc")
      .first();
    if (previous && (previous.tier ?? TIER_SUPERSEDED) !== TIER_SUPERSEDED)
      await ctx.db.patch("reports", previous._id, { tier: TIER_SUPERSEDED });

    const id = await ctx.db.insert("reports", { ...row, bytes });
    await ctx.db.insert("sends", { clientKey: args.clientKey, ipKey: args.ipKey ?? null, at: now });
    await cleanUp(ctx, now, limits.maxRows, STORE_DELETE_BATCH, SENDS_DELETE_BATCH, {
      count: 1,
      keep: id,
    });
    return { ok: true as const, id };
  },
});

/**
 * Recent unexpired reports, newest first; only one client's when `clientKey` is given. Reads at
 * most `limit` rows (clamped to 1 to 100; default 20, also for NaN): expired rows among them are
 * left out, not replaced.
 */
export const list = query({
  args: {
    clientKey: v.optional(v.string()),
    limit: v.optional(v.number()),
  },
  returns: v.array(reportRowValidator),
  handler: async (ctx, args) => {
    // NaN (a valid Convex number) would reach `take` and throw: it means the default.
    const asked = args.limit !== undefined && Number.isFinite(args.limit) ? args.limit : 20;
    const limit = Math.min(100, Math.max(1, Math.floor(asked)));
    const now = Date.now();
    const source =
      args.clientKey === undefined
        ? ctx.db.query("reports").order("desc")
        : ctx.db
            .query("reports")
            .withIndex("by_clientKey", (q) => q.eq("clientKey", args.clientKey!))
            .order("desc");
    // Not `.filter()`: rows a filter skips still count as scanned, so it could scan the table.
    const rows = await source.take(limit);
    return rows.filter((row) => row.expiresAt > now);
  },
});

/**
 * Deletes expired reports (and the least important beyond `maxRows`, when given), at most
 * `batch` per call (1 to 100, default 100), and rate-limiter rows older than a minute. Call it from
 * a cron if reports are enabled; `more: true` means call again.
 * @throws Error when `batch` or `maxRows` is outside its range.
 */
export const prune = mutation({
  args: {
    maxRows: v.optional(v.number()),
    batch: v.optional(v.number()),
  },
  returns: pruneResultValidator,
  handler: async (ctx, args) => {
    const batch = args.batch ?? PRUNE_MAX_BATCH;
    if (!Number.isInteger(batch) || batch < 1 || batch > PRUNE_MAX_BATCH)
      throw new Error(`prune: \`batch\` must be an integer from 1 to ${PRUNE_MAX_BATCH}.`);
    const [min, max] = REPORT_LIMIT_BOUNDS.maxRows;
    if (
      args.maxRows !== undefined &&
      (!Number.isInteger(args.maxRows) || args.maxRows < min || args.maxRows > max)
    )
      throw new Error(`prune: \`maxRows\` must be an integer from ${min} to ${max}.`);
    const over = overBudget(pruneCallCost(batch));
    if (over.length > 0) throw new Error(`prune: a batch of ${batch} is too large (${over}).`);
    return await cleanUp(ctx, Date.now(), args.maxRows ?? null, batch, batch);
  },
});
