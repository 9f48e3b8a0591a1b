/**
 * A local server that speaks the part of the WorkOS User Management protocol that AuthKit
 * (`@workos-inc/authkit-js` 0.20) uses: hosted authorize with PKCE, the `authenticate` grants,
 * the JWKS and logout. It signs real RS256 tokens shaped like WorkOS access tokens, so the real
 * AuthKit SDK, the real Convex client and `checkToken` can run against it offline.
 *
 * Demo code, also driven by the e2e tests: it is not part of the published package.
 *
 * @example
 * const issuer = await startWorkosIssuer({ clientId: "client_01…" });
 * // <AuthKitProvider clientId={issuer.clientId} apiHostname="127.0.0.1" port={issuer.port} https={false}>
 * issuer.setScenario({ refreshFailure: { status: 400, error: "invalid_grant", error_description: "Session has already ended." } });
 * await issuer.close();
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

/** The real WorkOS API origin; tokens name it in `iss` unless the scenario says `issuerBase: "local"`. */
export const WORKOS_API_ORIGIN = "https://api.workos.com";

/** A WorkOS-style error body, as `POST /user_management/authenticate` returns it. */
export interface WorkosErrorBody {
  status: number;
  error: string;
  error_description: string;
}

/** A user as the WorkOS API returns it (snake_case). */
export interface WorkosUser {
  object: "user";
  id: string;
  email: string;
  email_verified: boolean;
  first_name: string | null;
  last_name: string | null;
  profile_picture_url: string | null;
  last_sign_in_at: string | null;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Everything a scenario can change. Every field has a default that models a healthy WorkOS environment. */
export interface IssuerScenario {
  /** The client ID this environment knows. Authorize, authenticate and JWKS only answer for it. */
  clientId: string;
  /** `user_management` (newer environments: `…/user_management/<clientId>`) or `legacy` (`…/`). */
  issuerVariant: "user_management" | "legacy";
  /** `workos`: `iss` names `https://api.workos.com` exactly like production; `local`: this server's own URL. */
  issuerBase: "workos" | "local";
  /** The `aud` claim; WorkOS sends none unless a JWT template adds one. */
  audience: string | string[] | null;
  /** Access token lifetime in seconds (WorkOS: 5 minutes). Negative values mint already-expired tokens. */
  tokenLifetimeSeconds: number;
  /** Added to this server's clock when it stamps `iat`/`exp` (a skewed issuer). */
  clockOffsetSeconds: number;
  /**
   * How tokens are signed: `published` (a key in the JWKS), `unpublished` (a key whose kid is
   * not in the JWKS), `rotated` (a new key, published in the JWKS next to the old one from the
   * moment of the rotation: key sets cached before it lack it), `es256` (an ES256 key that is in
   * the JWKS), or `no-kid` (the published key, header without `kid`).
   */
  signingKey: "published" | "unpublished" | "rotated" | "es256" | "no-kid";
  /** Redirect back with `?error=…&error_description=…` instead of a code. */
  callbackError: { error: string; error_description: string } | null;
  /** Redirect URIs this environment allows; `null` allows any. A mismatch gets WorkOS's error page. */
  allowedRedirectUris: string[] | null;
  /**
   * Origins allowed to call `POST /user_management/authenticate` from a browser (WorkOS's
   * "Configure CORS" list); `null` allows any. Other origins get answers without CORS headers,
   * so the browser blocks them. The JWKS and authorize stay open to every origin.
   */
  allowedOrigins: string[] | null;
  /** Fail the authorization_code grant with this error. */
  exchangeFailure: WorkosErrorBody | null;
  /** Fail the refresh_token grant with this error, after `refreshFailureAfter` successful refreshes. */
  refreshFailure: WorkosErrorBody | null;
  refreshFailureAfter: number;
  /** The signed-in user and session claims. */
  user: WorkosUser;
  organizationId: string | null;
  role: string | null;
  roles: string[];
  permissions: string[];
  featureFlags: string[];
  /** Extra claims merged into every access token (a JWT template); `undefined` values remove a claim. */
  extraClaims: Record<string, unknown>;
}

/** One request the issuer answered, for assertions. Never holds codes, verifiers or tokens. */
export interface IssuerRequestLog {
  method: string;
  path: string;
  grantType?: string;
  status: number;
}

/** A running issuer. */
export interface LocalWorkosIssuer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  hostname: string;
  /** The current scenario's client ID. */
  readonly clientId: string;
  /** The `iss` tokens carry under the current scenario. */
  readonly issuer: string;
  /** This server's JWKS URL for the current client. */
  readonly jwksUrl: string;
  /** The JWKS URL as production names it (`https://api.workos.com/sso/jwks/<clientId>`). */
  readonly workosJwksUrl: string;
  readonly scenario: Readonly<IssuerScenario>;
  /** Merges `patch` into the scenario (nested objects are replaced, not merged). */
  setScenario(patch: Partial<IssuerScenario>): void;
  /** Back to the scenario the server started with. */
  resetScenario(): void;
  /** Mints an access token for the scenario's user directly, without the browser flow. */
  mintAccessToken(overrides?: {
    sessionId?: string;
    claims?: Record<string, unknown>;
  }): Promise<string>;
  /** The JWKS document served for the current client. */
  jwks(): { keys: JWK[] };
  /** Answers requests addressed to `https://api.workos.com/…` as if this server were WorkOS (for fetch rerouting). */
  handleWorkosUrl(url: string, init?: RequestInit): Promise<Response>;
  readonly requests: IssuerRequestLog[];
  close(): Promise<void>;
}

