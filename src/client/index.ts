/**
 * `convex-authkit-diagnostics`: the app-side wrapper of the `authDiagnostics` component.
 *
 * Components cannot see `ctx.auth` or the app's environment variables, so everything that needs
 * them (the caller's identity, `auth.config.ts`, `WORKOS_CLIENT_ID`, …) is read here, in the app's
 * own functions, and only the stored reports live in the component.
 *
 * @example
 * // convex/authDiagnostics.ts
 * import { AuthDiagnostics } from "convex-authkit-diagnostics";
 * import { components } from "./_generated/api";
 * import authConfig from "./auth.config";
 * export const { diagnoseAuth, verifyToken, reportDiagnosis, recentReports } =
 *   new AuthDiagnostics(components.authDiagnostics, { authConfig }).api();
 */
import { actionGeneric, mutationGeneric, queryGeneric } from "convex/server";
import type { Auth, GenericDataModel, GenericMutationCtx, GenericQueryCtx } from "convex/server";
import { ConvexError, v } from "convex/values";
import {
  checkToken,
  compareClientIds,
  compareFindings,
  createDocumentCache,
  finding,
  findSecretLike,
  isWorkOSClientId,
  lintProviders,
  normalizeProviders,
  PUBLIC_ENV_VARS,
  redactValues,
  SECRET_ENV_VARS,
  secretKindOf,
  serverSummary,
  type DocumentCache,
  type EnvVarReport,
  type FetchLike,
  type Finding,
  type NormalizedProvider,
  type SecretKind,
  type ServerReport,
  type TokenCheck,
} from "../core/index.js";
import type { ComponentApi } from "../component/_generated/component.js";
import { jsonBytes, toConvexSafe } from "../convexValues.js";
import {
  DEFAULT_REPORT_LIMITS,
  DISABLED_KIND,
  REPORT_LIMIT_BOUNDS,
  reportInputFields,
  reportLimitProblems,
  reportRowValidator,
  secretRefusal,
  serverReportValidator,
  storeResultValidator,
  tokenCheckValidator,
  type AuthDiagnosticsDisabledData,
  type ReportInput,
  type ReportLimits,
  type ReportRow,
  type StoredReport,
  type StoreResult,
} from "../shared.js";
import { VERSION } from "../version.js";
import { allowListFetch } from "./fetchAllowList.js";

export { allowListFetch, discoveryUrl, type AllowListFetch } from "./fetchAllowList.js";
export {
  DEFAULT_REPORT_LIMITS,
  DISABLED_KIND,
  isAuthDiagnosticsDisabled,
  reportRowValidator,
  serverReportValidator,
  tokenCheckValidator,
  type AuthDiagnosticsDisabledData,
  type ReportInput,
  type ReportLimits,
  type ReportRow,
  type StoreResult,
} from "../shared.js";
export type { ComponentApi } from "../component/_generated/component.js";
export { VERSION } from "../version.js";

/** The names of the functions {@link AuthDiagnostics.api} builds. */
export type DiagnosticsFunctionName = AuthDiagnosticsDisabledData["functionName"];

/** The smallest context the production switch needs: every Convex function context fits. */
export interface AuthorizeCtx {
  auth: Auth;
}

/** Settings of stored client reports (`reportDiagnosis` / `recentReports`). */
export interface ReportOptions extends Partial<ReportLimits> {
  /** Store reports at all. Default `false`: `reportDiagnosis` answers `{ ok: false, reason: "disabled" }`. */
  enabled?: boolean;
}

/** Which environment variables the report shows, and where they are read from. */
export interface EnvOptions {
  /** Reads one variable. Default: the app's `process.env`, read on every call. */
  get?: (name: string) => string | undefined;
  /** More variables whose values are public and may be shown (like `WORKOS_CLIENT_ID`). */
  public?: string[];
  /** More secret variables: only whether they are set and their length are shown. */
  secret?: string[];
}

