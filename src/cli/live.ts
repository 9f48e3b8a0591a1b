/**
 * `--live`: checks the app against its WorkOS environment, with the `WORKOS_API_KEY` the app
 * already has. Requests (WorkOS API reference, https://workos.com/docs/reference/authkit):
 *
 * - `GET /user_management/redirect_uris` ("List redirect URIs") and `GET
 *   /user_management/cors_origins` ("List CORS origins"), `Authorization: Bearer <key>`, paged
 *   with `limit` / `after` (`{ data: [...], list_metadata: { before, after } }`).
 * - `POST /user_management/authenticate` with `grant_type: "refresh_token"`, the client ID, the
 *   key as `client_secret` and a made-up refresh token: WorkOS answers `invalid_grant` when the
 *   client ID and the key belong to one environment, `invalid_client` when they do not.
 * - Every JWKS (and OIDC discovery document) the evaluated auth config names, fetched with
 *   Convex's rules, to compare its `kid`s with a token's.
 *
 * The key only ever goes into the `Authorization` header and the authenticate body; no finding,
 * fact or error message holds it.
 */
import { decodeToken, finding, parseUrl } from "../core/index.js";
import type { Finding, ProviderSet } from "../core/index.js";
import { createDocumentCache, discover, getJwks } from "../core/fetcher.js";
import type { AuthKitConfig, AuthKitJson } from "./authKitConfig.js";
import { appClientIdVar, type CheckSection } from "./checks.js";
import type { DeploymentEnv } from "./deploymentEnv.js";
import type { ProjectInfo } from "./project.js";

/** The WorkOS API every `--live` request goes to. */
export const WORKOS_API_BASE = "https://api.workos.com";

/** What `--live` may fetch with: a WHATWG fetch (method, headers, body). */
export type LiveFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<Response>;

/** Everything the live checks need. */
export interface LiveInput {
  project: ProjectInfo;
  deployment: DeploymentEnv;
  /** The doctor's environment (for `WORKOS_API_KEY` and the redirect variables). */
  env: Record<string, string | undefined>;
  /** The providers of the evaluated auth config, normalised (`null` when unknown). */
  providerSet: ProviderSet | null;
  /** `${NAME}` markers still in the providers: their URLs are not fetched. */
  isMarker: (value: string) => boolean;
  authKit: AuthKitJson | null;
  /** `--prod`: compare with `authKit.prod` instead of `authKit.dev`. */
  prod: boolean;
  /** The token of `--token`, if any, and the code its check produced. */
  token: string | null;
  tokenCheckCode: string | null;
  fetch: LiveFetch;
  apiBase: string;
}

/** The API key `--live` uses and where it came from, or `null`. */
export function liveApiKey(
  project: ProjectInfo,
  deployment: DeploymentEnv,
  env: Record<string, string | undefined>,
): { key: string; source: string } | null {
  if (env.WORKOS_API_KEY) return { key: env.WORKOS_API_KEY, source: "the environment" };
  const local = project.localEnv.WORKOS_API_KEY;
  if (local && local.value !== "") return { key: local.value, source: `\`${local.file}\`` };
  if (deployment.known && deployment.vars.WORKOS_API_KEY)
    return { key: deployment.vars.WORKOS_API_KEY, source: "the deployment's env" };
  return null;
}

const REDIRECT_VARS = [
  "VITE_WORKOS_REDIRECT_URI",
  "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
  "WORKOS_REDIRECT_URI",
] as const;
const MAX_PAGES = 10;

type Listed<T> = { ok: true; items: T[] } | { ok: false; status: number | null; detail: string };