export interface StartIssuerOptions extends Partial<IssuerScenario> {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  hostname?: string;
}

const DEFAULT_CLIENT_ID = "client_01JLOCALDEMO00000000000000";

function defaultUser(): WorkosUser {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    object: "user",
    id: "user_01JLOCALDEMOUSER0000000000",
    email: "ada@example.com",
    email_verified: true,
    first_name: "Ada",
    last_name: "Lovelace",
    profile_picture_url: null,
    last_sign_in_at: at,
    external_id: null,
    created_at: at,
    updated_at: at,
  };
}

/** The scenario of a healthy environment. */
export function defaultIssuerScenario(clientId = DEFAULT_CLIENT_ID): IssuerScenario {
  return {
    clientId,
    issuerVariant: "user_management",
    issuerBase: "workos",
    audience: null,
    tokenLifetimeSeconds: 300,
    clockOffsetSeconds: 0,
    signingKey: "published",
    callbackError: null,
    allowedRedirectUris: null,
    allowedOrigins: null,
    exchangeFailure: null,
    refreshFailure: null,
    refreshFailureAfter: 0,
    user: defaultUser(),
    organizationId: "org_01JLOCALDEMOORG00000000000",
    role: "member",
    roles: ["member"],
    permissions: ["posts:read"],
    featureFlags: [],
    extraClaims: {},
  };
}

interface SigningKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function makeSigningKey(kid: string, alg: "RS256" | "ES256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    kid,
    alg,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" },
  };
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresAt: number;
}

interface Session {
  id: string;
  clientId: string;
  organizationId: string | null;
  refreshes: number;
  ended: boolean;
}

const id = (prefix: string) =>
  `${prefix}_01J${randomBytes(12).toString("hex").toUpperCase().slice(0, 23)}`;
const base64url = (buf: Buffer) =>
  buf.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Starts the issuer on 127.0.0.1 (a free port unless `port` is given). */