/** Options of {@link AuthDiagnostics}. */
export interface AuthDiagnosticsOptions {
  /** The default export of `convex/auth.config.ts` (bundled with the same push as the functions). */
  authConfig: { providers: readonly unknown[] } | { providers?: unknown };
  /**
   * The production switch. `false`: every function throws `ConvexError({ kind:
   * "AuthDiagnosticsDisabled", reason: "disabled", … })`. Default `true`.
   */
  enabled?: boolean;
  /**
   * Called before every function runs; return `false` to refuse with `ConvexError({ kind:
   * "AuthDiagnosticsDisabled", reason: "denied", … })`. Runs in the app, so it can read
   * `ctx.auth` and `process.env`.
   * @example authorize: async (ctx) => process.env.AUTH_DIAGNOSTICS === "on" || (await ctx.auth.getUserIdentity())?.role === "admin"
   */
  authorize?: (
    ctx: AuthorizeCtx,
    request: { functionName: DiagnosticsFunctionName },
  ) => boolean | Promise<boolean>;
  /** Stored client reports: off unless `enabled: true`; limits default to {@link DEFAULT_REPORT_LIMITS}. */
  reports?: ReportOptions;
  env?: EnvOptions;
  /** The fetch `verifyToken` uses (always behind the auth-config allow-list). Default: global `fetch`. */
  fetch?: FetchLike;
}

export { PUBLIC_ENV_VARS, SECRET_ENV_VARS } from "../core/index.js";

/** Access tokens are about 1 KB; anything far larger is refused before it is parsed. */
export const MAX_TOKEN_CHARS = 16_384;
const SESSION_ID = /^[A-Za-z0-9_-]{8,128}$/;

const DISABLED_MESSAGES: Record<AuthDiagnosticsDisabledData["reason"], string> = {
  disabled: "Auth diagnostics are switched off on this deployment (`enabled: false`).",
  denied: "Auth diagnostics are not available to this caller (`authorize` returned false).",
};

type RunQueryCtx = Pick<GenericQueryCtx<GenericDataModel>, "runQuery">;
type RunMutationCtx = Pick<GenericMutationCtx<GenericDataModel>, "runMutation">;
type MaybeMeta = {
  meta?: { getRequestMetadata?: () => Promise<{ ip: string | null; userAgent: string | null }> };
};

function defaultEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.[name];
}

/** The first 128 bits of SHA-256, in hex: session ids are kept only as this. */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).slice(0, 16), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}

/** FNV-1a: IPs are only kept as a short hash, enough to tell clients apart for rate limiting. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

function validateOptions(component: unknown, options: unknown): string[] {
  const problems: string[] = [];
  if (typeof component !== "object" || component === null) {
    problems.push(
      "the first argument must be `components.authDiagnostics` (from `./_generated/api`); add `app.use(authDiagnostics)` to convex/convex.config.ts and run `npx convex dev`",
    );
  }
  if (typeof options !== "object" || options === null) {
    problems.push("options are required: `{ authConfig }`");
    return problems;
  }
  const o = options as Record<string, unknown>;
  if (typeof o.authConfig !== "object" || o.authConfig === null) {
    problems.push(
      '`authConfig` is required: pass the default export of convex/auth.config.ts (`import authConfig from "./auth.config"`)',
    );
  }
  if (o.enabled !== undefined && typeof o.enabled !== "boolean")
    problems.push("`enabled` must be a boolean");
  if (o.authorize !== undefined && typeof o.authorize !== "function")
    problems.push("`authorize` must be a function `(ctx) => boolean | Promise<boolean>`");
  if (o.fetch !== undefined && typeof o.fetch !== "function")
    problems.push("`fetch` must be a function");
  if (o.reports !== undefined) {
    if (typeof o.reports !== "object" || o.reports === null)
      problems.push("`reports` must be an object");
    else {
      const r = o.reports as Record<string, unknown>;
      if (r.enabled !== undefined && typeof r.enabled !== "boolean")
        problems.push("`reports.enabled` must be a boolean");
      const limits: Partial<Record<keyof ReportLimits, unknown>> = {};
      for (const key of Object.keys(REPORT_LIMIT_BOUNDS) as (keyof ReportLimits)[])
        if (r[key] !== undefined) limits[key] = r[key];
      problems.push(...reportLimitProblems(limits, "reports."));
    }
  }
  return problems;
}

/**
 * The app-side wrapper of the `authDiagnostics` component. Build it once per app with the app's
 * auth config, then re-export the functions from {@link AuthDiagnostics.api}.
 *
 * @example
 * const diagnostics = new AuthDiagnostics(components.authDiagnostics, {
 *   authConfig,
 *   authorize: () => process.env.AUTH_DIAGNOSTICS !== "off",
 *   reports: { enabled: true, maxRows: 200 },
 * });
 * export const { diagnoseAuth, verifyToken, reportDiagnosis, recentReports } = diagnostics.api();
 */