async function listAll<T>(
  input: LiveInput,
  key: string,
  path: string,
  pick: (item: Record<string, unknown>) => T | null,
): Promise<Listed<T>> {
  const items: T[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(path, input.apiBase);
    url.searchParams.set("limit", "100");
    if (after) url.searchParams.set("after", after);
    let response: Response;
    try {
      response = await input.fetch(url.href, {
        headers: { authorization: `Bearer ${key}`, accept: "application/json" },
      });
    } catch (e) {
      return { ok: false, status: null, detail: e instanceof Error ? e.message : String(e) };
    }
    const text = await response.text().catch(() => "");
    if (response.status !== 200)
      return { ok: false, status: response.status, detail: `HTTP ${response.status}` };
    let body: { data?: unknown; list_metadata?: { after?: unknown } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { ok: false, status: 200, detail: "the answer is not JSON" };
    }
    if (!Array.isArray(body.data))
      return { ok: false, status: 200, detail: "the answer has no `data` list" };
    for (const item of body.data) {
      if (item === null || typeof item !== "object") continue;
      const picked = pick(item as Record<string, unknown>);
      if (picked !== null) items.push(picked);
    }
    const next = body.list_metadata?.after;
    if (typeof next !== "string" || next === "") break;
    after = next;
  }
  return { ok: true, items };
}

type Probe = "same-environment" | "other-environment" | "key-rejected" | "unknown";

/** Asks WorkOS whether `clientId` and the key belong to one environment (see the file comment). */
async function probeClient(input: LiveInput, key: string, clientId: string): Promise<Probe> {
  let response: Response;
  try {
    response = await input.fetch(new URL("/user_management/authenticate", input.apiBase).href, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        client_id: clientId,
        client_secret: key,
        grant_type: "refresh_token",
        refresh_token: "convex-authkit-doctor-probe",
      }),
    });
  } catch {
    return "unknown";
  }
  const body = (await response.json().catch(() => null)) as {
    error?: unknown;
    code?: unknown;
  } | null;
  const error =
    typeof body?.error === "string"
      ? body.error
      : typeof body?.code === "string"
        ? body.code
        : null;
  if (error === "invalid_client" || error === "unauthorized_client") return "other-environment";
  if (response.status === 401) return "key-rejected";
  if (error === "invalid_grant" || response.ok) return "same-environment";
  return "unknown";
}

/** Whether `uri` is allowed by a registered redirect URI (exact, or a `*` wildcard in the host). */
export function redirectAllowed(uri: string, registered: string): boolean {
  if (uri === registered) return true;
  if (!registered.includes("*")) return false;
  const pattern = registered
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^./:]*");
  return new RegExp(`^${pattern}$`).test(uri);
}

/** Which parts of `a` differ from `b`: scheme, host, port, path (and query). */
export function urlDifferences(a: string, b: string): string[] {
  const x = parseUrl(a);
  const y = parseUrl(b.replace(/\*/g, "wildcard"));
  if (!x || !y) return ["the whole URL"];
  const port = (u: URL) => u.port || (u.protocol === "https:" ? "443" : "80");
  const out: string[] = [];
  if (x.protocol !== y.protocol) out.push("scheme");
  if (x.hostname !== y.hostname) out.push("host");
  if (port(x) !== port(y)) out.push("port");
  if (x.pathname !== y.pathname) out.push("path");
  if (x.search !== y.search) out.push("query");
  return out;
}

function closest(
  uri: string,
  registered: readonly string[],
): { uri: string; differs: string[] } | null {
  let best: { uri: string; differs: string[] } | null = null;
  for (const r of registered) {
    const differs = urlDifferences(uri, r);
    if (best === null || differs.length < best.differs.length) best = { uri: r, differs };
  }
  return best;
}

const strip = (v: string) => v.replace(/\/+$/, "");

/** Resolves an `authKit` template with what is known here, or `null` (nothing is guessed). */
function resolveLiteral(template: string): string | null {
  return template.includes("${") ? null : template;
}

/**
 * Runs the live checks. Never throws: what cannot be checked becomes a fact or
 * `WORKOS_LIVE_UNAVAILABLE`.
 */
