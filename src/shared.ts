/**
 * Validators and boundary types shared by the component, the app-side wrapper and the React hook.
 * Every type that crosses a Convex function boundary is defined here once, as a validator, and
 * checked against the core types it mirrors.
 */
import {
  ConvexError,
  v,
  type Infer,
  type Validator,
  type VLiteral,
  type VUnion,
} from "convex/values";
import {
  FINDING_CODES,
  TOKEN_CHECK_CODES,
  type EnvVarReport,
  type Finding,
  type NormalizedProvider,
  type ServerReport,
  type TokenCheck,
} from "./core/index.js";
import schema from "./component/schema.js";
import { documentBytes } from "./convexValues.js";
import { describeSecretKind, type SecretLike } from "./core/secrets.js";
import { WORKOS_VARIANTS } from "./core/workos.js";

/** A union of string literals from a constant list, typed as that union. */
function literals<const T extends readonly [string, ...string[]]>(
  values: T,
): VUnion<T[number], VLiteral<T[number], "required">[], "required", never> {
  const members = values.map((value) => v.literal(value)) as [
    VLiteral<T[number]>,
    VLiteral<T[number]>,
    ...VLiteral<T[number]>[],
  ];
  return v.union(...members) as unknown as VUnion<
    T[number],
    VLiteral<T[number], "required">[],
    "required",
    never
  >;
}

const nullable = <T extends Validator<unknown, "required", string>>(validator: T) =>
  v.union(v.null(), validator);

// ── findings ─────────────────────────────────────────────────────────────────────────────

export const severityValidator = literals(["error", "warning", "info", "ok"] as const);
export const findingCodeValidator = literals(FINDING_CODES);
export const tokenCheckCodeValidator = literals(TOKEN_CHECK_CODES);

export const evidenceValueValidator = v.union(
  v.string(),
  v.number(),
  v.boolean(),
  v.null(),
  v.array(v.string()),
);

/** A {@link Finding}: catalogue text already filled in, plus the evidence behind it. */
export const findingValidator = v.object({
  code: findingCodeValidator,
  severity: severityValidator,
  title: v.string(),
  message: v.string(),
  fix: v.string(),
  docs: nullable(v.string()),
  evidence: v.record(v.string(), evidenceValueValidator),
});

// ── server report (diagnoseAuth) ─────────────────────────────────────────────────────────

/** A provider of `auth.config.ts` as Convex stores it (see `normalizeProviders`). */
export const normalizedProviderValidator = v.object({
  index: v.number(),
  convexOrder: nullable(v.number()),
  kind: literals(["oidc", "customJwt", "invalid"] as const),
  issuer: nullable(v.string()),
  applicationID: nullable(v.string()),
  jwks: nullable(v.string()),
  algorithm: nullable(v.string()),
  workosClientId: nullable(v.string()),
  workosVariant: v.union(v.null(), literals(WORKOS_VARIANTS)),
  label: v.string(),
  invalidReason: nullable(v.string()),
});

export const envVarReportValidator = v.object({
  name: v.string(),
  set: v.boolean(),
  value: nullable(v.string()),
  length: nullable(v.number()),
});

/** `ctx.auth.getUserIdentity()` as plain data (keys made Convex-safe). */
export const identityValidator = nullable(v.record(v.string(), v.any()));

/** What `diagnoseAuth` returns: {@link ServerReport}. */
export const serverReportValidator = v.object({
  answer: v.string(),
  identity: identityValidator,
  providers: v.array(normalizedProviderValidator),
  env: v.array(envVarReportValidator),
  configFindings: v.array(findingValidator),
  clientFindings: v.array(findingValidator),
  serverTime: v.number(),
  convexUrl: nullable(v.string()),
  version: v.string(),
});

// ── verifyToken ──────────────────────────────────────────────────────────────────────────

/** What `verifyToken` returns: a {@link TokenCheck} (it never contains the token). */
export const tokenCheckValidator = v.object({
  verdict: literals(["accepted", "rejected", "unverified"] as const),
  code: tokenCheckCodeValidator,
  providerIndex: nullable(v.number()),
  convexMessage: nullable(v.string()),
  convexCode: nullable(v.string()),
  identity: identityValidator,
  findings: v.array(findingValidator),
});

// ── stored reports ───────────────────────────────────────────────────────────────────────