export class AuthDiagnostics {
  readonly component: ComponentApi;
  private readonly options: AuthDiagnosticsOptions;
  private readonly limits: ReportLimits;
  private readonly reportsEnabled: boolean;
  private readonly cache: DocumentCache = createDocumentCache();

  /** @throws Error listing every problem with the arguments at once. */
  constructor(component: ComponentApi, options: AuthDiagnosticsOptions) {
    const problems = validateOptions(component, options);
    if (problems.length > 0) throw new Error(`AuthDiagnostics: ${problems.join("; ")}.`);
    this.component = component;
    this.options = options;
    this.reportsEnabled = options.reports?.enabled === true;
    const { enabled: _enabled, ...limits } = options.reports ?? {};
    this.limits = { ...DEFAULT_REPORT_LIMITS, ...limits };
  }

  private get providers(): unknown {
    return (this.options.authConfig as { providers?: unknown }).providers;
  }

  private env(name: string): string | undefined {
    return (this.options.env?.get ?? defaultEnv)(name);
  }

  /**
   * Applies the production switch: throws `ConvexError({ kind: "AuthDiagnosticsDisabled", … })`
   * when `enabled` is false or `authorize` refuses.
   */
  async guard(ctx: AuthorizeCtx, functionName: DiagnosticsFunctionName): Promise<void> {
    const refuse = (reason: AuthDiagnosticsDisabledData["reason"]) =>
      new ConvexError<AuthDiagnosticsDisabledData>({
        kind: DISABLED_KIND,
        functionName,
        reason,
        message: DISABLED_MESSAGES[reason],
      });
    if (this.options.enabled === false) throw refuse("disabled");
    if (this.options.authorize && (await this.options.authorize(ctx, { functionName })) !== true)
      throw refuse("denied");
  }

  /**
   * The auth env vars: `WORKOS_CLIENT_ID`'s value, the secrets' presence and length only. A
   * public variable whose value could be a secret is reported like a secret: set, and its length.
   */
  envReport(): EnvVarReport[] {
    const secretNames = [...SECRET_ENV_VARS, ...(this.options.env?.secret ?? [])];
    const hidden = new Set(this.hiddenPublicValues().map(({ name }) => name));
    return [
      ...this.publicEnvNames().map((name) => {
        const value = this.readEnv(name);
        return {
          name,
          set: value !== undefined,
          value: value === undefined || hidden.has(name) ? null : value,
          length: value !== undefined && hidden.has(name) ? value.length : null,
        };
      }),
      ...secretNames.map((name) => {
        const value = this.readEnv(name);
        return {
          name,
          set: value !== undefined,
          value: null,
          length: value === undefined ? null : value.length,
        };
      }),
    ];
  }

  private publicEnvNames(): string[] {
    return [...PUBLIC_ENV_VARS, ...(this.options.env?.public ?? [])];
  }