export async function liveSection(input: LiveInput): Promise<CheckSection> {
  const s: CheckSection = {
    id: "workos-live",
    title: "WorkOS environment (live)",
    findings: [],
    facts: [],
  };
  const { project } = input;
  const key = liveApiKey(project, input.deployment, input.env);
  const localValue = (name: string) => {
    const v = input.env[name] || project.localEnv[name]?.value;
    return v ? v : null;
  };

  // ── JWKS and discovery documents of the auth config (no key needed) ────────────────
  await jwksChecks(input, s);

  if (key === null) {
    s.findings.push(
      finding("WORKOS_LIVE_UNAVAILABLE", {
        reason:
          "no `WORKOS_API_KEY` was found in the environment, in `.env.local` or on the deployment",
      }),
    );
    return s;
  }
  s.facts.push(`API key from ${key.source}; WorkOS API at ${input.apiBase}`);

  // ── the client ID belongs to the key's environment ─────────────────────────────────
  const appVar = appClientIdVar(project);
  const clientIds = new Map<string, string>();
  const appClientId = localValue(appVar);
  if (appClientId) clientIds.set(appClientId, `\`${appVar}\``);
  const depClientId = input.deployment.known ? input.deployment.vars.WORKOS_CLIENT_ID : undefined;
  if (depClientId && !clientIds.has(depClientId))
    clientIds.set(depClientId, "the deployment's `WORKOS_CLIENT_ID`");
  for (const [clientId, where] of clientIds) {
    const probe = await probeClient(input, key.key, clientId);
    if (probe === "key-rejected") {
      s.findings.push(
        finding("WORKOS_LIVE_UNAVAILABLE", {
          reason: `WorkOS rejected the API key from ${key.source} (HTTP 401)`,
        }),
      );
      return s;
    }
    if (probe === "other-environment")
      s.findings.push(
        finding("WORKOS_CLIENT_ID_FOREIGN", { clientId, where, keySource: key.source }),
      );
    else if (probe === "same-environment")
      s.facts.push(`\`${clientId}\` (${where}) belongs to the API key's environment`);
    else
      s.facts.push(`could not tell whether \`${clientId}\` belongs to the API key's environment`);
  }

  // ── redirect URIs ──────────────────────────────────────────────────────────────────
  const redirects = await listAll(input, key.key, "/user_management/redirect_uris", (item) =>
    typeof item.uri === "string" ? item.uri : null,
  );
  const configure = authKitConfigure(input);
  if (!redirects.ok) {
    if (redirects.status === 401) {
      s.findings.push(
        finding("WORKOS_LIVE_UNAVAILABLE", {
          reason: `WorkOS rejected the API key from ${key.source} (HTTP 401)`,
        }),
      );
      return s;
    }
    s.facts.push(`could not list the redirect URIs: ${redirects.detail}`);
  } else {
    const registered = redirects.items;
    s.facts.push(
      `WorkOS redirect URIs: ${registered.length ? registered.map((u) => `\`${u}\``).join(", ") : "none"}`,
    );
    for (const name of REDIRECT_VARS) {
      const value = localValue(name);
      if (value === null) continue;
      if (registered.some((r) => redirectAllowed(value, r))) continue;
      const near = closest(value, registered);
      s.findings.push(
        finding("WORKOS_REDIRECT_URI_NOT_REGISTERED", {
          name,
          value,
          registered: registered.slice(0, 10),
          closest: near?.uri ?? null,
          differs: near?.differs ?? [],
        }),
      );
    }
    for (const template of configure?.redirectUris ?? []) {
      const value = resolveLiteral(template);
      if (value !== null && !registered.some((r) => redirectAllowed(value, r)))
        s.findings.push(
          finding("WORKOS_CONFIG_NOT_APPLIED", {
            deployment: input.prod ? "prod" : "dev",
            field: "configure.redirectUris",
            value,
          }),
        );
    }
  }

  // ── CORS origins ───────────────────────────────────────────────────────────────────
  const origins = await listAll(input, key.key, "/user_management/cors_origins", (item) =>
    typeof item.origin === "string" ? item.origin : null,
  );
  if (!origins.ok) s.facts.push(`could not list the CORS origins: ${origins.detail}`);
  else {
    const allowed = origins.items.map(strip);
    s.facts.push(
      `WorkOS CORS origins: ${allowed.length ? allowed.map((o) => `\`${o}\``).join(", ") : "none"}`,
    );
    // AuthKit for React calls WorkOS from the page; the Next.js SDK calls it from the server.
    const browserFlow = project.kind === "vite" || localValue("VITE_WORKOS_CLIENT_ID") !== null;
    const redirect = localValue("VITE_WORKOS_REDIRECT_URI");
    const origin =
      parseUrl(redirect)?.origin ??
      (project.devPort ? `http://localhost:${project.devPort.port}` : null);
    if (browserFlow && origin && origin !== "null" && !allowed.includes(origin))
      s.findings.push(finding("WORKOS_CORS_ORIGIN_NOT_ALLOWED", { origin, allowed }));
    for (const template of configure?.corsOrigins ?? []) {
      const value = resolveLiteral(template);
      if (value !== null && !allowed.includes(strip(value)))
        s.findings.push(
          finding("WORKOS_CONFIG_NOT_APPLIED", {
            deployment: input.prod ? "prod" : "dev",
            field: "configure.corsOrigins",
            value,
          }),
        );
    }
  }
  return s;
}