/** What the React hook sends to `reportDiagnosis`: codes and decoded facts, never a token. */
export const reportInputFields = {
  headline: v.string(),
  codes: v.array(v.string()),
  ok: v.optional(v.boolean()),
  claims: v.optional(nullable(v.record(v.string(), v.any()))),
  tokenHeader: v.optional(nullable(v.record(v.string(), v.any()))),
  clientId: v.optional(nullable(v.string())),
  userAgent: v.optional(nullable(v.string())),
  clientTime: v.optional(nullable(v.number())),
  /** A random id the browser keeps for itself, so signed-out users can find their own reports. */
  sessionId: v.optional(v.string()),
};
export const reportInputValidator = v.object(reportInputFields);
export type ReportInput = Infer<typeof reportInputValidator>;

/** The report as the component stores it (already redacted and normalized by the wrapper). */
export const storedReportValidator = v.object({
  headline: v.string(),
  codes: v.array(v.string()),
  ok: v.boolean(),
  claims: nullable(v.record(v.string(), v.any())),
  tokenHeader: nullable(v.record(v.string(), v.any())),
  clientId: nullable(v.string()),
  userAgent: nullable(v.string()),
  clientTime: nullable(v.number()),
});
export type StoredReport = Infer<typeof storedReportValidator>;

/** Bounds on stored reports. All numbers are checked against {@link REPORT_LIMIT_BOUNDS}. */
export const reportLimitsValidator = v.object({
  maxRows: v.number(),
  maxBytes: v.number(),
  perClientPerMinute: v.number(),
  globalPerMinute: v.number(),
  ttlMs: v.number(),
});
export type ReportLimits = Infer<typeof reportLimitsValidator>;

/** Defaults: small enough to be harmless when left on by mistake. */
export const DEFAULT_REPORT_LIMITS: ReportLimits = {
  maxRows: 100,
  maxBytes: 4096,
  perClientPerMinute: 3,
  globalPerMinute: 30,
  ttlMs: 7 * 24 * 60 * 60 * 1000,
};

/** Allowed range of each limit; {@link reportLimitProblems} also checks the transaction budget. */
export const REPORT_LIMIT_BOUNDS: Readonly<
  Record<keyof ReportLimits, readonly [min: number, max: number]>
> = {
  maxRows: [1, 1000],
  maxBytes: [256, 16_384],
  perClientPerMinute: [1, 60],
  globalPerMinute: [1, 600],
  ttlMs: [60_000, 90 * 24 * 60 * 60 * 1000],
};

// ── transaction budget ───────────────────────────────────────────────────────────────────

const MiB = 1024 * 1024;

/**
 * Convex's limits per query or mutation, for the whole transaction (a component's mutation
 * shares its caller's): https://docs.convex.dev/production/state/limits#transactions.
 * "Documents scanned" counts documents a query reads, returned or not; "index ranges read" counts
 * `db.get` and `db.query` calls.
 */
export const CONVEX_TRANSACTION_LIMITS = {
  bytesRead: 16 * MiB,
  documentsScanned: 32_000,
  indexRangesRead: 4_096,
  bytesWritten: 16 * MiB,
  documentsWritten: 16_000,
} as const;

/** What one call reads and writes at most, in the units of {@link CONVEX_TRANSACTION_LIMITS}. */
export type TransactionCost = Record<keyof typeof CONVEX_TRANSACTION_LIMITS, number>;

/**
 * The share of each limit one store or prune call may use: `reportDiagnosis` may run inside the
 * app's own mutation (`storeReport`), which needs room for its own reads and writes.
 */
export const TRANSACTION_BUDGET_SHARE = 0.5;

/** Rows (expired, then surplus) one store call deletes at most. */
export const STORE_DELETE_BATCH = 20;
/** Rate-limiter rows older than the window one store call deletes at most (it adds one). */
export const SENDS_DELETE_BATCH = 10;
/** Rows one `prune` call deletes at most (and as many rate-limiter rows). */
export const PRUNE_MAX_BATCH = 100;
/** Longest client key and IP key the component stores. */
export const MAX_CLIENT_KEY = 512;
export const MAX_IP_KEY = 64;
/** The largest `sends` row and the `stats` row, as Convex counts document size. */
export const MAX_SEND_BYTES = documentBytes({
  clientKey: "x".repeat(MAX_CLIENT_KEY),
  ipKey: "x".repeat(MAX_IP_KEY),
  at: 0,
});
export const STATS_BYTES = documentBytes({ rows: 0 });
/**
 * Rows are read at the largest size any setting allows: rows stored under a larger `maxBytes`
 * stay until they expire or are dropped, whatever the current setting.
 */
const MAX_ROW_BYTES = REPORT_LIMIT_BOUNDS.maxBytes[1];

interface Reads {
  docs: number;
  bytes: number;
  ranges?: number;
}