  /** A variable's value, or `undefined` when unset or empty. */
  private readEnv(name: string): string | undefined {
    const value = this.env(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  /**
   * Public variables whose values must not be shown: any that is secret-shaped or equals a secret
   * variable's value, and a `WORKOS_CLIENT_ID` that is not a WorkOS client ID (a cookie password
   * pasted there has no shape to recognize, and the deployment may not hold the original).
   */
  private hiddenPublicValues(): { name: string; value: string; kind: SecretKind | null }[] {
    const secrets = this.secretValues();
    const out: { name: string; value: string; kind: SecretKind | null }[] = [];
    for (const name of this.publicEnvNames()) {
      const value = this.readEnv(name);
      if (value === undefined) continue;
      const kind = secretKindOf(value, secrets);
      if (kind !== null || (name === "WORKOS_CLIENT_ID" && !isWorkOSClientId(value)))
        out.push({ name, value, kind });
    }
    return out;
  }

  /** The values of the deployment's secret env vars, so exact copies of them can be refused. */
  private secretValues(): string[] {
    const names = [...SECRET_ENV_VARS, ...(this.options.env?.secret ?? [])];
    return names.map((name) => this.env(name)).filter((v): v is string => typeof v === "string");
  }

  /**
   * Compares the client ID the app signs in with against `WORKOS_CLIENT_ID` and the client IDs
   * the providers name (the core rule `compareClientIds`): `ENV_MISSING`, `CLIENT_ID_MISMATCH`,
   * `CONFIG_NOT_DEPLOYED`, `CLIENT_ID_INVALID`.
   */
  clientFindings(
    clientId: string | undefined,
    providers: readonly NormalizedProvider[],
  ): Finding[] {
    const env = this.env("WORKOS_CLIENT_ID");
    return compareClientIds({
      appClientId: clientId ?? null,
      deploymentClientId: typeof env === "string" && env !== "" ? env : null,
      providers,
    });
  }

  /**
   * The server's side of the story: the caller's identity, the providers in the order Convex
   * tries them, auth env vars, config lint and the comparison with `clientId`.
   * Use it from your own functions; `diagnoseAuth` returns exactly this.
   */
  async serverReport(ctx: AuthorizeCtx, args: { clientId?: string } = {}): Promise<ServerReport> {
    const identity = await ctx.auth.getUserIdentity();
    const set = normalizeProviders(this.providers);
    // The providers bundled with the deployed functions: the local file may be ahead of them.
    const configFindings = lintProviders(this.providers, { source: "deployed" });
    const clientFindings = this.clientFindings(args.clientId, set.convexOrder);
    const hidden = this.hiddenPublicValues();
    const report: ServerReport = {
      answer: "",
      identity: identity === null ? null : (toConvexSafe(identity) as Record<string, unknown>),
      providers: set.convexOrder,
      env: this.envReport(),
      configFindings,
      clientFindings,
      serverTime: Date.now(),
      convexUrl: this.env("CONVEX_CLOUD_URL") ?? null,
      version: VERSION,
    };
    const invalid = hidden.find(({ name }) => name === "WORKOS_CLIENT_ID");
    if (invalid) {
      report.clientFindings.unshift(
        finding("DEPLOYMENT_CLIENT_ID_INVALID", {
          name: invalid.name,
          length: invalid.value.length,
          secretKind: invalid.kind,
        }),
      );
    }
    const problems = [...report.configFindings, ...report.clientFindings].sort(compareFindings);
    report.answer = serverSummary(identity, problems);
    // The auth config interpolates env values into URLs and findings quote them: a hidden value
    // is cut out of every string of the report. Only known values: the caller's own identity may
    // hold IDs that merely look random.
    const known = [...this.secretValues(), ...hidden.map(({ value }) => value)];
    return redactValues(report, known, { shapes: false });
  }

  /**
   * Judges `token` the way this deployment would, fetching keys only from URLs of the auth
   * config. The token is not logged, stored or returned.
   */
  async verify(
    token: string,
    options: { transport?: "websocket" | "http" } = {},
  ): Promise<TokenCheck> {
    if (token.length > MAX_TOKEN_CHARS) {
      const f = finding("TOKEN_MALFORMED", {
        detail: `the value has ${token.length} characters, far more than an access token (limit ${MAX_TOKEN_CHARS})`,
      });
      return {
        verdict: "rejected",
        code: "TOKEN_MALFORMED",
        providerIndex: null,
        convexMessage: null,
        convexCode: null,
        identity: null,
        findings: [f],
      };
    }
    const set = normalizeProviders(this.providers);
    const base =
      this.options.fetch ??
      ((url: string, init?: { headers?: Record<string, string> }) => fetch(url, init));
    const check = await checkToken(token, this.providers, {
      fetch: allowListFetch(set.convexOrder, base),
      cache: this.cache,
      now: Date.now(),
      transport: options.transport ?? "websocket",
      // Runs on the deployment: an unreachable URL is what Convex meets too.
      fetchesAsConvex: true,
    });
    return {
      ...check,
      identity:
        check.identity === null ? null : (toConvexSafe(check.identity) as TokenCheck["identity"]),
    };
  }

  /**
   * Who is reporting: the signed-in user, else a hash of the browser's session id (the id itself
   * is never stored: it is client-chosen text), else a hash of the IP. `ipKey` is the IP hash of
   * a signed-out sender that also sent a session id, so rotating ids does not lift its rate limit.
   */
  private async clientKey(
    ctx: AuthorizeCtx & MaybeMeta,
    sessionId: string | undefined,
    useIp: boolean,
  ): Promise<{ clientKey: string; ipKey?: string } | null> {
    const identity = await ctx.auth.getUserIdentity();
    if (identity !== null) return { clientKey: `user:${identity.tokenIdentifier}` };
    const ip = useIp ? await requestMetadata(ctx).then((m) => m?.ip ?? null) : null;
    const ipKey = ip === null ? undefined : `ip:${shortHash(ip)}`;
    if (sessionId !== undefined)
      return { clientKey: `session:${await sha256Hex(sessionId)}`, ipKey };
    if (!useIp) return null;
    return { clientKey: ipKey ?? "anonymous" };
  }

  /** Stores a redacted client diagnosis, applying every limit; see {@link ReportOptions}. */
  async storeReport(
    ctx: AuthorizeCtx & RunMutationCtx & MaybeMeta,
    input: ReportInput,
  ): Promise<StoreResult> {
    const refuse = (
      reason: Extract<StoreResult, { ok: false }>["reason"],
      detail: string,
    ): StoreResult => ({ ok: false, reason, detail, retryAfterMs: null });
    if (!this.reportsEnabled)
      return refuse(
        "disabled",
        "Stored reports are off; enable them with `reports: { enabled: true }` in `new AuthDiagnostics(…)`.",
      );
    // Cheap bound before any work: the component measures the exact size after redaction.
    if (jsonBytes(input) > this.limits.maxBytes * 4)
      return refuse(
        "too_large",
        `The report is far larger than the limit of ${this.limits.maxBytes} bytes.`,
      );
    // Checked on the raw input too: truncation or key escaping below could cut a token into a shape the component no longer recognizes.
    const known = this.secretValues();
    // The session id is left out: it is random by design, and only its hash is stored.
    const { sessionId: _sessionId, ...content } = input;
    const secret = findSecretLike(content, known);
    if (secret) return refuse("secret_detected", secretRefusal(secret));
    if (input.sessionId !== undefined && !SESSION_ID.test(input.sessionId)) {
      return refuse(
        "invalid",
        "`sessionId` must be 8 to 128 characters of A-Z, a-z, 0-9, `_` or `-`.",
      );
    }
    const { clientKey, ipKey } = (await this.clientKey(ctx, input.sessionId, true))!;
    const meta = await requestMetadata(ctx);
    const report: StoredReport = {
      headline: input.headline,
      codes: input.codes,
      ok: input.ok ?? false,
      claims: (toConvexSafe(input.claims ?? null) as Record<string, unknown> | null) ?? null,
      tokenHeader:
        (toConvexSafe(input.tokenHeader ?? null) as Record<string, unknown> | null) ?? null,
      clientId: input.clientId == null ? null : input.clientId.slice(0, 128),
      userAgent: (meta?.userAgent ?? input.userAgent ?? null)?.slice(0, 512) ?? null,
      clientTime:
        typeof input.clientTime === "number" && Number.isFinite(input.clientTime)
          ? input.clientTime
          : null,
    };
    // And on what is stored: the User-Agent header the server saw is the client's text too, and
    // only here are the deployment's secret values known.
    const storedSecret = findSecretLike(report, known);
    if (storedSecret) return refuse("secret_detected", secretRefusal(storedSecret));
    return await ctx.runMutation(this.component.reports.store, {
      report,
      clientKey,
      ...(ipKey === undefined ? {} : { ipKey }),
      version: VERSION,
      limits: this.limits,
    });
  }

  /** The caller's own recent reports (signed in: by identity; signed out: by `sessionId`). */
  async listReports(
    ctx: AuthorizeCtx & RunQueryCtx,
    args: { sessionId?: string; limit?: number } = {},
  ): Promise<ReportRow[]> {
    if (!this.reportsEnabled) return [];
    if (args.sessionId !== undefined && !SESSION_ID.test(args.sessionId)) return [];
    const key = await this.clientKey(ctx, args.sessionId, false);
    if (key === null) return [];
    return await ctx.runQuery(this.component.reports.list, {
      clientKey: key.clientKey,
      limit: args.limit,
    });
  }

  /** Deletes expired reports and those beyond `maxRows`; call it from a cron when reports are on. */
  async prune(ctx: RunMutationCtx): Promise<{ deleted: number; more: boolean }> {
    return await ctx.runMutation(this.component.reports.prune, { maxRows: this.limits.maxRows });
  }

  /**
   * The app's public functions. Re-export them from a file in `convex/` (the file name becomes
   * their path, e.g. `authDiagnostics:diagnoseAuth`).
   * - `diagnoseAuth` (query, `{ clientId? }`): the {@link ServerReport}.
   * - `verifyToken` (action, `{ token, transport? }`): the server's {@link TokenCheck} of a token.
   * - `reportDiagnosis` (mutation): stores a redacted client diagnosis when reports are enabled.
   * - `recentReports` (query, `{ sessionId?, limit? }`): the caller's own stored reports.
   */
  api() {
    return {
      diagnoseAuth: queryGeneric({
        args: { clientId: v.optional(v.string()) },
        returns: serverReportValidator,
        handler: async (ctx, args): Promise<ServerReport> => {
          await this.guard(ctx, "diagnoseAuth");
          return await this.serverReport(ctx, args);
        },
      }),
      verifyToken: actionGeneric({
        args: {
          token: v.string(),
          transport: v.optional(v.union(v.literal("websocket"), v.literal("http"))),
        },
        returns: tokenCheckValidator,
        handler: async (ctx, args): Promise<TokenCheck> => {
          await this.guard(ctx, "verifyToken");
          return await this.verify(args.token, { transport: args.transport });
        },
      }),
      reportDiagnosis: mutationGeneric({
        args: reportInputFields,
        returns: storeResultValidator,
        handler: async (ctx, args): Promise<StoreResult> => {
          await this.guard(ctx, "reportDiagnosis");
          return await this.storeReport(ctx, args);
        },
      }),
      recentReports: queryGeneric({
        args: { sessionId: v.optional(v.string()), limit: v.optional(v.number()) },
        returns: v.array(reportRowValidator),
        handler: async (ctx, args): Promise<ReportRow[]> => {
          await this.guard(ctx, "recentReports");
          return await this.listReports(ctx, args);
        },
      }),
    };
  }
}

async function requestMetadata(
  ctx: MaybeMeta,
): Promise<{ ip: string | null; userAgent: string | null } | null> {
  try {
    return typeof ctx.meta?.getRequestMetadata === "function"
      ? await ctx.meta.getRequestMetadata()
      : null;
  } catch {
    // Older Convex versions (and queries) have no request metadata.
    return null;
  }
}