export async function startWorkosIssuer(
  options: StartIssuerOptions = {},
): Promise<LocalWorkosIssuer> {
  const { port: wantedPort = 0, hostname = "127.0.0.1", ...scenarioPatch } = options;
  const initial: IssuerScenario = {
    ...defaultIssuerScenario(scenarioPatch.clientId),
    ...scenarioPatch,
  };
  let scenario: IssuerScenario = { ...initial };

  const [published, unpublished, rotated, es256] = await Promise.all([
    makeSigningKey("key_01JLOCALPUBLISHED000000000", "RS256"),
    makeSigningKey("key_01JLOCALROTATEDOUT00000000", "RS256"),
    makeSigningKey("key_01JLOCALROTATEDIN000000000", "RS256"),
    makeSigningKey("key_01JLOCALES256000000000000", "ES256"),
  ]);

  const codes = new Map<string, PendingCode>();
  const sessions = new Map<string, Session>();
  const refreshTokens = new Map<string, string>(); // refresh token -> session id
  const requests: IssuerRequestLog[] = [];
  let baseUrl = "";

  const issuerFor = (s: IssuerScenario) => {
    const origin = s.issuerBase === "workos" ? WORKOS_API_ORIGIN : baseUrl;
    return s.issuerVariant === "legacy" ? `${origin}/` : `${origin}/user_management/${s.clientId}`;
  };

  // A rotation publishes the new key next to the old one.
  const jwks = () => ({
    keys: [
      published.publicJwk,
      ...(scenario.signingKey === "rotated" ? [rotated.publicJwk] : []),
      es256.publicJwk,
    ],
  });

  async function mint(session: Session, extra: Record<string, unknown> = {}): Promise<string> {
    const s = scenario;
    const now = Math.floor(Date.now() / 1000) + s.clockOffsetSeconds;
    const payload: Record<string, unknown> = {
      iss: issuerFor(s),
      sub: s.user.id,
      sid: session.id,
      jti: id("jti").slice(4),
      org_id: session.organizationId ?? undefined,
      role: s.role ?? undefined,
      roles: s.roles,
      permissions: s.permissions,
      feature_flags: s.featureFlags,
      iat: now,
      exp: now + s.tokenLifetimeSeconds,
      ...(s.audience !== null ? { aud: s.audience } : {}),
      ...s.extraClaims,
      ...extra,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    const key =
      s.signingKey === "unpublished"
        ? unpublished
        : s.signingKey === "rotated"
          ? rotated
          : s.signingKey === "es256"
            ? es256
            : published;
    const header: { alg: string; typ: string; kid?: string } = {
      alg: key.alg,
      typ: "JWT",
      kid: key.kid,
    };
    if (s.signingKey === "no-kid") delete header.kid;
    return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
  }

  function newSession(clientId: string, organizationId: string | null): Session {
    const session: Session = {
      id: id("session"),
      clientId,
      organizationId,
      refreshes: 0,
      ended: false,
    };
    sessions.set(session.id, session);
    return session;
  }

  function issueRefreshToken(session: Session): string {
    const token = base64url(randomBytes(24));
    refreshTokens.set(token, session.id);
    return token;
  }

  async function authenticationResponse(session: Session) {
    return {
      user: scenario.user,
      organization_id: session.organizationId ?? undefined,
      access_token: await mint(session),
      refresh_token: issueRefreshToken(session),
      authentication_method: "Password",
    };
  }

  type Reply = {
    status: number;
    headers?: Record<string, string>;
    body?: string;
    grantType?: string;
  };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const workosError = (e: WorkosErrorBody): Reply =>
    json(e.status, { error: e.error, error_description: e.error_description });
  const html = (status: number, text: string): Reply => ({
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!doctype html><html><head><title>WorkOS (local)</title></head><body><h1>${text.replace(/[<>&]/g, "")}</h1></body></html>`,
  });

  function authorize(url: URL): Reply {
    const q = url.searchParams;
    const clientId = q.get("client_id");
    const redirectUri = q.get("redirect_uri");
    if (clientId !== scenario.clientId) return html(400, `Invalid client ID '${clientId ?? ""}'.`);
    if (!redirectUri) return html(400, "Missing redirect_uri.");
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return html(400, `Invalid redirect_uri '${redirectUri}'.`);
    }
    if (
      scenario.allowedRedirectUris !== null &&
      !scenario.allowedRedirectUris.includes(redirectUri)
    ) {
      return html(
        400,
        `Invalid redirect URI: '${redirectUri}' is not in this environment's list of redirect URIs.`,
      );
    }
    const state = q.get("state");
    if (scenario.callbackError) {
      redirect.searchParams.set("error", scenario.callbackError.error);
      redirect.searchParams.set("error_description", scenario.callbackError.error_description);
    } else {
      const method = q.get("code_challenge_method");
      if (q.get("code_challenge") && method !== "S256")
        return html(400, "Unsupported code_challenge_method.");
      const code = base64url(randomBytes(18));
      codes.set(code, {
        clientId,
        redirectUri,
        codeChallenge: q.get("code_challenge"),
        codeChallengeMethod: method,
        expiresAt: Date.now() + 10 * 60_000,
      });
      redirect.searchParams.set("code", code);
    }
    if (state) redirect.searchParams.set("state", state);
    return { status: 302, headers: { location: redirect.toString() } };
  }

  async function authenticate(body: Record<string, unknown>): Promise<Reply> {
    const grantType = typeof body.grant_type === "string" ? body.grant_type : undefined;
    const reply = (r: Reply) => ({ ...r, grantType });
    if (body.client_id !== scenario.clientId) {
      return reply(
        workosError({
          status: 400,
          error: "invalid_client",
          error_description: "Invalid client ID.",
        }),
      );
    }
    if (grantType === "authorization_code") {
      const code = typeof body.code === "string" ? body.code : "";
      const pending = codes.get(code);
      codes.delete(code);
      if (!pending || pending.expiresAt < Date.now() || pending.clientId !== body.client_id) {
        return reply(
          workosError({
            status: 400,
            error: "invalid_grant",
            error_description: `The code '${code.slice(0, 6)}…' has expired or is invalid.`,
          }),
        );
      }
      if (pending.codeChallenge !== null) {
        const verifier = typeof body.code_verifier === "string" ? body.code_verifier : "";
        const challenge = base64url(createHash("sha256").update(verifier).digest());
        if (challenge !== pending.codeChallenge) {
          return reply(
            workosError({
              status: 400,
              error: "invalid_grant",
              error_description:
                "The code_verifier does not match the code_challenge supplied in the authorization request.",
            }),
          );
        }
      }
      if (scenario.exchangeFailure) return reply(workosError(scenario.exchangeFailure));
      const session = newSession(pending.clientId, scenario.organizationId);
      return reply(json(200, await authenticationResponse(session)));
    }
    if (grantType === "refresh_token") {
      const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
      const sessionId = refreshTokens.get(token);
      const session = sessionId ? sessions.get(sessionId) : undefined;
      if (!session || session.ended) {
        return reply(
          workosError({
            status: 400,
            error: "invalid_grant",
            error_description: "Session has already ended.",
          }),
        );
      }
      if (scenario.refreshFailure && session.refreshes >= scenario.refreshFailureAfter) {
        return reply(workosError(scenario.refreshFailure));
      }
      // WorkOS rotates refresh tokens: the used one stops working.
      refreshTokens.delete(token);
      session.refreshes += 1;
      if (typeof body.organization_id === "string") session.organizationId = body.organization_id;
      return reply(json(200, await authenticationResponse(session)));
    }
    return reply(
      workosError({
        status: 400,
        error: "unsupported_grant_type",
        error_description: `Unsupported grant_type '${grantType ?? ""}'.`,
      }),
    );
  }

  function logout(url: URL): Reply {
    const session = sessions.get(url.searchParams.get("session_id") ?? "");
    if (session) session.ended = true;
    const returnTo = url.searchParams.get("return_to");
    return returnTo ? { status: 302, headers: { location: returnTo } } : html(200, "Signed out.");
  }

  /** Routes one request; `origin` is echoed for CORS like WorkOS does, when it is allowed. */
  async function route(
    method: string,
    url: URL,
    origin: string | null,
    readBody: () => Promise<string>,
  ): Promise<Reply> {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const allowed =
      path !== "/user_management/authenticate" ||
      scenario.allowedOrigins === null ||
      (origin !== null && scenario.allowedOrigins.includes(origin));
    const cors: Record<string, string> =
      origin && allowed
        ? {
            "access-control-allow-origin": origin,
            "access-control-allow-credentials": "true",
            vary: "Origin",
          }
        : {};
    const withCors = <R extends Reply>(r: R): R => ({
      ...r,
      headers: { ...cors, ...(r.headers ?? {}) },
    });
    if (method === "OPTIONS") {
      return withCors({
        status: 204,
        headers: {
          "access-control-allow-methods": "GET, POST, OPTIONS",
          "access-control-allow-headers": "Accept, Content-Type, Authorization",
          "access-control-max-age": "600",
        },
      });
    }
    if (method === "GET" && path === "/user_management/authorize") return withCors(authorize(url));
    if (method === "POST" && path === "/user_management/authenticate") {
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(await readBody());
        body =
          typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
      } catch {
        return withCors(
          workosError({
            status: 400,
            error: "invalid_request",
            error_description: "The request body is not valid JSON.",
          }),
        );
      }
      return withCors(await authenticate(body));
    }
    const jwksMatch = /^\/sso\/jwks\/([^/]+)$/.exec(path);
    if (method === "GET" && jwksMatch) {
      if (decodeURIComponent(jwksMatch[1]!) !== scenario.clientId)
        return withCors(json(404, { message: "Not Found" }));
      return withCors({
        status: 200,
        headers: { "content-type": "application/jwk-set+json", "cache-control": "no-store" },
        body: JSON.stringify(jwks()),
      });
    }
    if (method === "GET" && path === "/user_management/sessions/logout")
      return withCors(logout(url));
    if (method === "GET" && path === "/health") return json(200, { ok: true });
    return withCors(json(404, { message: "Not Found" }));
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", baseUrl);
    const readBody = () =>
      new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (c: Buffer) => {
          size += c.length;
          if (size > 64 * 1024) {
            reject(new Error("request body too large"));
            req.destroy();
          } else chunks.push(c);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
      });
    route(req.method ?? "GET", url, req.headers.origin ?? null, readBody)
      .catch((e: unknown) =>
        json(500, {
          error: "server_error",
          error_description: e instanceof Error ? e.message : String(e),
        }),
      )
      .then((reply) => {
        requests.push({
          method: req.method ?? "GET",
          path: url.pathname,
          status: reply.status,
          ...(reply.grantType ? { grantType: reply.grantType } : {}),
        });
        if (requests.length > 500) requests.shift();
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? "");
      });
  });
  // Keep-alive sockets from browsers must not hold close() open.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wantedPort, hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${hostname}:${port}`;

  return {
    url: baseUrl,
    port,
    hostname,
    get clientId() {
      return scenario.clientId;
    },
    get issuer() {
      return issuerFor(scenario);
    },
    get jwksUrl() {
      return `${baseUrl}/sso/jwks/${scenario.clientId}`;
    },
    get workosJwksUrl() {
      return `${WORKOS_API_ORIGIN}/sso/jwks/${scenario.clientId}`;
    },
    get scenario() {
      return scenario;
    },
    setScenario(patch) {
      scenario = { ...scenario, ...patch };
    },
    resetScenario() {
      scenario = { ...initial };
    },
    async mintAccessToken(overrides = {}) {
      const session = newSession(scenario.clientId, scenario.organizationId);
      if (overrides.sessionId) session.id = overrides.sessionId;
      return mint(session, overrides.claims);
    },
    jwks,
    async handleWorkosUrl(target, init) {
      const url = new URL(target);
      const method = (init?.method ?? "GET").toUpperCase();
      const body = typeof init?.body === "string" ? init.body : "";
      const reply = await route(
        method,
        new URL(url.pathname + url.search, baseUrl),
        null,
        async () => body,
      );
      requests.push({
        method,
        path: url.pathname,
        status: reply.status,
        ...(reply.grantType ? { grantType: reply.grantType } : {}),
      });
      return new Response(reply.status === 204 ? null : (reply.body ?? ""), {
        status: reply.status,
        headers: reply.headers ?? {},
      });
    },
    requests,
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