function cost(parts: Reads[]): Required<Reads> {
  const sum = { docs: 0, bytes: 0, ranges: 0 };
  for (const p of parts) {
    sum.docs += p.docs;
    sum.bytes += p.bytes;
    sum.ranges += p.ranges ?? 0;
  }
  return sum;
}

/**
 * The most one `reports:store` call reads and writes with these limits, summed over every
 * database call it makes (see `src/component/reports.ts`). Deletes are counted as a read of the
 * row plus a write of its size, and every `db.delete` as an index range, to be safe.
 */
export function storeCallCost(limits: ReportLimits): TransactionCost {
  const perClient = limits.perClientPerMinute;
  const rowDeletes = STORE_DELETE_BATCH;
  const read = cost([
    { docs: 1, bytes: STATS_BYTES, ranges: 1 }, // the row count
    { docs: perClient, bytes: perClient * MAX_SEND_BYTES, ranges: 1 }, // this client's sends
    { docs: perClient, bytes: perClient * MAX_SEND_BYTES, ranges: 1 }, // this IP's sends
    { docs: limits.globalPerMinute, bytes: limits.globalPerMinute * MAX_SEND_BYTES, ranges: 1 },
    { docs: 2, bytes: 2 * MAX_ROW_BYTES, ranges: 2 }, // the client's previous report, and its patch
    { docs: rowDeletes + 1, bytes: (rowDeletes + 1) * MAX_ROW_BYTES, ranges: 1 }, // expired rows
    // rows beyond maxRows, and the new row, which is skipped
    { docs: rowDeletes + 1, bytes: (rowDeletes + 1) * MAX_ROW_BYTES, ranges: 1 },
    { docs: rowDeletes, bytes: rowDeletes * MAX_ROW_BYTES, ranges: rowDeletes }, // their deletes
    { docs: SENDS_DELETE_BATCH, bytes: SENDS_DELETE_BATCH * MAX_SEND_BYTES, ranges: 1 },
    {
      docs: SENDS_DELETE_BATCH,
      bytes: SENDS_DELETE_BATCH * MAX_SEND_BYTES,
      ranges: SENDS_DELETE_BATCH,
    },
    { docs: 1, bytes: STATS_BYTES, ranges: 1 }, // updating the row count
  ]);
  const written = cost([
    { docs: 1, bytes: MAX_ROW_BYTES }, // the previous report, patched
    { docs: 1, bytes: limits.maxBytes }, // the new report
    { docs: 1, bytes: MAX_SEND_BYTES }, // its send
    { docs: 1, bytes: STATS_BYTES }, // the row count
    { docs: rowDeletes, bytes: rowDeletes * MAX_ROW_BYTES },
    { docs: SENDS_DELETE_BATCH, bytes: SENDS_DELETE_BATCH * MAX_SEND_BYTES },
  ]);
  return {
    bytesRead: read.bytes,
    documentsScanned: read.docs,
    indexRangesRead: read.ranges,
    bytesWritten: written.bytes,
    documentsWritten: written.docs,
  };
}

/** The most one `reports:prune` call reads and writes with this batch size. */
export function pruneCallCost(batch: number): TransactionCost {
  const read = cost([
    { docs: 1, bytes: STATS_BYTES, ranges: 1 },
    { docs: batch + 1, bytes: (batch + 1) * MAX_ROW_BYTES, ranges: 1 }, // expired rows
    { docs: batch, bytes: batch * MAX_ROW_BYTES, ranges: 1 }, // rows beyond maxRows
    { docs: batch, bytes: batch * MAX_ROW_BYTES, ranges: batch }, // their deletes
    { docs: batch + 1, bytes: (batch + 1) * MAX_SEND_BYTES, ranges: 1 }, // old sends
    { docs: batch, bytes: batch * MAX_SEND_BYTES, ranges: batch },
    { docs: 1, bytes: STATS_BYTES, ranges: 1 },
  ]);
  const written = cost([
    { docs: batch, bytes: batch * MAX_ROW_BYTES },
    { docs: batch, bytes: batch * MAX_SEND_BYTES },
    { docs: 1, bytes: STATS_BYTES },
  ]);
  return {
    bytesRead: read.bytes,
    documentsScanned: read.docs,
    indexRangesRead: read.ranges,
    bytesWritten: written.bytes,
    documentsWritten: written.docs,
  };
}

/** The parts of `cost` over {@link TRANSACTION_BUDGET_SHARE} of Convex's limits, described. */
export function overBudget(cost: TransactionCost): string[] {
  return (Object.keys(CONVEX_TRANSACTION_LIMITS) as (keyof TransactionCost)[])
    .filter((key) => cost[key] > CONVEX_TRANSACTION_LIMITS[key] * TRANSACTION_BUDGET_SHARE)
    .map(
      (key) =>
        `${key} ${cost[key]} > ${CONVEX_TRANSACTION_LIMITS[key] * TRANSACTION_BUDGET_SHARE} (half of Convex's ${CONVEX_TRANSACTION_LIMITS[key]})`,
    );
}