function authKitConfigure(input: LiveInput) {
  const authKit = input.authKit?.authKit as AuthKitConfig | undefined;
  const env = authKit?.[input.prod ? "prod" : "dev"];
  return env?.configure || null;
}

/** Fetches every JWKS / discovery document the config names and compares `kid`s with the token's. */
async function jwksChecks(input: LiveInput, s: CheckSection): Promise<void> {
  const providers = input.providerSet?.convexOrder ?? [];
  if (providers.length === 0) {
    s.facts.push("no providers with known values: no JWKS to fetch");
    return;
  }
  const cache = createDocumentCache();
  const now = Date.now();
  const fetchFn = (url: string, init?: { headers?: Record<string, string> }) =>
    input.fetch(url, init);
  const served = new Map<string, string[]>();
  const findings: Finding[] = [];
  for (const p of providers) {
    if (p.kind === "customJwt" && p.jwks && !input.isMarker(p.jwks)) {
      if (served.has(p.jwks)) continue;
      const loaded = await getJwks(p.jwks, fetchFn, cache, now);
      if (!loaded.ok) {
        served.set(p.jwks, []);
        const detail = "failure" in loaded ? loaded.failure.message : loaded.limit.detail;
        findings.push(finding("JWKS_UNAVAILABLE", { jwks: p.jwks, detail }));
        continue;
      }
      served.set(p.jwks, kidsOf(loaded.keys));
    } else if (p.kind === "oidc" && p.issuer && !input.isMarker(p.issuer)) {
      const key = `${p.issuer} (discovery)`;
      if (served.has(key)) continue;
      const found = await discover(p.issuer, fetchFn, cache, now);
      if (!found.ok) {
        served.set(key, []);
        findings.push(finding("OIDC_DISCOVERY_FAILED", { url: p.issuer, detail: found.detail }));
        continue;
      }
      served.set(key, kidsOf(found.keys));
    }
  }
  for (const [url, kids] of served)
    if (kids.length > 0)
      s.facts.push(`\`${url}\` serves ${kids.map((k) => `\`${k}\``).join(", ")}`);
  s.findings.push(...findings);

  if (input.token === null) return;
  const decoded = decodeToken(input.token);
  const kid = decoded.ok ? decoded.token.header?.kid : undefined;
  if (typeof kid !== "string") return;
  const holders = [...served].filter(([, kids]) => kids.includes(kid)).map(([url]) => url);
  if (holders.length > 0) {
    s.facts.push(
      `the token's key \`${kid}\` is served by ${holders.map((u) => `\`${u}\``).join(", ")}`,
    );
    return;
  }
  // checkToken's KEY_NOT_FOUND already says this for the provider Convex picks.
  if (input.tokenCheckCode === "KEY_NOT_FOUND") return;
  const reachable = [...served].filter(([, kids]) => kids.length > 0);
  if (reachable.length === 0) return;
  s.findings.push(
    finding("WORKOS_JWKS_KID_NOT_SERVED", {
      kid,
      jwks: reachable.map(([url]) => url),
      kids: [...new Set(reachable.flatMap(([, kids]) => kids))],
    }),
  );
}

/** The `kid`s of the keys Convex's reading of a key set kept. */
function kidsOf(keys: ReadonlyArray<{ kid: string | null }>): string[] {
  return keys.map((k) => k.kid).filter((k): k is string => k !== null);
}