/**
 * Every problem with a set of report limits: a value that is not an integer in its range, or
 * limits that would let one store call go over its share of Convex's transaction limits.
 * `prefix` names the option in messages (`reports.` for the wrapper's options).
 */
export function reportLimitProblems(
  limits: Partial<Record<keyof ReportLimits, unknown>>,
  prefix = "",
): string[] {
  const problems: string[] = [];
  for (const [key, [min, max]] of Object.entries(REPORT_LIMIT_BOUNDS)) {
    const value = limits[key as keyof ReportLimits];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      problems.push(
        `\`${prefix}${key}\` must be an integer from ${min} to ${max} (got ${String(value)})`,
      );
    }
  }
  if (problems.length > 0) return problems;
  const full = { ...DEFAULT_REPORT_LIMITS, ...limits } as ReportLimits;
  const over = overBudget(storeCallCost(full));
  if (over.length > 0)
    problems.push(`these limits let one store call read or write too much: ${over.join(", ")}`);
  return problems;
}

export const STORE_REJECTION_REASONS = [
  "disabled",
  "invalid",
  "too_large",
  "secret_detected",
  "rate_limited",
] as const;
export type StoreRejectionReason = (typeof STORE_REJECTION_REASONS)[number];

/** Why a report was refused for holding a secret: where, and what kind (never the value). */
export function secretRefusal(secret: SecretLike): string {
  return `Refused: ${describeSecretKind(secret.kind)}-shaped string at ${secret.path}. Reports may hold decoded claims, never a token or key.`;
}

/** Result of storing a report: results, not exceptions, so the hook can ignore refusals quietly. */
export const storeResultValidator = v.union(
  v.object({ ok: v.literal(true), id: v.string() }),
  v.object({
    ok: v.literal(false),
    reason: literals(STORE_REJECTION_REASONS),
    detail: v.string(),
    retryAfterMs: nullable(v.number()),
  }),
);
export type StoreResult = Infer<typeof storeResultValidator>;

/** A stored report as queries return it (`_id` as a plain string, valid outside the component). */
export const reportRowValidator = v.object({
  ...schema.tables.reports.validator.fields,
  _id: v.string(),
  _creationTime: v.number(),
});
export type ReportRow = Infer<typeof reportRowValidator>;

export const pruneResultValidator = v.object({ deleted: v.number(), more: v.boolean() });

// ── production switch ────────────────────────────────────────────────────────────────────

/** The `kind` of the `ConvexError` every function throws when diagnostics are switched off or denied. */
export const DISABLED_KIND = "AuthDiagnosticsDisabled";

/** The data of the `ConvexError` thrown when diagnostics are off (`enabled: false`) or `authorize` said no. */
export type AuthDiagnosticsDisabledData = {
  kind: typeof DISABLED_KIND;
  /** Which function refused. */
  functionName: "diagnoseAuth" | "verifyToken" | "reportDiagnosis" | "recentReports";
  /** `"disabled"`: `enabled: false`; `"denied"`: `authorize(ctx)` returned false. */
  reason: "disabled" | "denied";
  message: string;
};

/**
 * Whether an error (as thrown on the server or received by a client) is the production switch
 * refusing. Checks the data, not the class, so it survives the trip over the wire.
 * @example try { await convex.query(api.authDiagnostics.diagnoseAuth, {}) } catch (e) { if (isAuthDiagnosticsDisabled(e)) … }
 */
export function isAuthDiagnosticsDisabled(
  error: unknown,
): error is ConvexError<AuthDiagnosticsDisabledData> {
  if (typeof error !== "object" || error === null) return false;
  const data = (error as { data?: unknown }).data;
  return (
    typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === DISABLED_KIND
  );
}

// ── the validators describe exactly the core types ───────────────────────────────────────

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
// TokenCheck's identity is typed as a PredictedIdentity; on the wire it is plain data.
export type _ValidatorsMatchCoreTypes = [
  Expect<Same<Infer<typeof findingValidator>, Finding>>,
  Expect<Same<Infer<typeof normalizedProviderValidator>, NormalizedProvider>>,
  Expect<Same<Infer<typeof envVarReportValidator>, EnvVarReport>>,
  Expect<Same<Infer<typeof serverReportValidator>, ServerReport>>,
  Expect<Same<Omit<Infer<typeof tokenCheckValidator>, "identity">, Omit<TokenCheck, "identity">>>,
];
